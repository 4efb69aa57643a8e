// The state table. A state is a set of slots keyId → versionId (0 = absent), a pending set and a
// cursor vector (hash-consed in pendingCursorTable.ts), a depth and 8 host flags.
//
// Per state the table keeps a 16-byte record in STATE — PARENT (the state it was first reached
// from), RECORD (offset of its content in the delta arena), DEPTH, and FIRST_EDGE (its first
// outgoing edge, for stateGraph.ts) — and a u16 in MARKS: the host's 8 flag bits, then HOPS.
// Its fingerprint is in the visited set. Keeping the fields of a state together means creating or
// visiting a state touches one cache line. The content in the arena is
//   varint pcId, varint n, then n (key, version) pairs
// where a *delta* lists the slots that differ from the parent (version 0 = removed) and a
// *snapshot* lists every present slot sorted by key, keys coded as the difference from the
// previous key. HOPS (low 7 bits) is the distance to the nearest snapshot up the parent chain; a
// state becomes a snapshot when that would reach SNAPSHOT_EVERY, or when its delta would list more
// pairs than the state has slots, so materializing a state reads at most SNAPSHOT_EVERY records.
// Bit 7 of HOPS marks a state whose outgoing edges are not contiguous (see stateGraph.ts).
//
// Materialization goes into one cache: dense per-key arrays VALUE and STAMP (a key's value counts
// only if its stamp is the current generation, so clearing is a generation bump) plus KEYS, the
// keys stamped in this generation. Moving the cache from a state to its child applies the child's
// delta and logs the old values (UNDO), so the way back to the parent, and from there to a sibling,
// is cheap — the patterns of depth-first and breadth-first expansion.

import { U128, U16, U32, at128, at16, at32, newColumn, reserve } from "./column";
import { keyBound } from "./contentHashes";
import { readVarint, reserveRecord, seek, writeVarint } from "./deltaArena";
import { scratchBuffer } from "./ioBuffer";
import { sortU32 } from "./sortU32";

/** A snapshot at least every this many levels bounds the cost of materializing a state. */
export const SNAPSHOT_EVERY: u32 = 64;
const FRAGMENTED: u32 = 0x8000;
const NONE: u32 = 0xffffffff;

const STATE = newColumn(U128);
const MARKS = newColumn(U16);
// Offsets of the fields of a STATE record.
const PARENT: usize = 0;
const RECORD: usize = 4;
const DEPTH: usize = 8;
const FIRST_EDGE: usize = 12;

const VALUE = newColumn(U32);
const STAMP = newColumn(U32);
const KEYS = newColumn(U32);
const UNDO_KEY = newColumn(U32);
const UNDO_OLD = newColumn(U32);

let states: u32 = 0;

let cached: i32 = -1;
let cachedPc: u32 = 0;
let generation: u32 = 0;
let keysStamped: u32 = 0;
let slotCount: u32 = 0;
let undoCount: u32 = 0;
/** The state the undo log leads back to (−1: no usable log). */
let undoTarget: i32 = -1;
let undoPc: u32 = 0;

/** Creates state `id` (= the number of states so far), with no edges yet. */
export function createState(id: u32, parent: u32, depth: u32, hops: u32, record: u32): void {
  reserve(STATE, id + 1);
  reserve(MARKS, id + 1);
  const p = at128(STATE, id);
  store<u32>(p, parent, PARENT);
  store<u32>(p, record, RECORD);
  store<u32>(p, depth, DEPTH);
  store<u32>(p, NONE, FIRST_EDGE);
  store<u16>(at16(MARKS, id), <u16>(hops << 8));
  states = id + 1;
}

export function stateTotal(): u32 {
  return states;
}

// @ts-ignore: decorator
@inline export function parentOf(s: u32): u32 {
  return load<u32>(at128(STATE, s), PARENT);
}

// @ts-ignore: decorator
@inline function recordOf(s: u32): u32 {
  return load<u32>(at128(STATE, s), RECORD);
}

// @ts-ignore: decorator
@inline export function depthOf(s: u32): u32 {
  return load<u32>(at128(STATE, s), DEPTH);
}

export function setDepthOf(s: u32, d: u32): void {
  store<u32>(at128(STATE, s), d, DEPTH);
}

