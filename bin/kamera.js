#!/usr/bin/env node
// The `kamera` executable. Installed from the package, it runs the compiled JavaScript in dist/
// (built by `npm pack`: scripts/buildPackage.mjs), with nothing between Node and kamera's code; a
// scenario written in TypeScript gets tsx's loader when it is loaded (src/cli/scenarioModule.ts).
// In a clone of the repository, where src/ is present, it first builds the WebAssembly core if it
// is missing or older than assembly/. Then it runs a compiled copy of the CLI's sources, made
// with esbuild and reused while they are unchanged (scripts/compiledCli.mjs): loading the
// sources through tsx's hooks took about a second before any command ran. A command that names
// a scenario module, exports tests or serves as a NATS worker runs the TypeScript sources through
// tsx instead, so that the scenario's module and the CLI share kamera's modules (with the project's tsconfig, which the terminal
// inspector's JSX needs whatever the working directory).
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
  const { registerScenarioModule } = await import(pathToFileURL(join(code, "src", `scenarioRegistry.${ext}`)).href);
  // By URL, so that an isolated run's worker thread can load the examples too.
  registerScenarioModule(pathToFileURL(join(code, "examples", `index.${ext}`)).href);
  return (await import(pathToFileURL(join(code, "src", "cli", `main.${ext}`)).href)).main;
}

// The compiled copy's modules, registering the examples by their sources' URL: threads map that to their own copy.
async function startCompiled(copy) {
  process.setSourceMapsEnabled(true);
  const { registerScenarioLoader } = await import(copy.registry);
  registerScenarioLoader(() => import(copy.examples), pathToFileURL(join(root, "examples", "index.ts")).href);
  return (await import(copy.main)).main;
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
  const cli = await import(pathToFileURL(join(root, "scripts", "compiledCli.mjs")).href);
  const copy = cli.needsSources(process.argv.slice(2)) ? undefined : (cli.freshCompiledCli(root) ?? (await cli.buildCompiledCli(root)));
  if (copy !== undefined) main = await startCompiled(copy);
  else {
    const { register } = await import("tsx/esm/api");
    register({ tsconfig: join(root, "tsconfig.json") });
    main = await start(root, "ts");
  }
} else {
  main = await start(join(root, "dist"), "js");
}
await main(process.argv.slice(2));
