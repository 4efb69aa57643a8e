// Builds the WebAssembly core (`npm run build:wasm`) only when it is missing or older than its
// sources. A build takes 7–20 s; comparing modification times takes milliseconds, so `npm start`,
// `npm test` and `npm run bench` call this instead of always rebuilding.
//
// Usage: node scripts/buildWasmIfStale.mjs            (from the repository root or anywhere)
//        import { buildWasmIfStale } from "./scripts/buildWasmIfStale.mjs"
import { spawnSync } from "node:child_process";
import { readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");

/** What the core is built from: a change in any of them makes the build stale. */
const SOURCES = ["assembly", "asconfig.json", "node_modules/assemblyscript/package.json"];

/** What `npm run build:wasm` writes (asconfig.json's release and debug targets). */
const OUTPUTS = ["build/kamera-core.wasm", "build/kamera-core.debug.wasm"];

/** Newest modification time (ms) of a file or of the files under a folder; 0 when it does not exist. */
function newest(path) {
  let info;
  try {
    info = statSync(path);
  } catch {
    return 0;
  }
  if (!info.isDirectory()) return info.mtimeMs;
  let latest = info.mtimeMs;
  for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** Oldest modification time (ms) of the outputs; undefined when any is missing. */
function oldestOutput(root) {
  let oldest = Infinity;
  for (const output of OUTPUTS) {
    try {
      oldest = Math.min(oldest, statSync(join(root, output)).mtimeMs);
    } catch {
      return undefined;
    }
  }
  return oldest;
}

/** Why the core needs building, or undefined when it is up to date. */
export function wasmStaleness(root = ROOT) {
  const built = oldestOutput(root);
  if (built === undefined) return "not built yet";
  const changed = SOURCES.find((source) => newest(join(root, source)) > built);
  return changed === undefined ? undefined : `${changed} changed since the last build`;
}

/**
 * Runs `npm run build:wasm` when the core is stale. The build's output goes to stderr: stdout may
 * be a --json summary that a script reads. Returns whether it built; throws when the build fails.
 */
export function buildWasmIfStale({ root = ROOT, log = (line) => process.stderr.write(line + "\n") } = {}) {
  const why = wasmStaleness(root);
  if (why === undefined) return false;
  log(`kamera: building the WebAssembly core (${why})...`);
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const build = spawnSync(npm, ["run", "--silent", "build:wasm"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (build.error || build.status !== 0) {
    const reason = build.error ? build.error.message : `exit status ${build.status}`;
    throw new Error(`building the WebAssembly core failed (${reason}); run \`npm run build:wasm\` in ${root} for details`);
  }
  return true;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    buildWasmIfStale();
  } catch (e) {
    process.stderr.write(`kamera: ${e.message}\n`);
    process.exit(1);
  }
}
