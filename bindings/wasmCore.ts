import { CoreError } from "./coreError.ts";
import { unpackAddResult, type AddResult, type Components, type Core, type CoreOptions, type FrontierKind, type PathCounts } from "./core.ts";
import {
  CoreErrorCode,
  checkEdge,
  checkFlags,
  checkHash,
  checkIds,
  checkPriorities,
  checkPriority,
  checkRegisteredId,
  checkState,
  checkStateVectors,
  checkU32,
  coreInputError,
} from "./coreInput.ts";
import type { StateContents } from "./stateContents.ts";
import { keepCoreMemory, takeCoreMemory } from "./coreMemoryPool.ts";
import { instantiateCore, type CoreExports } from "./wasmModule.ts";

const FRONTIER_CODE: Record<FrontierKind, number> = { dfs: 0, bfs: 1, random: 2, priority: 3 };

/** Calls on a disposed core land here and fail clearly instead of deep inside Wasm. */
const DISPOSED = new Proxy({} as CoreExports, {
  get(): never {
    throw new CoreError("this core was disposed");
  },
});

/**
 * The WebAssembly engine: a thin typed wrapper over assembly/index.ts. Arguments go through the
 * module's input buffer and lists come back through its output buffer; typed-array views over
 * Wasm memory are re-created whenever the memory has grown (the old buffer is then detached).
 * Checks that need the core's tables (registered ids, duplicate keys, batch layout) run inside
 * the module and come back as error codes, turned into the same messages the reference engine
 * gives.
 *
 * @example
 * ```ts
 * const core = await WasmCore.create({ frontier: "dfs", expectedStates: 1 << 20 });
 * ```
 */
export class WasmCore implements Core {
  readonly engine = "wasm" as const;
  private x: CoreExports;
  private buffer: ArrayBuffer | SharedArrayBuffer;
  private u32: Uint32Array;
  private u8: Uint8Array;
  private f64: Float64Array;
  /** Capacity in bytes of the module's input buffer, as last granted. */
  private inputBytes = 0;
  private inputAt = 0;
  private states = 0;

  private constructor(x: CoreExports) {
    this.x = x;
    this.buffer = x.memory.buffer;
    this.u32 = new Uint32Array(this.buffer);
    this.u8 = new Uint8Array(this.buffer);
    this.f64 = new Float64Array(this.buffer);
  }

  /** Instantiates a fresh module (see createCore for the options). */
  static async create(opts: CoreOptions = {}): Promise<WasmCore> {
    const x = await instantiateCore(opts.wasmSource, opts.wasmBuild, takeCoreMemory());
    const r = x.init(FRONTIER_CODE[opts.frontier ?? "dfs"], BigInt.asIntN(64, BigInt(opts.seed ?? 1)), opts.expectedStates ?? 0);
    if (r < 0) throw coreInputError("createCore", -r, x.errorDetail());
    return new WasmCore(x);
  }

  /**
   * Re-creates the views if the memory grew since they were made. Growing a (non-shared) Wasm
   * memory detaches its old buffer, which leaves views over it with length 0: checking that is
   * far cheaper than asking the memory for its buffer on every call.
   */
  private views(): void {
    if (this.u32.length !== 0) return;
    const b = this.x.memory.buffer;
    this.buffer = b;
    this.u32 = new Uint32Array(b);
    this.u8 = new Uint8Array(b);
    this.f64 = new Float64Array(b);
  }

  /** Word index of an input buffer of at least `words` u32s (views are fresh afterwards). */
  private input(words: number): number {
    const bytes = words * 4;
    if (bytes > this.inputBytes || this.inputAt === 0) {
      // Ask for some headroom so most calls reuse the same buffer without a round trip.
      this.inputBytes = Math.max(bytes, 65536);
      this.inputAt = this.x.inputBuffer(this.inputBytes);
    }
    this.views();
    return this.inputAt >>> 2;
  }

