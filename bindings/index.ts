/**
 * The exploration core: its contract, both engines, and the factory. Everything above this folder
 * imports from here and never touches Wasm memory.
 */
export {
  PATH_INFINITE,
  PATH_OVERFLOW,
  type AddResult,
  type Components,
  type Core,
  type CoreOptions,
  type Engine,
  type FrontierKind,
  type PathCounts,
} from "./core.ts";
export { createCore } from "./createCore.ts";
export { ReferenceCore } from "./referenceCore.ts";
export { WasmCore } from "./wasmCore.ts";
export { createFingerprintSet, type FingerprintSet, type FingerprintSetOptions } from "./fingerprintSet.ts";
export { mixCursor, mixRequest, mixSlot } from "./fingerprintMix.ts";
