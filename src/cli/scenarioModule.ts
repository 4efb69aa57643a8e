import { readFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import { KameraError } from "../kameraError.ts";
import { readFileHead } from "../results/fileHead.ts";
import { looksLikeDump } from "../results/dumpSignature.ts";
import { looksLikeTraceFile } from "../trace/traceReader.ts";

/** Extensions of modules Node cannot run without a TypeScript loader (Node 20 strips no types). */
const TYPESCRIPT_FILE = /\.(c|m)?tsx?$/;

/** Defined (as true) by the build of a compiled copy of the sources (src/parallel/threadModule.ts). */
declare const KAMERA_COMPILED_COPY: boolean | undefined;

/**
 * kamera's own modules are `.ts` when it runs from its sources under tsx (vitest, or the
 * repository's `bin/kamera.js` for a command naming a scenario module), and then that loader
 * already compiles the user's TypeScript too. A compiled copy of the sources (the repository's
 * CLI otherwise, and worker threads) names its modules by their sources too, but came without
 * a loader: like the package, it registers tsx when it first imports TypeScript.
 */
const HAS_TYPESCRIPT_LOADER = import.meta.url.endsWith(".ts") && typeof KAMERA_COMPILED_COPY === "undefined";

let typeScriptLoader: Promise<void> | undefined;

/** Registers tsx's loader for the rest of the process, once. */
function registerTypeScriptLoader(): Promise<void> {
  // Registered after kamera's own modules are loaded, so the scenario's `import ... from "kamera"`
  // gets those same module instances (the same classes) rather than copies.
  typeScriptLoader ??= import("tsx/esm/api").then(({ register }) => {
    register();
  });
  return typeScriptLoader;
}

/** The `type` of the package scope `file` is in (its nearest package.json), as Node decides it. */
async function packageType(file: string): Promise<string> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    const text = await readFile(join(dir, "package.json"), "utf8").catch(() => undefined);
    if (text !== undefined) {
      try {
        return (JSON.parse(text) as { type?: unknown }).type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    if (dirname(dir) === dir) return "commonjs";
  }
}

/**
 * A TypeScript scenario must be an ES module. As CommonJS it would need tsx's require hook, which
 * compiles kamera's own modules again for it: the scenario's ExplorerBuilder would be another class
 * than the CLI's, so fail early with the fix instead of deep in the exploration.
 */
async function requireEsModule(file: string, spec: string): Promise<void> {
  const commonJs = /\.cts$/.test(file) || (/\.tsx?$/.test(file) && (await packageType(file)) !== "module");
  if (!commonJs) return;
  throw new KameraError(
    `could not load ${spec}: it is a CommonJS module to Node (${/\.cts$/.test(file) ? "a .cts file" : 'the nearest package.json does not say "type": "module"'}), and kamera is an ES module package. ` +
      `Add "type": "module" to your package.json (\`npm pkg set type=module\`) or name the file .mts.`,
  );
}

/**
 * A syntax error's message without the compiler's internals: esbuild (under tsx) reports
 * "Transform failed with 1 error:\n<file>:<line>:<column>: ERROR: <text>", Node a `SyntaxError`.
 */
function syntaxErrorText(e: unknown): string | undefined {
  if (!(e instanceof Error)) return undefined;
  if (e.name === "TransformError") {
    const lines = e.message.split("\n").slice(1).map((line) => line.replace(": ERROR: ", ": "));
    return lines.length > 0 ? lines.join("\n") : e.message;
  }
  if (e instanceof SyntaxError) return e.message;
  return undefined;
}

/** Extensions Node (with tsx for TypeScript) imports as a module. */
const MODULE_FILE = /\.(c|m)?[jt]sx?$/;

/**
 * A file that is not JavaScript or TypeScript is refused before Node tries it: a dump or a
 * `.json` fails there with an import-attribute error and a stack of Node internals. A kamera dump
 * or trace is named as such, with the command that opens it.
 */
async function requireModuleFile(file: string, spec: string): Promise<void> {
  if (MODULE_FILE.test(file)) return;
  if (await looksLikeTraceFile(file)) {
    throw new KameraError(`could not load ${spec}: this is a kamera trace, not a scenario module; open it with kamera trace ${spec} (or kamera serve ${spec}), or explore from it with --from-trace ${spec}`);
  }
  const head = await readFileHead(file);
  if ((await looksLikeDump(file)) && head !== undefined && /"format"\s*:\s*"kamera-dump"/.test(head)) {
    throw new KameraError(`could not load ${spec}: this is a dump written by --dump-output, not a scenario module; open it with kamera inspect ${spec} (or kamera serve ${spec})`);
  }
  throw new KameraError(`could not load ${spec}: a scenario module must be JavaScript or TypeScript (.ts, .mts, .js, .mjs)`);
}

/**
 * Imports the module at `file` (absolute) that `kamera explore` was given as `spec`, compiling
 * TypeScript with tsx when kamera runs from its compiled package. A syntax error becomes one
 * short message; any other failure keeps its stack as the error's cause (it is in the user's code).
 * A TypeScript module must be an ES module (see `requireEsModule`).
 *
 * @example
 * ```ts
 * const mod = await importScenarioModule("/home/me/op/scenario.ts", "scenario.ts");
 * ```
 */
export async function importScenarioModule(file: string, spec: string): Promise<Record<string, unknown>> {
  await requireModuleFile(file, spec);
  if (TYPESCRIPT_FILE.test(file)) {
    await requireEsModule(file, spec);
    if (!HAS_TYPESCRIPT_LOADER) await registerTypeScriptLoader();
  }
  try {
    return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const syntax = syntaxErrorText(e);
    if (syntax !== undefined) throw new KameraError(`could not load ${spec}: syntax error: ${syntax}`);
    throw Object.assign(new KameraError(`could not load ${spec}: ${e instanceof Error ? e.message : String(e)}`), { cause: e });
  }
}
