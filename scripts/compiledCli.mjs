// The command line's own compiled copy, for bin/kamera.js in a clone of the repository.
//
// From the TypeScript sources every module of the CLI goes through tsx's loader hooks, one round
// trip to the loader's thread per module: about a CPU-second before any command runs. Worker
// threads already avoid that with a compiled copy of their modules (src/parallel/threadModule.ts,
// esbuild, cached under build/threads/ by content). The launcher uses the same copy for the CLI:
// the entry (src/cli/main.ts), the scenario registry and the bundled examples, compiled together
// so that they share one instance of each of kamera's modules.
//
// build/threads/cli.json points at the copy, with the content hash of every source compiled into
// it. The launcher checks those hashes itself (plain JavaScript, no loader) and imports the copy
// when they all hold; otherwise it loads threadModule.ts through tsx, which compiles the copy (or
// reuses one it has), and writes the pointer again.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { isAbsolute, join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

/** What the compiled CLI is made of, relative to the repository's root. */
const ENTRY = "src/cli/main.ts";
const REGISTRY = "src/scenarioRegistry.ts";
const EXAMPLES = "examples/index.ts";

/** Arguments naming a module: a scenario module given by path is imported by the CLI. */
const MODULE_FILE = /\.(c|m)?(t|j)sx?$/;

/**
 * Whether a command must run from the sources under tsx rather than from the compiled copy: it
 * imports TypeScript of its own choosing, which must share kamera's module instances with the
 * CLI (a scenario module's ExplorerBuilder must be the CLI's). That is a scenario module given by
 * path (`explore ./scenario.ts`, `strategies a.ts b.ts`, `replay ./s.ts`); `--export-tests`,
 * which imports the module defining the scenario to check that a test can; and `kamera worker`,
 * which loads whatever scenario module the runs it is sent name (its start-up matters little).
 */
export function needsSources(argv, cwd = process.cwd()) {
  if (argv.find((arg) => !arg.startsWith("-")) === "worker") return true;
  for (const arg of argv) {
    if (arg === "--export-tests" || arg.startsWith("--export-tests=")) return true;
    if (arg.startsWith("-") || !MODULE_FILE.test(arg)) continue;
    if (existsSync(isAbsolute(arg) ? arg : resolve(cwd, arg))) return true;
  }
  return false;
}

function pointerFile(root) {
  return join(root, "build", "threads", "cli.json");
}

function sha(data) {
  return createHash("sha256").update(data).digest("hex");
}

/**
 * The copy's module URLs ({ main, registry, examples }) when build/threads/cli.json names a copy
 * that exists and every source it was compiled from is unchanged; undefined otherwise.
 */
export function freshCompiledCli(root) {
  let pointer;
  try {
    pointer = JSON.parse(readFileSync(pointerFile(root), "utf8"));
  } catch {
    return undefined;
  }
  const { modules, inputs } = pointer ?? {};
  if (typeof modules !== "object" || modules === null || typeof inputs !== "object" || inputs === null) return undefined;
  for (const key of ["main", "registry", "examples"]) {
    if (typeof modules[key] !== "string" || !existsSync(join(root, modules[key]))) return undefined;
  }
  for (const [input, hash] of Object.entries(inputs)) {
    let text;
    try {
      text = readFileSync(join(root, input));
    } catch {
      return undefined;
    }
    if (sha(text) !== hash) return undefined;
  }
  return copyUrls(root, modules);
}

/** The copy's module URLs from the pointer's paths (relative to the root). */
function copyUrls(root, modules) {
  const url = (path) => pathToFileURL(join(root, path)).href;
  return { main: url(modules.main), registry: url(modules.registry), examples: url(modules.examples) };
}

/**
 * Writes the pointer to `copy` (what threadModule answered for the entry, the registry and the
 * examples) and answers the copy's module URLs when its sources are still as compiled; undefined
 * when one changed meanwhile (the sources then run).
 */
export function notePointer(root, copy) {
  const source = (path) => pathToFileURL(join(root, path)).href;
  // File paths, not URL paths: a URL's path is percent-encoded (a space is %20), and the pointer is read as file paths.
  const path = (file) => relative(root, fileURLToPath(copy.moduleUrl(source(file)))).split(sep).join("/");
  const modules = { main: path(ENTRY), registry: path(REGISTRY), examples: path(EXAMPLES) };
  const file = pointerFile(root);
  try {
    // Written aside and renamed: another launcher may be reading or writing it at the same time.
    writeFileSync(`${file}.${process.pid}.tmp`, JSON.stringify({ modules, inputs: copy.inputs }));
    renameSync(`${file}.${process.pid}.tmp`, file);
  } catch (e) {
    // The copy is there for this run; without the pointer the next start looks for it through tsx again.
    process.emitWarning(`kamera: could not note the compiled command line in ${file} (the next start takes longer): ${e instanceof Error ? e.message : String(e)}`);
    return copyUrls(root, modules);
  }
  // Checked again: a source edited while it was compiled leaves the copy stale, and the sources run instead.
  return freshCompiledCli(root);
}

/**
 * Compiles the copy (or finds the one threadModule has for these sources) through tsx, loaded
 * for threadModule.ts alone, and writes the pointer. Undefined when there is no compiled copy to
 * be had (threadModule fell back to tsx, and has said why).
 */
export async function buildCompiledCli(root) {
  const { tsImport } = await import("tsx/esm/api");
  const { threadModule } = await tsImport(pathToFileURL(join(root, "src", "parallel", "threadModule.ts")).href, import.meta.url);
  const source = (path) => pathToFileURL(join(root, path)).href;
  const copy = await threadModule(new URL(source(ENTRY)), [source(REGISTRY), source(EXAMPLES)]);
  if (!copy.compiled || copy.inputs === undefined) return undefined;
  return notePointer(root, copy);
}