  /** Copies n u32s from the output buffer. */
  private output(n: number): Uint32Array {
    this.views();
    const at = this.x.outputAddress() >>> 2;
    return this.u32.slice(at, at + n);
  }

  /** Throws the error the module reported; `inBatch` says whether to name the batch record. */
  private fail(op: string, r: number, inBatch = false): never {
    throw coreInputError(op, -r, this.x.errorDetail() >>> 0, inBatch ? this.x.errorRecord() : -1);
  }

  registerKey(keyId: number, hash: bigint): void {
    this.register("registerKey", keyId, hash, (id, h) => this.x.registerKey(id, h));
  }
  registerVersion(versionId: number, hash: bigint): void {
    this.register("registerVersion", versionId, hash, (id, h) => this.x.registerVersion(id, h));
  }
  registerRequest(requestId: number, hash: bigint): void {
    this.register("registerRequest", requestId, hash, (id, h) => this.x.registerRequest(id, h));
  }

  private register(op: string, id: number, hash: bigint, call: (id: number, h: bigint) => number): void {
    checkRegisteredId(op, id);
    checkHash(op, hash);
    const r = call(id, BigInt.asIntN(64, hash));
    if (r < 0) this.fail(op, r);
  }

  addInitial(slots: Uint32Array, pending: Uint32Array, cursors: Uint32Array): number {
    const op = "addInitial";
    if (this.states > 0) throw coreInputError(op, CoreErrorCode.InitialTwice, 0);
    checkStateVectors(op, "slots", slots, pending, cursors);
    const at = this.input(slots.length + pending.length + cursors.length);
    this.u32.set(slots, at);
    this.u32.set(pending, at + slots.length);
    this.u32.set(cursors, at + slots.length + pending.length);
    const r = this.x.addInitial(slots.length >>> 1, pending.length, cursors.length >>> 1);
    if (r < 0) this.fail(op, r);
    this.states = 1;
    return 0;
  }

  addSuccessor(
    parent: number,
    stepId: number,
    changed: Uint32Array,
    pending: Uint32Array,
    cursors: Uint32Array,
    priority?: number,
  ): AddResult {
    return unpackAddResult(this.addOne("addSuccessor", parent, stepId, changed, pending, cursors, priority));
  }

  addSuccessorPacked(
    parent: number,
    stepId: number,
    changed: Uint32Array,
    pending: Uint32Array,
    cursors: Uint32Array,
    priority?: number,
  ): number {
    return this.addOne("addSuccessorPacked", parent, stepId, changed, pending, cursors, priority);
  }

  /** One successor through the input buffer; (childId << 1) | isNew. */
  private addOne(op: string, parent: number, stepId: number, changed: Uint32Array, pending: Uint32Array, cursors: Uint32Array, priority?: number): number {
    if (this.states === 0) throw coreInputError(op, CoreErrorCode.NoInitialState, 0);
    checkState(op, parent, this.states);
    checkU32(op, "stepId", stepId);
    checkStateVectors(op, "changed", changed, pending, cursors);
    const p = checkPriority(op, priority);
    const len = 5 + changed.length + pending.length + cursors.length;
    let i = this.input(len);
    const u = this.u32;
    u[i++] = stepId;
    u[i++] = changed.length >>> 1;
    i = copyWords(u, i, changed);
    u[i++] = pending.length;
    i = copyWords(u, i, pending);
    u[i++] = cursors.length >>> 1;
    i = copyWords(u, i, cursors);
    u[i] = 0;
    const r = this.x.addSuccessor(parent, len, p);
    if (r < 0) this.fail(op, r);
    this.states += r & 1;
    return r >>> 0;
  }

