#!/usr/bin/env node
// The `kamera` executable. Installed from the package, it runs the compiled JavaScript in dist/
// (built by `npm pack`: scripts/buildPackage.mjs), with nothing between Node and kamera's code; a
// scenario written in TypeScript gets tsx's loader when it is loaded (src/cli/scenarioModule.ts).
// In a clone of the repository, where src/ is present, it runs the TypeScript sources through tsx
// (with the project's tsconfig, which the terminal inspector's JSX needs whatever the working
// directory), after building the WebAssembly core if it is missing or older than assembly/.
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) {
  process.stderr.write(`kamera needs Node 20.19 or newer; this is Node ${process.versions.node}\n`);
  process.exit(1);
}

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const sources = join(root, "src", "cli", "main.ts");

// The bundled examples are part of the executable, not of kamera's modules: registered here and
// loaded only when a command needs them (from the sources in a clone, compiled in the package).
async function start(code, ext) {
  const { registerScenarioLoader } = await import(pathToFileURL(join(code, "src", `scenarioRegistry.${ext}`)).href);
  const examples = pathToFileURL(join(code, "examples", `index.${ext}`)).href;
  registerScenarioLoader(() => import(examples), examples);
  return (await import(pathToFileURL(join(code, "src", "cli", `main.${ext}`)).href)).main;
}

let main;
if (existsSync(sources)) {
  const { buildWasmIfStale } = await import(pathToFileURL(join(root, "scripts", "buildWasmIfStale.mjs")).href);
  try {
    buildWasmIfStale({ root });
  } catch (e) {
    process.stderr.write(`kamera: ${e.message}\n`);
    process.exit(1);
  }
  const { register } = await import("tsx/esm/api");
  register({ tsconfig: join(root, "tsconfig.json") });
  main = await start(root, "ts");
} else {
  main = await start(join(root, "dist"), "js");
}
await main(process.argv.slice(2));
