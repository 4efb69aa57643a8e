import { pathToFileURL } from "node:url";
import { KameraError } from "../kameraError.ts";

/** Extensions of modules Node cannot run without a TypeScript loader (Node 20 strips no types). */
const TYPESCRIPT_FILE = /\.(c|m)?tsx?$/;

/**
 * kamera's own modules are `.ts` when it runs from its sources (the repository's `bin/kamera.js`
 * under tsx, or vitest), and then that loader already compiles the user's TypeScript too.
 */
const RUNS_FROM_SOURCES = import.meta.url.endsWith(".ts");

let typeScriptLoader: Promise<void> | undefined;

/**
 * Registers tsx's loader for the rest of the process, once. Registered after kamera's own modules
 * are loaded, so the scenario's `import ... from "kamera"` gets those same module instances (the
 * same classes) rather than copies; both hooks, because a `.ts` file in a package without
 * `"type": "module"` is CommonJS to Node.
 */
function registerTypeScriptLoader(): Promise<void> {
  typeScriptLoader ??= Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]).then(([esm, cjs]) => {
    esm.register();
    cjs.register();
  });
  return typeScriptLoader;
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

/**
 * Imports the module at `file` (absolute) that `kamera explore` was given as `spec`, compiling
 * TypeScript with tsx when kamera runs from its compiled package. A syntax error becomes one
 * short message; any other failure keeps its stack as the error's cause (it is in the user's code).
 * A CommonJS module's exports (a `.ts` file in a CommonJS package) are returned as if it were ESM.
 *
 * @example
 * ```ts
 * const mod = await importScenarioModule("/home/me/op/scenario.ts", "scenario.ts");
 * ```
 */
export async function importScenarioModule(file: string, spec: string): Promise<Record<string, unknown>> {
  if (!RUNS_FROM_SOURCES && TYPESCRIPT_FILE.test(file)) await registerTypeScriptLoader();
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (e) {
    const syntax = syntaxErrorText(e);
    if (syntax !== undefined) throw new KameraError(`could not load ${spec}: syntax error: ${syntax}`);
    throw Object.assign(new KameraError(`could not load ${spec}: ${e instanceof Error ? e.message : String(e)}`), { cause: e });
  }
  const commonJs = mod.default as { __esModule?: unknown } | undefined;
  return typeof commonJs === "object" && commonJs !== null && commonJs.__esModule === true ? (commonJs as Record<string, unknown>) : mod;
}