  addSuccessors(parent: number, batch: Uint32Array, priorities?: Float64Array): Uint32Array {
    const op = "addSuccessors";
    if (this.states === 0) throw coreInputError(op, CoreErrorCode.NoInitialState, 0);
    checkState(op, parent, this.states);
    checkIds(op, "batch", batch);
    if (priorities !== undefined) checkPriorities(op, priorities);
    // The priorities follow the batch in the input buffer, 8-byte aligned (one spare word).
    const at = this.input(batch.length + (priorities === undefined ? 0 : 2 * priorities.length + 1));
    this.u32.set(batch, at);
    let r: number;
    if (priorities === undefined) {
      r = this.x.addSuccessors(parent, batch.length, NaN);
    } else {
      const fAt = (at + batch.length + 1) >>> 1;
      this.f64.set(priorities, fAt);
      r = this.x.addSuccessorsPrioritized(parent, batch.length, fAt * 8, priorities.length);
    }
    if (r < 0) {
      // A failure while applying (too many states) leaves the records before it applied.
      this.states = this.x.stateCount();
      this.fail(op, r, true);
    }
    // Copied word by word, counting the new states on the way: for a batch's few words that is
    // cheaper than slice(), and it spares a call to ask the module for its state count.
    this.views();
    const u = this.u32;
    const out = this.x.outputAddress() >>> 2;
    const results = new Uint32Array(r);
    let added = 0;
    for (let j = 0; j < r; j++) {
      const v = u[out + j]!;
      results[j] = v;
      added += v & 1;
    }
    this.states += added;
    return results;
  }

  next(): number {
    return this.x.next();
  }
  push(stateId: number, priority?: number): void {
    checkState("push", stateId, this.states);
    this.x.pushState(stateId, checkPriority("push", priority));
  }
  frontierSize(): number {
    return this.x.frontierSize() >>> 0;
  }

  stateCount(): number {
    return this.states;
  }
  edgeCount(): number {
    return this.x.edgeCount() >>> 0;
  }
  fingerprint(stateId: number): bigint {
    checkState("fingerprint", stateId, this.states);
    return BigInt.asUintN(64, this.x.fingerprint(stateId));
  }
  lookup(fingerprint: bigint): number {
    checkHash("lookup", fingerprint);
    return this.x.lookup(BigInt.asIntN(64, fingerprint));
  }
  slots(stateId: number): Uint32Array {
    checkState("slots", stateId, this.states);
    return this.output(2 * this.x.slots(stateId));
  }
  pending(stateId: number): Uint32Array {
    checkState("pending", stateId, this.states);
    return this.output(this.x.pending(stateId));
  }
  readState(stateId: number, into: StateContents): StateContents {
    checkState("readState", stateId, this.states);
    const n = this.x.readState(stateId);
    this.views();
    const at = this.x.outputAddress() >>> 2;
    const u = this.u32;
    const slotWords = 2 * u[at + 1]!;
    const nPending = u[at + 2]!;
    // Copied word by word: a subarray view to copy from would be an allocation per state read.
    const words = into.storage(n - 3);
    for (let i = 3; i < n; i++) words[i - 3] = u[at + i]!;
    into.publish(u[at]!, slotWords, nPending);
    return into;
  }
  cursors(stateId: number): Uint32Array {
    checkState("cursors", stateId, this.states);
    return this.output(2 * this.x.cursors(stateId));
  }
  depth(stateId: number): number {
    checkState("depth", stateId, this.states);
    return this.x.depth(stateId) >>> 0;
  }
  setDepth(stateId: number, depth: number): void {
    checkState("setDepth", stateId, this.states);
    checkU32("setDepth", "depth", depth);
    this.x.setDepth(stateId, depth);
  }
  flags(stateId: number): number {
    checkState("flags", stateId, this.states);
    return this.x.flags(stateId);
  }
  setFlags(stateId: number, flags: number): void {
    checkState("setFlags", stateId, this.states);
    checkFlags("setFlags", flags);
    this.x.setFlags(stateId, flags);
  }

