// Builds what the published package ships (run by `npm pack` / `npm publish` as `prepack`):
//   dist/src, dist/bindings, dist/examples  compiled ESM JavaScript and .d.ts (tsconfig.build.json)
//   dist/build/kamera-core[.debug].wasm     the WebAssembly core, where bindings/wasmModule.js finds it
//   dist/build/web                          the browser inspector, prebuilt for `kamera serve`
//   dist/package.json                       the version the CLI and dump headers print
// The layout under dist/ mirrors the repository's, so every `new URL("../build/...", import.meta.url)`
// resolves the same way from sources and from the package. Nothing here touches build/ other than
// rebuilding a stale core, so tests reading build/ can run while a package is built.
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { buildWasmIfStale } from "./buildWasmIfStale.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(root, "dist");

function step(what) {
  process.stderr.write(`kamera package: ${what}\n`);
}

function run(command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: ["ignore", 2, 2] });
  if (result.error || result.status !== 0) {
    throw new Error(`${command} ${args.join(" ")} failed (${result.error ? result.error.message : `exit status ${result.status}`})`);
  }
}

try {
  buildWasmIfStale({ root, log: step });
  rmSync(dist, { recursive: true, force: true });

  step("compiling TypeScript to dist/ (tsconfig.build.json)");
  run(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"]);

  step("copying the WebAssembly core to dist/build/");
  mkdirSync(join(dist, "build"), { recursive: true });
  for (const file of ["kamera-core.wasm", "kamera-core.debug.wasm"]) copyFileSync(join(root, "build", file), join(dist, "build", file));

  // tsc copied the whole package.json (imported for its version); the nested copy's `exports`
  // and scripts would point at the wrong places, so only what the code reads stays.
  const { name, version } = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
  writeFileSync(join(dist, "package.json"), JSON.stringify({ name, version, type: "module", private: true }, null, 2) + "\n");

  step("building the browser inspector into dist/build/web (vite.config.ts)");
  const { build } = await import("vite");
  await build({ configFile: join(root, "vite.config.ts"), logLevel: "warn", build: { outDir: join(dist, "build", "web") } });
} catch (e) {
  process.stderr.write(`kamera package: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
}
