// The core's whole exported surface: integers, floats for priorities, 64-bit hashes, and
// addresses into linear memory. One instance holds one exploration (or, for benchmarks, one
// standalone visited set). Calls that fail return a negative code (coreError.ts); calls that
// produce lists write them to the output buffer and return their length.

import { E_WRONG_MODE, fail } from "./coreError";
import { registerKeyHash, registerRequestHash, registerVersionHash } from "./contentHashes";
import { mixCursor, mixRequest, mixSlot } from "./fingerprint";
import { configure, pop, push, waiting } from "./frontier";
import { inputBuffer, outputAddress, outputBuffer } from "./ioBuffer";
import { heldPages } from "./pageAllocator";
import { copyCursors, copyPending, cursorPairCount, pendingCount } from "./pendingCursorTable";
import {
  componentColumn,
  components,
  countColumn,
  countFlagsColumn,
  edgeFrom,
  edgeStep,
  edgeTo,
  edgeTotal,
  pathCounts,
  predecessorCount,
  predecessorsInto,
  releaseResults,
  shortestPathInto,
  shortestPathLength,
  successorCount,
  successorsInto,
} from "./stateGraph";
import {
  cachedSlotCount,
  cachedSortedPairs,
  depthOf,
  flagsOf,
  materialize,
  pcOf,
  setDepthOf,
  setFlagsOf,
  stateTotal,
} from "./stateStore";
import { addInitialState, addSuccessorBatch } from "./transition";
import { find, fingerprintOf, insert, prefetch, presize, size, tableCapacity } from "./visitedSet";
import { arenaBytes } from "./deltaArena";

export { errorDetail, errorRecord } from "./coreError";
export { inputBuffer, outputAddress } from "./ioBuffer";

const UNSET: u32 = 0;
const CORE: u32 = 1;
const SET_ONLY: u32 = 2;
let mode: u32 = UNSET;

/** Version of this surface; the bindings refuse a module with another. */
export function coreVersion(): u32 {
  return 4;
}

/**
 * End of the static data (__heap_base): a host reusing this instance's memory for a new instance
 * zeroes the bytes below it first (data segments are then written again at instantiation).
 */
export function staticEnd(): usize {
  return __heap_base;
}

/** Sets up an exploration core: frontier kind (0 dfs, 1 bfs, 2 random, 3 priority), seed, presize. */
export function init(frontierKind: u32, seed: u64, expectedStates: u32): i32 {
  if (mode != UNSET) return fail(E_WRONG_MODE, mode);
  mode = CORE;
  configure(frontierKind, seed);
  presize(expectedStates);
  return 0;
}

export function registerKey(id: u32, hash: u64): i32 {
  return registerKeyHash(id, hash);
}

export function registerVersion(id: u32, hash: u64): i32 {
  return registerVersionHash(id, hash);
}

export function registerRequest(id: u32, hash: u64): i32 {
  return registerRequestHash(id, hash);
}

/** State 0 from the input buffer: slot pairs at 0, then pending ids, then cursor pairs. */
export function addInitial(nSlotPairs: u32, nPending: u32, nCursorPairs: u32): i32 {
  if (mode != CORE) return fail(E_WRONG_MODE, mode);
  const base = inputBuffer(0);
  const pending = base + (<usize>nSlotPairs << 3);
  const cursors = pending + (<usize>nPending << 2);
  return addInitialState(base, nSlotPairs, pending, nPending, cursors, nCursorPairs);
}

/** Successor records in the input buffer (len u32s); results in the output buffer. */
export function addSuccessors(parent: u32, len: u32, priorityOverride: f64): i32 {
  if (mode != CORE) return fail(E_WRONG_MODE, mode);
  return addSuccessorBatch(parent, inputBuffer(0), len, priorityOverride);
}

/**
 * Like addSuccessors, with one f64 priority per record at `priorities` (inside the input buffer,
 * after the batch) in place of the records' integer priorities.
 */
export function addSuccessorsPrioritized(parent: u32, len: u32, priorities: usize, nPriorities: u32): i32 {
  if (mode != CORE) return fail(E_WRONG_MODE, mode);
  return addSuccessorBatch(parent, inputBuffer(0), len, NaN, priorities, nPriorities);
}

export function next(): i32 {
  return pop();
}

export function pushState(id: u32, priority: f64): void {
  push(id, priority);
}

export function frontierSize(): u32 {
  return waiting();
}

export function stateCount(): u32 {
  return stateTotal();
}

export function edgeCount(): u32 {
  return edgeTotal();
}

export function fingerprint(id: u32): u64 {
  return fingerprintOf(id);
}

export function lookup(fp: u64): i32 {
  if (mode != CORE) return -1;
  return find(fp);
}

/** Writes state id's slots (sorted key, version pairs) to the output buffer; returns the pair count. */
export function slots(id: u32): u32 {
  materialize(id);
  const out = outputBuffer(cachedSlotCount() << 3);
  return cachedSortedPairs(out);
}

export function pending(id: u32): u32 {
  const pc = pcOf(id);
  return copyPending(pc, outputBuffer(pendingCount(pc) << 2));
}

