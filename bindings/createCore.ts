import { CoreError } from "./coreError.ts";
import type { Core, CoreOptions } from "./core.ts";
import { MAX_STATES } from "./coreInput.ts";
import { ReferenceCore } from "./referenceCore.ts";
import { WasmCore } from "./wasmCore.ts";

const FRONTIERS = ["dfs", "bfs", "random", "priority"];

/** Throws a CoreError naming the first option that is not valid. */
export function checkCoreOptions(opts: CoreOptions): void {
  const { engine, frontier, seed, expectedStates } = opts;
  if (engine !== undefined && engine !== "wasm" && engine !== "reference") {
    throw new CoreError(`createCore: engine must be "wasm" or "reference", got ${JSON.stringify(engine)}`);
  }
  if (frontier !== undefined && !FRONTIERS.includes(frontier)) {
    throw new CoreError(`createCore: frontier must be one of ${FRONTIERS.join(", ")}, got ${JSON.stringify(frontier)}`);
  }
  if (seed !== undefined && (typeof seed !== "number" || !Number.isSafeInteger(seed))) {
    throw new CoreError(`createCore: seed must be a safe integer, got ${String(seed)}`);
  }
  if (expectedStates !== undefined && (typeof expectedStates !== "number" || !Number.isInteger(expectedStates) || expectedStates < 0 || expectedStates > MAX_STATES)) {
    throw new CoreError(`createCore: expectedStates must be an integer in [0, ${MAX_STATES}], got ${String(expectedStates)}`);
  }
  if (opts.wasmBuild !== undefined && opts.wasmBuild !== "release" && opts.wasmBuild !== "debug") {
    throw new CoreError(`createCore: wasmBuild must be "release" or "debug", got ${JSON.stringify(opts.wasmBuild)}`);
  }
}

/**
 * Creates an exploration core. The Wasm engine (the default) loads and instantiates the module,
 * hence the promise; the reference engine is plain TypeScript.
 *
 * @example
 * ```ts
 * const core = await createCore({ frontier: "bfs", expectedStates: 100_000 });
 * const oracle = await createCore({ engine: "reference", frontier: "bfs" });
 * ```
 */
export async function createCore(opts: CoreOptions = {}): Promise<Core> {
  checkCoreOptions(opts);
  if (opts.engine === "reference") return new ReferenceCore(opts);
  return WasmCore.create(opts);
}