  edge(edgeId: number): [number, number, number] {
    checkEdge("edge", edgeId, this.x.edgeCount() >>> 0);
    return [this.x.edgeSource(edgeId) >>> 0, this.x.edgeTarget(edgeId) >>> 0, this.x.edgeStepId(edgeId) >>> 0];
  }
  edgeTarget(edgeId: number): number {
    checkEdge("edgeTarget", edgeId, this.x.edgeCount() >>> 0);
    return this.x.edgeTarget(edgeId) >>> 0;
  }
  successors(stateId: number): Uint32Array {
    checkState("successors", stateId, this.states);
    return this.output(this.x.successors(stateId));
  }
  predecessors(stateId: number): Uint32Array {
    checkState("predecessors", stateId, this.states);
    return this.output(this.x.predecessors(stateId));
  }

  /** Copies `count` elements of `bytesPerElement` from a paged column (see assembly/column.ts). */
  private column(descriptor: number, count: number, bytesPerElement: number): Uint8Array {
    this.views();
    const out = new Uint8Array(count * bytesPerElement);
    const table = this.u32[descriptor >>> 2]! >>> 2;
    for (let done = 0, page = 0; done < out.length; page++) {
      const at = this.u32[table + page]!;
      const n = Math.min(65536, out.length - done);
      out.set(this.u8.subarray(at, at + n), done);
      done += n;
    }
    return out;
  }

  pathCounts(): PathCounts {
    const n = this.states;
    this.x.computePathCounts();
    const counts = new BigUint64Array(this.column(this.x.pathCountColumn(), n, 8).buffer);
    const flags = this.column(this.x.pathFlagColumn(), n, 1);
    this.x.releaseAnalysis();
    return { counts, flags };
  }
  shortestPath(target: number): Uint32Array | null {
    checkState("shortestPath", target, this.states);
    const len = this.x.shortestPath(target);
    if (len < 0) return null;
    return len === 0 ? new Uint32Array(0) : this.output(len);
  }
  components(): Components {
    const count = this.x.computeComponents() >>> 0;
    const componentOf = new Uint32Array(this.column(this.x.componentsColumn(), this.states, 4).buffer);
    this.x.releaseAnalysis();
    return { componentOf, count };
  }

  /** Bytes of Wasm memory the core's structures hold (whole 64 KiB pages). */
  memoryBytes(): number {
    return (this.x.memoryPages() >>> 0) * 65536;
  }
  /**
   * Exact bytes of the state table by part (not rounded to pages): the visited set's table, and
   * the records in the delta arena. The fixed per-state columns are 26 bytes (fingerprint 8,
   * parent 4, record offset 4, depth 4, flags 1, hops 1, first edge 4, frontier entry not counted)
   * and each edge 12 bytes.
   */
  storageDetail(): { visitedTableBytes: number; recordBytes: number } {
    return { visitedTableBytes: (this.x.visitedTableEntries() >>> 0) * 4, recordBytes: this.x.recordBytes() >>> 0 };
  }

  /** Ends the core; its memory may back the next core created (coreMemoryPool.ts). */
  dispose(): void {
    if (this.x !== DISPOSED) keepCoreMemory(this.x.memory);
    this.x = DISPOSED;
    this.buffer = new ArrayBuffer(0);
    this.u32 = new Uint32Array(0);
    this.u8 = new Uint8Array(0);
    this.f64 = new Float64Array(0);
  }
}

/**
 * Copies `from` into `to` at word `at`; returns the word after it. A transition's vectors are a
 * few words each: a loop copies those faster than `TypedArray.set`, whose call costs more than
 * the copy (three per added successor, millions of successors).
 */
function copyWords(to: Uint32Array, at: number, from: Uint32Array): number {
  const n = from.length;
  if (n > 16) {
    to.set(from, at);
    return at + n;
  }
  for (let k = 0; k < n; k++) to[at + k] = from[k]!;
  return at + n;
}
