import { instantiate } from "@assemblyscript/loader";
import { CoreError } from "./coreError.ts";
import { INITIAL_PAGES, ZEROED_BYTES } from "./coreMemoryPool.ts";

/** Which compiled core to load: `release` (optimized, no assertions) or `debug` (assertions on). */
export type WasmBuild = "release" | "debug";

/**
 * Where the core's module comes from: raw bytes, an already compiled module, or a URL to fetch
 * (browsers). By default it is read from `build/kamera-core[.debug].wasm` next to the package.
 */
export type WasmSource = BufferSource | WebAssembly.Module | URL;

/** The raw exports of assembly/index.ts (i64 values arrive as signed bigints). */
export interface CoreExports {
  memory: WebAssembly.Memory;
  coreVersion(): number;
  staticEnd(): number;
  init(frontierKind: number, seed: bigint, expectedStates: number): number;
  registerKey(id: number, hash: bigint): number;
  registerVersion(id: number, hash: bigint): number;
  registerRequest(id: number, hash: bigint): number;
  inputBuffer(bytes: number): number;
  outputAddress(): number;
  errorDetail(): number;
  errorRecord(): number;
  addInitial(nSlotPairs: number, nPending: number, nCursorPairs: number): number;
  addSuccessor(parent: number, len: number, priority: number): number;
  addSuccessors(parent: number, len: number, priorityOverride: number): number;
  next(): number;
  pushState(id: number, priority: number): void;
  frontierSize(): number;
  stateCount(): number;
  edgeCount(): number;
  fingerprint(id: number): bigint;
  lookup(fp: bigint): number;
  slots(id: number): number;
  pending(id: number): number;
  readState(id: number): number;
  addSuccessorsPrioritized(parent: number, len: number, priorities: number, nPriorities: number): number;
  cursors(id: number): number;
  depth(id: number): number;
  setDepth(id: number, depth: number): void;
  flags(id: number): number;
  setFlags(id: number, flags: number): void;
  edgeSource(e: number): number;
  edgeTarget(e: number): number;
  edgeStepId(e: number): number;
  successors(id: number): number;
  predecessors(id: number): number;
  shortestPath(target: number): number;
  computeComponents(): number;
  computePathCounts(): number;
  componentsColumn(): number;
  pathCountColumn(): number;
  pathFlagColumn(): number;
  releaseAnalysis(): void;
  memoryPages(): number;
  visitedTableEntries(): number;
  recordBytes(): number;
  visitedInit(expected: number): number;
  visitedInsertBatch(n: number): number;
  visitedSize(): number;
  termSlot(keyHash: bigint, versionHash: bigint): bigint;
  termRequest(requestHash: bigint): bigint;
  termCursor(i: number, a: number, b: number): bigint;
}

/** The surface version this binding speaks (assembly/index.ts coreVersion). */
const CORE_VERSION = 4;

const compiled = new Map<WasmBuild, Promise<WebAssembly.Module>>();

async function readDefault(build: WasmBuild): Promise<WebAssembly.Module> {
  // Literal URLs, so bundlers (Vite) recognise them as assets and ship the files with the page.
  const url =
    build === "debug" ? new URL("../build/kamera-core.debug.wasm", import.meta.url) : new URL("../build/kamera-core.wasm", import.meta.url);
  if (url.protocol !== "file:") return WebAssembly.compileStreaming(fetch(url));
  const { readFile } = await import("node:fs/promises");
  let bytes: Uint8Array<ArrayBuffer>;
  try {
    bytes = await readFile(url);
  } catch (e) {
    throw new CoreError(
      `the Wasm core is not built (${url.pathname} is missing); run \`npm run build:wasm\` (${(e as Error).message})`,
    );
  }
  return WebAssembly.compile(bytes);
}

async function moduleFrom(source: WasmSource | undefined, build: WasmBuild): Promise<WebAssembly.Module> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof URL) return WebAssembly.compileStreaming(fetch(source));
  if (source !== undefined) return WebAssembly.compile(source);
  let p = compiled.get(build);
  if (!p) {
    p = readDefault(build);
    compiled.set(build, p);
    // A failed load is not cached, so building the module and retrying works.
    p.catch(() => compiled.delete(build));
  }
  return p;
}

/**
 * A fresh instance of the core (one per exploration: an instance's memory is its state). The
 * compiled module is cached per build, so instantiating again is cheap. The module imports its
 * memory: `memory` is a new one, or one from coreMemoryPool.ts whose static data area is zeroed.
 */
export async function instantiateCore(source?: WasmSource, build: WasmBuild = "release", memory?: WebAssembly.Memory): Promise<CoreExports> {
  const module = await moduleFrom(source, build);
  const { instance } = await instantiate<Record<string, unknown>>(module, { env: { memory: memory ?? new WebAssembly.Memory({ initial: INITIAL_PAGES }) } });
  // The raw exports, not the loader's argument-counting wrappers: these calls are the hot path.
  const x = instance.exports as unknown as CoreExports;
  if (typeof x.coreVersion !== "function" || x.coreVersion() !== CORE_VERSION) {
    throw new CoreError(`the Wasm core has surface version ${String(x.coreVersion?.())}, expected ${CORE_VERSION}; rebuild it with \`npm run build:wasm\``);
  }
  if (memory !== undefined && x.staticEnd() > ZEROED_BYTES) {
    // The host zeroed too little of a reused memory for this module's static data; never reached
    // with the modules built from assembly/, whose static data is a few KiB.
    throw new CoreError(`the Wasm core's static data ends at byte ${x.staticEnd()}, past the ${ZEROED_BYTES} bytes zeroed when a memory is reused`);
  }
  return x;
}
