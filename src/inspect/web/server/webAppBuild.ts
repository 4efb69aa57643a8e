import { stat } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { KameraError } from "../../../kameraError.ts";

/** The repository root (this file is src/inspect/web/server/webAppBuild.ts). */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Where `npm run build:web` (vite.config.ts) puts the built browser inspector. */
export const WEB_APP_DIR = fileURLToPath(new URL("../../../../build/web/", import.meta.url));

/** Options of `ensureWebApp`. */
export interface EnsureWebAppOptions {
  /** Build even when a build exists (after changing the app's sources). */
  rebuild?: boolean;
  /** Told before a build starts (it takes several seconds). */
  onBuild?: (message: string) => void;
}

async function isFile(path: string): Promise<boolean> {
  return (await stat(path).catch(() => undefined))?.isFile() ?? false;
}

/**
 * Makes sure the browser inspector is built and returns its directory. The app is build output
 * (like the Wasm core): `kamera serve` builds it on first use, so a fresh clone needs only `npm ci`.
 *
 * @example
 * ```ts
 * const dir = await ensureWebApp({ onBuild: (m) => process.stderr.write(m + "\n") });
 * ```
 */
export async function ensureWebApp(opts: EnsureWebAppOptions = {}): Promise<string> {
  const index = `${WEB_APP_DIR}index.html`;
  if (!opts.rebuild && (await isFile(index))) return WEB_APP_DIR;
  opts.onBuild?.("building the browser inspector (npm run build:web), once...");
  const { build } = await import("vite");
  try {
    await build({ configFile: `${ROOT}vite.config.ts`, logLevel: "warn" });
  } catch (e) {
    throw Object.assign(new KameraError(`building the browser inspector failed: ${e instanceof Error ? e.message : String(e)}`), { cause: e });
  }
  if (!(await isFile(index))) throw new KameraError(`building the browser inspector left no ${index}`);
  return WEB_APP_DIR;
}
