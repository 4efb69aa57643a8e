/**
 * The exploration core's contract: what the explorer asks of the state store, visited set,
 * frontier and state graph. Two engines implement it with identical observable results:
 * the WebAssembly engine (`wasmCore.ts`) and the pure-TypeScript reference (`referenceCore.ts`),
 * which is the oracle for differential tests and the baseline of every benchmark.
 *
 * Everything crosses this boundary as integers. The host (TypeScript) interns keys, versions and
 * requests and hands the core their 64-bit *content* hashes once; fingerprints are computed from
 * those hashes only, never from interning ids, so they are stable across runs and processes.
 *
 * Conventions (both engines must follow them exactly — the differential tests check):
 * - State ids are dense, assigned 0, 1, 2, … in creation order; the initial state is 0. At most
 *   2^26 − 1 states; interned ids are below 2^27.
 * - A state's world is a set of slots keyId → versionId; versionId 0 means "absent" and is never
 *   stored or hashed. Slots are reported as pairs sorted by keyId. A key may appear only once in
 *   the slots of addInitial or the changes of addSuccessor.
 * - Pending sets are sets of requestIds, reported sorted ascending (callers pass them sorted and
 *   without duplicates).
 * - Cursors are an ordered vector of u32 pairs (a, b) that the host defines (staleness cursors);
 *   they are hashed with their position.
 * - Fingerprint = (sum over present slots of mixSlot(keyHash, versionHash)
 *                 + sum over pending of mixRequest(requestHash)
 *                 + sum over cursor pairs i of mixCursor(i, a, b)) mod 2^64,
 *   so it is order-independent and updated incrementally from the parent. Each term is exactly
 *   XXH64 of the little-endian inputs with seed 1, 2 and 3 respectively (fingerprintMix.ts).
 *   Two states with equal fingerprints are the same state (as in TLC and Stateright).
 * - Edges get dense ids in insertion order; successors(s) and predecessors(s) list edges in
 *   insertion order.
 * - depth(s) is the shortest known distance from state 0: a new state gets parent depth + 1;
 *   adding an edge to an existing state lowers its depth to parent depth + 1 if that is smaller
 *   (no propagation: the host relaxes descendants itself when it needs to).
 * - Flags are 8 bits per state, 0 for a new state, owned by the host.
 * - Frontier: `dfs` is a stack of batches — the entries pushed between two pops (an expansion's
 *   new successors, in the order they were added) form a batch, and a pop takes the first-pushed
 *   entry of the newest batch still waiting (the batch is reversed in place when first popped
 *   from), so a state's successors are expanded in the order the host made them, as in SPIN's
 *   depth-first search; `bfs` pops the first pushed entry; `random` keeps the waiting
 *   entries in an array (a push appends), draws r = SplitMix64(seed).next(), takes the entry at
 *   index ((r >> 32) × n) >> 32 of the n waiting and moves the last entry into its place;
 *   `priority` pops the highest priority, ties by the
 *   lowest state id. addInitial pushes state 0; addSuccessor pushes a child only when it is new;
 *   push() adds an entry even if the state is already waiting.
 * - Components: iterative Tarjan; roots tried in increasing state id (so state 0 first);
 *   successors followed in edge order; components numbered in order of completion, which is a
 *   reverse topological order of the condensation.
 * - Path counts: per component, in topological order. The component of state 0 starts at 1;
 *   every edge from component c to another component d adds count(c) to count(d). A component of
 *   several states, or with a self-loop, is cyclic: once reached it is flagged PATH_INFINITE and
 *   the flag flows along edges. Sums saturate at 2^64 − 1 and set PATH_OVERFLOW, which also flows.
 *   Every state reports its component's count and flags; unreachable states report 0.
 * - Shortest path: breadth-first from state 0 following successors in edge order; the tree edge
 *   of a state is the first edge that reaches it; the path lists tree edges from state 0.
 * - Bad input (unknown state, unregistered id, repeated key, unsorted pending set, malformed
 *   batch, NaN priority) throws a CoreError with the same message in both engines. A batch is
 *   checked in full before any record is applied.
 */

import type { StateContents } from "./stateContents.ts";

export type Engine = "wasm" | "reference";

/** Frontier disciplines. `priority` pops the highest priority first, ties by lowest state id. */
export type FrontierKind = "dfs" | "bfs" | "random" | "priority";

export interface CoreOptions {
  /** "wasm" (default) or "reference". */
  engine?: Engine;
  frontier?: FrontierKind;
  /** Seed of the `random` frontier's generator (splitmix64). */
  seed?: number;
  /** Presize the visited set and state table for about this many states. */
  expectedStates?: number;
  /** Wasm engine: "release" (default) or "debug" (assertions on, for tests). */
  wasmBuild?: "release" | "debug";
  /**
   * Wasm engine: the module itself — bytes, a compiled module, or a URL to fetch (browsers) —
   * instead of `build/kamera-core[.debug].wasm` read next to the package (Node).
   */
  wasmSource?: BufferSource | WebAssembly.Module | URL;
}

export interface AddResult {
  stateId: number;
  isNew: boolean;
}

/**
 * The `AddResult` of an `addSuccessorPacked` answer, (childId << 1) | isNew: how both engines'
 * `addSuccessor` read their packed answer.
 *
 * @example
 * ```ts
 * unpackAddResult(core.addSuccessorPacked(0, step, changed, pending, cursors)); // { stateId: 1, isNew: true }
 * ```
 */
export function unpackAddResult(packed: number): AddResult {
  return { stateId: packed >>> 1, isNew: (packed & 1) === 1 };
}

/** Path counts of every state (index = state id). */
export interface PathCounts {
  /** Number of distinct paths from state 0; saturates at 2^64 − 1. */
  counts: BigUint64Array;
  /** Per state: 0 = exact, PATH_INFINITE = a cycle lies on some path here, PATH_OVERFLOW = saturated. */
  flags: Uint8Array;
}

