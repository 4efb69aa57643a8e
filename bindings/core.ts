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
 * - State ids are dense, assigned 0, 1, 2, … in creation order; the initial state is 0.
 * - A state's world is a set of slots keyId → versionId; versionId 0 means "absent" and is never
 *   stored or hashed. Slots are reported as pairs sorted by keyId.
 * - Pending sets are sets of requestIds, reported sorted ascending (callers pass them sorted and
 *   without duplicates).
 * - Cursors are an ordered vector of u32 pairs (a, b) that the host defines (staleness cursors);
 *   they are hashed with their position.
 * - Fingerprint = (sum over present slots of mixSlot(keyHash, versionHash)
 *                 + sum over pending of mixRequest(requestHash)
 *                 + sum over cursor pairs i of mixCursor(i, a, b)) mod 2^64,
 *   so it is order-independent and updated incrementally from the parent.
 * - Edges get dense ids in insertion order; successors(s) and predecessors(s) list edges in
 *   insertion order.
 * - depth(s) is the shortest known distance from state 0: a new state gets parent depth + 1;
 *   adding an edge to an existing state lowers its depth to parent depth + 1 if that is smaller
 *   (no propagation: the host relaxes descendants itself when it needs to).
 */

export type Engine = "wasm" | "reference";

/** Frontier disciplines. `priority` pops the highest priority first, ties by lowest state id. */
export type FrontierKind = "dfs" | "bfs" | "random" | "priority";

export interface CoreOptions {
  engine?: Engine;
  frontier?: FrontierKind;
  /** Seed of the `random` frontier's generator (splitmix64). */
  seed?: number;
  /** Presize the visited set and state table for about this many states. */
  expectedStates?: number;
}

export interface AddResult {
  stateId: number;
  isNew: boolean;
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
   * Batched addSuccessor for one parent. `batch` packs records
   * [stepId, nChanged, (key, version)×nChanged, nPending, pending…, nCursorPairs, (a, b)×nCursorPairs, priority]
   * and the result holds, per record, (childId << 1) | isNew.
   */
  addSuccessors(parent: number, batch: Uint32Array): Uint32Array;

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
  cursors(stateId: number): Uint32Array;
  depth(stateId: number): number;
  setDepth(stateId: number, depth: number): void;
  flags(stateId: number): number;
  setFlags(stateId: number, flags: number): void;

  /** Edge endpoints and step: edge(e) = [from, to, stepId]. */
  edge(edgeId: number): [number, number, number];
  /** Outgoing edge ids of a state, in insertion order. */
  successors(stateId: number): Uint32Array;
  /** Incoming edge ids of a state, in insertion order. */
  predecessors(stateId: number): Uint32Array;

  pathCounts(): PathCounts;
  /** Edge ids of one shortest path from state 0 to `target` (BFS, edges in insertion order); null if unreachable. */
  shortestPath(target: number): Uint32Array | null;
  components(): Components;

  /** Bytes the engine holds for states, visited set and graph (for the bytes-per-state benchmark). */
  memoryBytes(): number;
  dispose(): void;
}
