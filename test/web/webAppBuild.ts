import { mkdtemp } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * Builds the browser inspector from the current sources into a fresh directory, as
 * `npm run build:web` does, so browser tests never run against a stale build.
 */
export async function buildWebAppForTest(): Promise<string> {
  const outDir = await mkdtemp(join(tmpdir(), "kamera-web-"));
  const { build } = await import("vite");
  await build({
    configFile: fileURLToPath(new URL("../../vite.config.ts", import.meta.url)),
    logLevel: "error",
    build: { outDir, emptyOutDir: true },
  });
  return outDir;
}
