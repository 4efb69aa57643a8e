#!/usr/bin/env node
// The `kamera` executable. kamera ships its TypeScript sources, not compiled JavaScript, so this
// launcher makes sure the WebAssembly core is built, registers tsx's loader (with the project's
// tsconfig, which the terminal inspector's JSX needs whatever the working directory), and hands
// over to src/cli/main.ts with the bundled examples registered.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`kamera needs Node 20.19 or newer; this is Node ${process.versions.node}\n`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

if (!existsSync(join(root, "build", "kamera-core.wasm"))) {
  process.stderr.write("kamera: building the WebAssembly core (npm run build:wasm), once...\n");
  // The build's own output goes to stderr: stdout may be a --json summary that a script reads.
  const npm = process.platform === "win32" ? "npm.cmd" : "npm";
  const build = spawnSync(npm, ["run", "--silent", "build:wasm"], { cwd: root, stdio: ["ignore", 2, 2] });
  if (build.error || build.status !== 0) {
    const why = build.error ? build.error.message : `exit status ${build.status}`;
    process.stderr.write(`kamera: building the WebAssembly core failed (${why}); run \`npm run build:wasm\` in ${root} for details\n`);
    process.exit(1);
  }
}

const { register } = await import("tsx/esm/api");
register({ tsconfig: join(root, "tsconfig.json") });
// The bundled examples are part of the executable, not of kamera's modules: registered here and
// loaded only when a command needs them.
const { registerScenarioLoader } = await import(pathToFileURL(join(root, "src", "scenarioRegistry.ts")).href);
registerScenarioLoader(() => import(pathToFileURL(join(root, "examples", "index.ts")).href));
const { main } = await import(pathToFileURL(join(root, "src", "cli", "main.ts")).href);
await main(process.argv.slice(2));