export const PATH_INFINITE = 1;
export const PATH_OVERFLOW = 2;

/** Strongly connected components (iterative Tarjan; see the engines for the exact visit order). */
export interface Components {
  /** componentOf[stateId] = component id, numbered in order of completion (reverse topological). */
  componentOf: Uint32Array;
  count: number;
}

export interface Core {
  readonly engine: Engine;

  /** Content hashes, registered once per interned id before the id is used in a state. */
  registerKey(keyId: number, hash: bigint): void;
  registerVersion(versionId: number, hash: bigint): void;
  registerRequest(requestId: number, hash: bigint): void;

  /**
   * Creates state 0. `slots` are (keyId, versionId) pairs; `pending` sorted request ids;
   * `cursors` (a, b) pairs. Pushed onto the frontier. Must be called exactly once, first.
   */
  addInitial(slots: Uint32Array, pending: Uint32Array, cursors: Uint32Array): number;

  /**
   * Records the transition parent --stepId--> child, where the child is the parent with the
   * `changed` (keyId, versionId) pairs applied (versionId 0 removes the slot), with exactly the
   * `pending` set and `cursors` vector given. Fingerprints, deduplicates, pushes a new child onto
   * the frontier (with `priority` for the priority frontier) and records the edge, in one call.
   */
  addSuccessor(
    parent: number,
    stepId: number,
    changed: Uint32Array,
    pending: Uint32Array,
    cursors: Uint32Array,
    priority?: number,
  ): AddResult;

  /**
   * `addSuccessor` answering with one number instead of an object: (childId << 1) | isNew, i.e.
   * childId = r >>> 1 and isNew = (r & 1) === 1. Same checks, same effects. For callers that add
   * children one at a time on a hot path (no result object to allocate per transition).
   */
  addSuccessorPacked(
    parent: number,
    stepId: number,
    changed: Uint32Array,
    pending: Uint32Array,
    cursors: Uint32Array,
    priority?: number,
  ): number;

  /**
   * Batched addSuccessor for one parent, applied record by record in order. `batch` packs records
   * [stepId, nChanged, (key, version)×nChanged, nPending, pending…, nCursorPairs, (a, b)×nCursorPairs, priority]
   * (priority an unsigned integer) and the result holds, per record, (childId << 1) | isNew.
   * `SuccessorBatch` (successorBatch.ts) builds batches without per-record allocations. One call
   * per expanded state crosses the Wasm boundary once instead of once per transition.
   * `priorities`, when given, holds one priority per record (any number but NaN) and replaces the
   * records' integer priorities, for the priority frontier with fractional priorities; its length
   * must equal the number of records.
   */
  addSuccessors(parent: number, batch: Uint32Array, priorities?: Float64Array): Uint32Array;

  /** Pops the next state to expand, or −1 when the frontier is empty. */
  next(): number;
  /** Pushes a state again (re-opening one whose depth dropped below a bound). */
  push(stateId: number, priority?: number): void;
  frontierSize(): number;

  stateCount(): number;
  edgeCount(): number;
  fingerprint(stateId: number): bigint;
  /** State id with this fingerprint, or −1. */
  lookup(fingerprint: bigint): number;
  slots(stateId: number): Uint32Array;
  pending(stateId: number): Uint32Array;
  /**
   * A state's depth, slots and pending set in one call, into a reusable holder (see
   * StateContents): the same values as `depth`, `slots` and `pending`, without allocating copies.
   * Returns `into`.
   */
  readState(stateId: number, into: StateContents): StateContents;
  /** A state's cursor pairs. Not read by the explorer today (it keeps its own copy); tested in both engines. */
  cursors(stateId: number): Uint32Array;
  depth(stateId: number): number;
  setDepth(stateId: number, depth: number): void;
  /** A byte of per-state flags for the layer above. Unused by the explorer today; tested in both engines. */
  flags(stateId: number): number;
  /** Sets the per-state flags byte. Unused by the explorer today; tested in both engines. */
  setFlags(stateId: number, flags: number): void;

  /** Edge endpoints and step: edge(e) = [from, to, stepId]. */
  edge(edgeId: number): [number, number, number];
  /** The target state of an edge: `edge(e)[1]` without making the triple (a pass over millions of edges). */
  edgeTarget(edgeId: number): number;
  /** Outgoing edge ids of a state, in insertion order. */
  successors(stateId: number): Uint32Array;
  /** Incoming edge ids of a state, in insertion order. */
  predecessors(stateId: number): Uint32Array;

  pathCounts(): PathCounts;
  /**
   * Edge ids of one shortest path from state 0 to `target` (BFS, edges in insertion order); null if
   * unreachable. Unused by the explorer today (results/ builds its paths from the graph); tested
   * in both engines.
   */
  shortestPath(target: number): Uint32Array | null;
  components(): Components;

  /**
   * Bytes the engine holds for states, visited set and graph: for the Wasm engine the 64 KiB pages
   * of its memory in use, for the reference engine an estimate (JavaScript hides object sizes).
   * Only the core benchmark reads it today.
   */
  memoryBytes(): number;
  /**
   * Releases the engine's memory. The core must not be used afterwards (the Wasm engine then
   * throws a CoreError). The Wasm engine keeps a disposed core's memory, when small (≤ 64 MiB, at
   * most two kept), to back the next core created: its pages are already mapped, which spares the
   * page faults of fresh memory (bindings/coreMemoryPool.ts). Only the benchmarks and tests call
   * it: the explorer's core lives as long as the result graph that reads it, and a core never
   * disposed is reclaimed with its instance.
   */
  dispose(): void;
}