/** The first edge out of s, or 0xffffffff. */
// @ts-ignore: decorator
@inline export function firstEdgeOf(s: u32): u32 {
  return load<u32>(at128(STATE, s), FIRST_EDGE);
}

export function setFirstEdge(s: u32, e: u32): void {
  store<u32>(at128(STATE, s), e, FIRST_EDGE);
}

export function flagsOf(s: u32): u32 {
  return load<u16>(at16(MARKS, s)) & 0xff;
}

export function setFlagsOf(s: u32, f: u32): void {
  const p = at16(MARKS, s);
  store<u16>(p, <u16>((load<u16>(p) & 0xff00) | f));
}

// @ts-ignore: decorator
@inline export function hopsOf(s: u32): u32 {
  return (load<u16>(at16(MARKS, s)) >> 8) & 0x7f;
}

export function markFragmented(s: u32): void {
  const p = at16(MARKS, s);
  store<u16>(p, <u16>(load<u16>(p) | FRAGMENTED));
}

// @ts-ignore: decorator
@inline export function isFragmented(s: u32): bool {
  return (load<u16>(at16(MARKS, s)) & FRAGMENTED) != 0;
}

/** The pending/cursor entry of state s. */
export function pcOf(s: u32): u32 {
  seek(recordOf(s));
  return readVarint();
}

// ---- the materialization cache ----

function ensureDense(): void {
  const n = keyBound();
  reserve(VALUE, n);
  reserve(STAMP, n);
  reserve(KEYS, n);
}

function newGeneration(): void {
  generation++;
  if (generation == 0) {
    // Stamps wrapped around: clear them so no stale stamp matches.
    const n = keyBound();
    for (let k: u32 = 0; k < n; k++) store<u32>(at32(STAMP, k), 0);
    generation = 1;
  }
  keysStamped = 0;
  slotCount = 0;
  undoCount = 0;
  undoTarget = -1;
}

/** The cached state's version of key k (0 when absent). */
// @ts-ignore: decorator
@inline export function cachedValue(k: u32): u32 {
  return load<u32>(at32(STAMP, k)) == generation ? load<u32>(at32(VALUE, k)) : 0;
}

/** Present slots of the cached state. */
export function cachedSlotCount(): u32 {
  return slotCount;
}

/** The pending/cursor entry of the cached state. */
export function cachedPcId(): u32 {
  return cachedPc;
}

// @ts-ignore: decorator
@inline function setValue(k: u32, v: u32): u32 {
  const sp = at32(STAMP, k);
  const vp = at32(VALUE, k);
  let old: u32 = 0;
  if (load<u32>(sp) == generation) {
    old = load<u32>(vp);
  } else {
    store<u32>(sp, generation);
    store<u32>(at32(KEYS, keysStamped++), k);
  }
  store<u32>(vp, v);
  if (old != 0) slotCount--;
  if (v != 0) slotCount++;
  return old;
}

/** Applies (k, v) to the cache and logs the old value so revert() can undo it. */
export function applyLogged(k: u32, v: u32): void {
  const old = setValue(k, v);
  reserve(UNDO_KEY, undoCount + 1);
  reserve(UNDO_OLD, undoCount + 1);
  store<u32>(at32(UNDO_KEY, undoCount), k);
  store<u32>(at32(UNDO_OLD, undoCount), old);
  undoCount++;
}

/** Starts a logged move of the cache from the cached state towards a child. */
export function beginLogged(): void {
  undoCount = 0;
  undoTarget = cached;
  undoPc = cachedPc;
}

/** Marks the cache as holding state s with entry pc (after beginLogged/applyLogged). */
export function setCached(s: i32, pc: u32): void {
  cached = s;
  cachedPc = pc;
}

/** Undoes the logged changes: the cache holds undoTarget again. */
export function revert(): void {
  for (let i = <i32>undoCount - 1; i >= 0; i--) {
    setValue(load<u32>(at32(UNDO_KEY, i)), load<u32>(at32(UNDO_OLD, i)));
  }
  undoCount = 0;
  cached = undoTarget;
  cachedPc = undoPc;
  undoTarget = -1;
}

