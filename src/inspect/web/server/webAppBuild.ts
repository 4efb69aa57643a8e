import { readdir, stat } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { KameraError } from "../../../kameraError.ts";

/** The repository root (this file is src/inspect/web/server/webAppBuild.ts). */
const ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

/** Where `npm run build:web` (vite.config.ts) puts the built browser inspector. */
export const WEB_APP_DIR = fileURLToPath(new URL("../../../../build/web/", import.meta.url));

/** What the page is built from: a change in any of them makes a build stale. */
const SOURCES = ["src", "bindings", "examples", "vite.config.ts", "package.json", "build/kamera-core.wasm"];

/** Options of `ensureWebApp`. */
export interface EnsureWebAppOptions {
  /** Build even when an up-to-date build exists. */
  rebuild?: boolean;
  /** Told before a build starts (it takes several seconds). */
  onBuild?: (message: string) => void;
}

/** Newest modification time (ms) of a file or of the files under a folder; 0 when it does not exist. */
async function newest(path: string): Promise<number> {
  const info = await stat(path).catch(() => undefined);
  if (!info) return 0;
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (entry.name === "node_modules" || entry.name.startsWith(".")) continue;
    latest = Math.max(latest, await newest(join(path, entry.name)));
  }
  return latest;
}

/**
 * Whether the build in `appDir` is missing or older than any of `sources` (paths relative to
 * `root`). Walking the sources' modification times takes milliseconds; a build takes seconds.
 *
 * @example
 * ```ts
 * if (await isWebAppStale(WEB_APP_DIR)) await build(...);
 * ```
 */
export async function isWebAppStale(appDir: string, root = ROOT, sources: readonly string[] = SOURCES): Promise<boolean> {
  const built = (await stat(join(appDir, "index.html")).catch(() => undefined))?.mtimeMs;
  if (built === undefined) return true;
  for (const source of sources) if ((await newest(join(root, source))) > built) return true;
  return false;
}

/**
 * Makes sure the browser inspector is built from the current sources and returns its directory.
 * The app is build output (like the Wasm core): `kamera serve` builds it on first use and after
 * the sources change, so a fresh clone needs only `npm ci`.
 *
 * @example
 * ```ts
 * const dir = await ensureWebApp({ onBuild: (m) => process.stderr.write(m + "\n") });
 * ```
 */
export async function ensureWebApp(opts: EnsureWebAppOptions = {}): Promise<string> {
  if ((await stat(join(ROOT, "vite.config.ts")).catch(() => undefined)) === undefined) {
    // An installed package: it ships the app prebuilt (npm pack builds it) and has no sources.
    if ((await stat(join(WEB_APP_DIR, "index.html")).catch(() => undefined)) !== undefined) return WEB_APP_DIR;
    throw new KameraError(`this kamera package has no browser inspector (${WEB_APP_DIR}index.html is missing): reinstall it`);
  }
  if (!opts.rebuild && !(await isWebAppStale(WEB_APP_DIR))) return WEB_APP_DIR;
  if ((await stat(join(ROOT, "build", "kamera-core.wasm")).catch(() => undefined)) === undefined) {
    throw new KameraError("the Wasm core is not built, and the browser inspector ships it: run npm run build:wasm (or npm run build:web)");
  }
  opts.onBuild?.("building the browser inspector (npm run build:web)...");
  const { build } = await import("vite");
  try {
    // Silent: Vite's warnings (chunk sizes, URLs resolved at run time) are about kamera's own build,
    // nothing a user of `kamera serve` can act on; a failed build still throws with its message.
    await build({ configFile: join(ROOT, "vite.config.ts"), logLevel: "silent" });
  } catch (e) {
    throw Object.assign(new KameraError(`building the browser inspector failed: ${e instanceof Error ? e.message : String(e)}`), { cause: e });
  }
  if ((await stat(join(WEB_APP_DIR, "index.html")).catch(() => undefined)) === undefined) {
    throw new KameraError(`building the browser inspector left no ${WEB_APP_DIR}index.html`);
  }
  return WEB_APP_DIR;
}
