import { unpackAddResult, type AddResult, type Components, type Core, type CoreOptions, type FrontierKind, type PathCounts } from "./core.ts";
import {
  CoreErrorCode,
  MAX_STATES,
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
import { addMod64, mixCursor, mixRequest, mixSlot, subMod64 } from "./fingerprintMix.ts";
import { ReferenceFrontier } from "./referenceFrontier.ts";
import type { StateContents } from "./stateContents.ts";
import { bfsPath, countPaths, tarjanComponents, type AdjacencyGraph } from "./referenceGraphAnalysis.ts";

/** One successor, checked and copied out of the caller's arrays. */
interface Successor {
  stepId: number;
  changed: Uint32Array;
  pending: Uint32Array;
  cursors: Uint32Array;
  priority: number;
}

/**
 * The pure-TypeScript engine: every state stored in full, a `Map` for the visited set, arrays of
 * edge lists for the graph. It is written to be obviously right rather than small or fast — the
 * oracle the Wasm engine is tested against and the baseline of its benchmarks. Its fingerprints
 * are updated incrementally from the parent like the Wasm engine's; the differential tests also
 * recompute them from scratch.
 *
 * @example
 * ```ts
 * const core = new ReferenceCore({ frontier: "bfs" });
 * core.registerKey(0, 0x1234n);
 * core.registerVersion(1, 0x5678n);
 * const s0 = core.addInitial(new Uint32Array([0, 1]), new Uint32Array(0), new Uint32Array(0));
 * core.next(); // 0
 * ```
 */
export class ReferenceCore implements Core {
  readonly engine = "reference" as const;
  private readonly frontier: ReferenceFrontier;
  private readonly keyHash = new Map<number, bigint>();
  private readonly versionHash = new Map<number, bigint>();
  private readonly requestHash = new Map<number, bigint>();

  // Per state.
  private readonly stateSlots: Uint32Array[] = [];
  private readonly statePending: Uint32Array[] = [];
  private readonly stateCursors: Uint32Array[] = [];
  /** Sum of the pending and cursor terms, so the slot part of a fingerprint is fp − this. */
  private readonly pcHash: bigint[] = [];
  private readonly fp: bigint[] = [];
  private readonly stateDepth: number[] = [];
  private readonly stateFlags: number[] = [];
  private readonly visited = new Map<bigint, number>();

  // Per edge, and adjacency.
  private readonly from: number[] = [];
  private readonly to: number[] = [];
  private readonly step: number[] = [];
  private readonly out: number[][] = [];
  private readonly in: number[][] = [];

  constructor(opts: CoreOptions = {}) {
    const kind: FrontierKind = opts.frontier ?? "dfs";
    this.frontier = new ReferenceFrontier(kind, BigInt(opts.seed ?? 1));
  }

  registerKey(keyId: number, hash: bigint): void {
    this.register("registerKey", this.keyHash, keyId, hash);
  }
  registerVersion(versionId: number, hash: bigint): void {
    this.register("registerVersion", this.versionHash, versionId, hash);
  }
  registerRequest(requestId: number, hash: bigint): void {
    this.register("registerRequest", this.requestHash, requestId, hash);
  }

  private register(op: string, table: Map<number, bigint>, id: number, hash: bigint): void {
    checkRegisteredId(op, id);
    checkHash(op, hash);
    const known = table.get(id);
    if (known !== undefined && known !== hash) throw coreInputError(op, CoreErrorCode.HashConflict, id);
    table.set(id, hash);
  }

  addInitial(slots: Uint32Array, pending: Uint32Array, cursors: Uint32Array): number {
    const op = "addInitial";
    if (this.fp.length > 0) throw coreInputError(op, CoreErrorCode.InitialTwice, 0);
    checkStateVectors(op, "slots", slots, pending, cursors);
    this.checkChanged(op, slots, -1);
    this.checkPending(op, pending, -1);
    const pairs: [number, number][] = [];
    let sum = 0n;
    for (let i = 0; i < slots.length; i += 2) {
      const k = slots[i]!;
      const v = slots[i + 1]!;
      if (v === 0) continue;
      pairs.push([k, v]);
      sum = addMod64(sum, mixSlot(this.keyHash.get(k)!, this.versionHash.get(v)!));
    }
    pairs.sort((a, b) => a[0] - b[0]);
    const pc = this.pendingCursorHash(pending, cursors);
    this.stateSlots.push(Uint32Array.from(pairs.flat()));
    this.statePending.push(pending.slice());
    this.stateCursors.push(cursors.slice());
    this.pcHash.push(pc);
    const fp = addMod64(sum, pc);
    this.fp.push(fp);
    this.stateDepth.push(0);
    this.stateFlags.push(0);
    this.out.push([]);
    this.in.push([]);
    this.visited.set(fp, 0);
    this.frontier.push(0, 0);
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

  /** One checked successor; (childId << 1) | isNew. */
  private addOne(op: string, parent: number, stepId: number, changed: Uint32Array, pending: Uint32Array, cursors: Uint32Array, priority?: number): number {
    this.checkParent(op, parent);
    checkU32(op, "stepId", stepId);
    checkStateVectors(op, "changed", changed, pending, cursors);
    this.checkChanged(op, changed, -1);
    this.checkPending(op, pending, -1);
    const p = checkPriority(op, priority);
    return this.apply(op, -1, parent, { stepId, changed, pending, cursors, priority: p });
  }

  addSuccessors(parent: number, batch: Uint32Array, priorities?: Float64Array): Uint32Array {
    const op = "addSuccessors";
    this.checkParent(op, parent);
    checkIds(op, "batch", batch);
    if (priorities !== undefined) checkPriorities(op, priorities);
    // Parse and check every record before applying any, so a bad batch changes nothing.
    const records: Successor[] = [];
    let i = 0;
    const need = (n: number): void => {
      if (i + n > batch.length) throw coreInputError(op, CoreErrorCode.BatchMalformed, batch.length, records.length);
    };
    while (i < batch.length) {
      need(2);
      const stepId = batch[i]!;
      const nChanged = batch[i + 1]!;
      i += 2;
      need(2 * nChanged + 1);
      const changed = batch.subarray(i, i + 2 * nChanged);
      i += 2 * nChanged;
      const nPending = batch[i++]!;
      need(nPending + 1);
      const pending = batch.subarray(i, i + nPending);
      i += nPending;
      const nCursors = batch[i++]!;
      need(2 * nCursors + 1);
      const cursors = batch.subarray(i, i + 2 * nCursors);
      i += 2 * nCursors;
      const priority = batch[i++]!;
      this.checkChanged(op, changed, records.length);
      this.checkPending(op, pending, records.length);
      records.push({ stepId, changed, pending, cursors, priority });
    }
    if (priorities !== undefined) {
      if (priorities.length !== records.length) throw coreInputError(op, CoreErrorCode.PriorityCount, records.length);
      for (let r = 0; r < records.length; r++) records[r]!.priority = priorities[r]!;
    }
    const result = new Uint32Array(records.length);
    for (let r = 0; r < records.length; r++) result[r] = this.apply(op, r, parent, records[r]!);
    return result;
  }

  private checkParent(op: string, parent: number): void {
    if (this.fp.length === 0) throw coreInputError(op, CoreErrorCode.NoInitialState, 0);
    checkState(op, parent, this.fp.length);
  }

  /** Keys and versions registered (version 0 = absent needs none), no key twice. */
  private checkChanged(op: string, pairs: Uint32Array, record: number): void {
    const seen = new Set<number>();
    for (let i = 0; i < pairs.length; i += 2) {
      const k = pairs[i]!;
      const v = pairs[i + 1]!;
      if (!this.keyHash.has(k)) throw coreInputError(op, CoreErrorCode.KeyUnregistered, k, record);
      if (v !== 0 && !this.versionHash.has(v)) throw coreInputError(op, CoreErrorCode.VersionUnregistered, v, record);
      if (seen.has(k)) throw coreInputError(op, CoreErrorCode.DuplicateKey, k, record);
      seen.add(k);
    }
  }

  private checkPending(op: string, pending: Uint32Array, record: number): void {
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      if (!this.requestHash.has(r)) throw coreInputError(op, CoreErrorCode.RequestUnregistered, r, record);
      if (i > 0 && r <= pending[i - 1]!) throw coreInputError(op, CoreErrorCode.PendingNotAscending, r, record);
    }
  }

  private pendingCursorHash(pending: Uint32Array, cursors: Uint32Array): bigint {
    let h = 0n;
    for (const r of pending) h = addMod64(h, mixRequest(this.requestHash.get(r)!));
    for (let i = 0; i < cursors.length; i += 2) h = addMod64(h, mixCursor(i >> 1, cursors[i]!, cursors[i + 1]!));
    return h;
  }

  /** Applies one checked successor; returns (childId << 1) | isNew. */
  private apply(op: string, record: number, parent: number, s: Successor): number {
    const parentSlots = this.stateSlots[parent]!;
    const slots = new Map<number, number>();
    for (let i = 0; i < parentSlots.length; i += 2) slots.set(parentSlots[i]!, parentSlots[i + 1]!);
    let fp = subMod64(this.fp[parent]!, this.pcHash[parent]!);
    for (let i = 0; i < s.changed.length; i += 2) {
      const k = s.changed[i]!;
      const v = s.changed[i + 1]!;
      const old = slots.get(k) ?? 0;
      if (old === v) continue;
      const kh = this.keyHash.get(k)!;
      if (old !== 0) fp = subMod64(fp, mixSlot(kh, this.versionHash.get(old)!));
      if (v !== 0) {
        fp = addMod64(fp, mixSlot(kh, this.versionHash.get(v)!));
        slots.set(k, v);
      } else {
        slots.delete(k);
      }
    }
    const pc = this.pendingCursorHash(s.pending, s.cursors);
    fp = addMod64(fp, pc);
    const childDepth = Math.min(this.stateDepth[parent]! + 1, 0xffffffff);
    let child = this.visited.get(fp);
    let isNew = false;
    if (child === undefined) {
      if (this.fp.length >= MAX_STATES) throw coreInputError(op, CoreErrorCode.TooManyStates, 0, record);
      child = this.fp.length;
      isNew = true;
      const keys = [...slots.keys()].sort((a, b) => a - b);
      const flat = new Uint32Array(keys.length * 2);
      keys.forEach((k, i) => {
        flat[2 * i] = k;
        flat[2 * i + 1] = slots.get(k)!;
      });
      this.stateSlots.push(flat);
      this.statePending.push(s.pending.slice());
      this.stateCursors.push(s.cursors.slice());
      this.pcHash.push(pc);
      this.fp.push(fp);
      this.stateDepth.push(childDepth);
      this.stateFlags.push(0);
      this.out.push([]);
      this.in.push([]);
      this.visited.set(fp, child);
      this.frontier.push(child, s.priority);
    } else if (childDepth < this.stateDepth[child]!) {
      this.stateDepth[child] = childDepth;
    }
    const e = this.from.length;
    this.from.push(parent);
    this.to.push(child);
    this.step.push(s.stepId);
    this.out[parent]!.push(e);
    this.in[child]!.push(e);
    return (child << 1) | (isNew ? 1 : 0);
  }

  next(): number {
    return this.frontier.pop();
  }
  push(stateId: number, priority?: number): void {
    checkState("push", stateId, this.fp.length);
    this.frontier.push(stateId, checkPriority("push", priority));
  }
  frontierSize(): number {
    return this.frontier.size();
  }

  stateCount(): number {
    return this.fp.length;
  }
  edgeCount(): number {
    return this.from.length;
  }
  fingerprint(stateId: number): bigint {
    checkState("fingerprint", stateId, this.fp.length);
    return this.fp[stateId]!;
  }
  lookup(fingerprint: bigint): number {
    checkHash("lookup", fingerprint);
    return this.visited.get(fingerprint) ?? -1;
  }
  slots(stateId: number): Uint32Array {
    checkState("slots", stateId, this.fp.length);
    return this.stateSlots[stateId]!.slice();
  }
  pending(stateId: number): Uint32Array {
    checkState("pending", stateId, this.fp.length);
    return this.statePending[stateId]!.slice();
  }
  readState(stateId: number, into: StateContents): StateContents {
    checkState("readState", stateId, this.fp.length);
    const slots = this.stateSlots[stateId]!;
    const pending = this.statePending[stateId]!;
    const words = into.storage(slots.length + pending.length);
    words.set(slots);
    words.set(pending, slots.length);
    into.publish(this.stateDepth[stateId]!, slots.length, pending.length);
    return into;
  }
  cursors(stateId: number): Uint32Array {
    checkState("cursors", stateId, this.fp.length);
    return this.stateCursors[stateId]!.slice();
  }
  depth(stateId: number): number {
    checkState("depth", stateId, this.fp.length);
    return this.stateDepth[stateId]!;
  }
  setDepth(stateId: number, depth: number): void {
    checkState("setDepth", stateId, this.fp.length);
    checkU32("setDepth", "depth", depth);
    this.stateDepth[stateId] = depth;
  }
  flags(stateId: number): number {
    checkState("flags", stateId, this.fp.length);
    return this.stateFlags[stateId]!;
  }
  setFlags(stateId: number, flags: number): void {
    checkState("setFlags", stateId, this.fp.length);
    checkFlags("setFlags", flags);
    this.stateFlags[stateId] = flags;
  }

  edge(edgeId: number): [number, number, number] {
    checkEdge("edge", edgeId, this.from.length);
    return [this.from[edgeId]!, this.to[edgeId]!, this.step[edgeId]!];
  }
  edgeTarget(edgeId: number): number {
    checkEdge("edgeTarget", edgeId, this.from.length);
    return this.to[edgeId]!;
  }
  successors(stateId: number): Uint32Array {
    checkState("successors", stateId, this.fp.length);
    return Uint32Array.from(this.out[stateId]!);
  }
  predecessors(stateId: number): Uint32Array {
    checkState("predecessors", stateId, this.fp.length);
    return Uint32Array.from(this.in[stateId]!);
  }

  private graph(): AdjacencyGraph {
    return { stateCount: this.fp.length, from: this.from, to: this.to, out: this.out };
  }
  pathCounts(): PathCounts {
    return countPaths(this.graph(), tarjanComponents(this.graph()));
  }
  shortestPath(target: number): Uint32Array | null {
    checkState("shortestPath", target, this.fp.length);
    return bfsPath(this.graph(), target);
  }
  components(): Components {
    return tarjanComponents(this.graph());
  }

  /**
   * An estimate, since JavaScript does not expose object sizes: typed-array bytes plus 8 bytes per
   * array element and about 64 bytes per Map entry and per object header.
   */
  memoryBytes(): number {
    let bytes = 0;
    for (let s = 0; s < this.fp.length; s++) {
      bytes += this.stateSlots[s]!.byteLength + this.statePending[s]!.byteLength + this.stateCursors[s]!.byteLength;
      bytes += 3 * 64 + 5 * 8 + 2 * 64 + 64; // three typed arrays, five columns, two edge lists, visited entry
    }
    bytes += this.from.length * (3 * 8 + 2 * 8); // three edge columns, two adjacency entries
    return bytes;
  }
  /** Drops the stored states; the core is then empty and must not be used further. */
  dispose(): void {
    for (const column of [this.stateSlots, this.statePending, this.stateCursors, this.pcHash, this.fp, this.stateDepth, this.stateFlags]) {
      column.length = 0;
    }
    for (const column of [this.from, this.to, this.step, this.out, this.in]) column.length = 0;
    this.visited.clear();
  }
}