/** Applies the delta record of s to the cache, logged; the cache must hold PARENT[s]. */
function stepInto(s: u32): void {
  beginLogged();
  seek(recordOf(s));
  const pc = readVarint();
  const n = readVarint();
  for (let i: u32 = 0; i < n; i++) {
    const k = readVarint();
    applyLogged(k, readVarint());
  }
  cached = s;
  cachedPc = pc;
}

/** Stamps the record of s (first-seen wins); returns its pc. Snapshot keys are difference-coded. */
function stampRecord(s: u32, snapshot: bool): u32 {
  seek(recordOf(s));
  const pc = readVarint();
  const n = readVarint();
  let k: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const raw = readVarint();
    k = snapshot ? k + raw : raw;
    const v = readVarint();
    if (load<u32>(at32(STAMP, k)) != generation) {
      store<u32>(at32(STAMP, k), generation);
      store<u32>(at32(KEYS, keysStamped++), k);
      store<u32>(at32(VALUE, k), v);
      if (v != 0) slotCount++;
    }
  }
  return pc;
}

/** Loads state s from scratch: up its parent chain to the nearest snapshot, newest first. */
function loadChain(s: u32): void {
  newGeneration();
  const pc = stampRecord(s, hopsOf(s) == 0);
  let t = s;
  while (hopsOf(t) != 0) {
    t = parentOf(t);
    stampRecord(t, hopsOf(t) == 0);
  }
  cached = s;
  cachedPc = pc;
}

/** Makes the cache hold state s, by the cheapest known route. */
export function materialize(s: u32): void {
  ensureDense();
  if (cached == <i32>s) return;
  const delta = s != 0 && hopsOf(s) != 0;
  if (cached >= 0 && delta && parentOf(s) == <u32>cached) {
    stepInto(s);
    return;
  }
  if (undoTarget >= 0) {
    if (<i32>s == undoTarget) {
      revert();
      return;
    }
    if (delta && parentOf(s) == <u32>undoTarget) {
      revert();
      stepInto(s);
      return;
    }
  }
  if (delta) {
    // Load the parent, then step into s, so the way to s's siblings is logged.
    loadChain(parentOf(s));
    stepInto(s);
  } else {
    loadChain(s);
  }
}

/** Writes the cached state's present keys (slots with a version), sorted, at `keys`; returns how many. */
function sortedPresentKeys(keys: usize): u32 {
  let n: u32 = 0;
  for (let i: u32 = 0; i < keysStamped; i++) {
    const k = load<u32>(at32(KEYS, i));
    if (load<u32>(at32(VALUE, k)) != 0) store<u32>(keys + (<usize>(n++) << 2), k);
  }
  sortU32(keys, n);
  return n;
}

/**
 * Writes the cached state's present slots, sorted by key, as (key, version) pairs at `out`;
 * returns the number of pairs. Uses the scratch buffer for sorting.
 */
export function cachedSortedPairs(out: usize): u32 {
  const keys = scratchBuffer(keysStamped << 2);
  const n = sortedPresentKeys(keys);
  for (let i: u32 = 0; i < n; i++) {
    const k = load<u32>(keys + (<usize>i << 2));
    store<u32>(out + (<usize>i << 3), k);
    store<u32>(out + (<usize>i << 3), load<u32>(at32(VALUE, k)), 4);
  }
  return n;
}

/** Appends a snapshot record of the cached state's slots with entry pc; returns its offset. */
export function writeSnapshot(pc: u32): u32 {
  const keys = scratchBuffer(keysStamped << 2);
  const n = sortedPresentKeys(keys);
  const offset = reserveRecord(n);
  writeVarint(pc);
  writeVarint(n);
  let prev: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const k = load<u32>(keys + (<usize>i << 2));
    writeVarint(k - prev);
    writeVarint(load<u32>(at32(VALUE, k)));
    prev = k;
  }
  return offset;
}

/** Starts an empty cache for building the initial state. */
export function resetCache(): void {
  ensureDense();
  newGeneration();
  cached = -1;
}

/** Sets key k in the cache without logging (initial state construction). */
export function setUnlogged(k: u32, v: u32): void {
  setValue(k, v);
}