/** Writes state id's cursor pairs to the output buffer; returns the pair count. */
export function cursors(id: u32): u32 {
  const pc = pcOf(id);
  return copyCursors(pc, outputBuffer(cursorPairCount(pc) << 3));
}

/**
 * Writes state id's depth, slot pair count and pending count, then its slots (sorted pairs) and
 * its pending ids, to the output buffer in one call; returns the number of u32s written.
 */
export function readState(id: u32): u32 {
  materialize(id);
  const pc = pcOf(id);
  const nPending = pendingCount(pc);
  const out = outputBuffer((3 + (cachedSlotCount() << 1) + nPending) << 2);
  const nSlots = cachedSortedPairs(out + 12);
  copyPending(pc, out + 12 + (<usize>nSlots << 3));
  store<u32>(out, depthOf(id));
  store<u32>(out, nSlots, 4);
  store<u32>(out, nPending, 8);
  return 3 + (nSlots << 1) + nPending;
}

export function depth(id: u32): u32 {
  return depthOf(id);
}

export function setDepth(id: u32, d: u32): void {
  setDepthOf(id, d);
}

export function flags(id: u32): u32 {
  return flagsOf(id);
}

export function setFlags(id: u32, f: u32): void {
  setFlagsOf(id, f);
}

export function edgeSource(e: u32): u32 {
  return edgeFrom(e);
}

export function edgeTarget(e: u32): u32 {
  return edgeTo(e);
}

export function edgeStepId(e: u32): u32 {
  return edgeStep(e);
}

export function successors(id: u32): u32 {
  return successorsInto(id, outputBuffer(successorCount(id) << 2));
}

export function predecessors(id: u32): u32 {
  return predecessorsInto(id, outputBuffer(predecessorCount(id) << 2));
}

/** Writes the edges of one shortest path to the output buffer; returns its length or −1. */
export function shortestPath(target: u32): i32 {
  const len = shortestPathLength(target);
  if (len > 0) shortestPathInto(target, <u32>len, outputBuffer(<u32>len << 2));
  return len;
}

/** Computes components; returns their count. The per-state column is componentsColumn(). */
export function computeComponents(): u32 {
  return components();
}

/** Computes components then path counts; the columns are pathCountColumn()/pathFlagColumn(). */
export function computePathCounts(): u32 {
  const count = components();
  pathCounts(count);
  return count;
}

export function componentsColumn(): usize {
  return componentColumn();
}

export function pathCountColumn(): usize {
  return countColumn();
}

export function pathFlagColumn(): usize {
  return countFlagsColumn();
}

/** Frees the analysis results once copied. */
export function releaseAnalysis(): void {
  releaseResults();
}

/** Entries of the visited set's table (4 bytes each), for exact memory accounting. */
export function visitedTableEntries(): u32 {
  return tableCapacity();
}

/** Bytes of state records written to the delta arena. */
export function recordBytes(): u32 {
  return arenaBytes();
}

/** 64 KiB pages the core's structures hold. */
export function memoryPages(): u32 {
  return heldPages();
}

// ---- a standalone visited set (benchmarks): fingerprints in, (id << 1) | isNew out ----

export function visitedInit(expected: u32): i32 {
  if (mode != UNSET) return fail(E_WRONG_MODE, mode);
  mode = SET_ONLY;
  presize(expected);
  return 0;
}

/** Inserts the n fingerprints in the input buffer; results (u32 each) in the output buffer. */
export function visitedInsertBatch(n: u32): i32 {
  if (mode != SET_ONLY) return fail(E_WRONG_MODE, mode);
  const out = outputBuffer(n << 2);
  const base = inputBuffer(0);
  // Touch the home slot a few keys ahead so several cache misses are in flight at once.
  const ahead: u32 = 8;
  for (let i: u32 = 0; i < n && i < ahead; i++) prefetch(load<u64>(base + (<usize>i << 3)));
  for (let i: u32 = 0; i < n; i++) {
    if (i + ahead < n) prefetch(load<u64>(base + (<usize>(i + ahead) << 3)));
    store<u32>(out + (<usize>i << 2), insert(load<u64>(base + (<usize>i << 3))));
  }
  return <i32>n;
}

export function visitedSize(): u32 {
  return size();
}

// ---- the fingerprint terms, exported for known-answer tests ----

export function termSlot(keyHash: u64, versionHash: u64): u64 {
  return mixSlot(keyHash, versionHash);
}

export function termRequest(requestHash: u64): u64 {
  return mixRequest(requestHash);
}

export function termCursor(i: u32, a: u32, b: u32): u64 {
  return mixCursor(i, a, b);
}

/** One successor record in the input buffer; returns (child << 1) | isNew or a negative error. */
export function addSuccessor(parent: u32, len: u32, priority: f64): i32 {
  if (mode != CORE) return fail(E_WRONG_MODE, mode);
  const r = addSuccessorBatch(parent, inputBuffer(0), len, priority);
  return r < 0 ? r : load<i32>(outputAddress());
}
