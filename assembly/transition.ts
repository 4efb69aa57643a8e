// Recording transitions: the core's one call per successor that fingerprints the child,
// deduplicates it, stores it, pushes it onto the frontier and records the edge.
//
// The child's fingerprint is the parent's, minus the parent's pending/cursor contribution and the
// terms of the slots that change, plus the terms of their new versions and the child's
// pending/cursor contribution — proportional to what changed, not to the state's size. The old
// versions come from the materialization cache, which already holds the parent when its
// successors are added one after another.
//
// Batches are checked in full before anything is applied, so a malformed batch changes nothing.

import {
  E_BATCH_MALFORMED,
  E_DUPLICATE_KEY,
  E_INITIAL_TWICE,
  E_KEY_UNREGISTERED,
  E_NO_INITIAL,
  E_PENDING_ORDER,
  E_PRIORITY_COUNT,
  E_REQUEST_UNREGISTERED,
  E_TOO_MANY_STATES,
  E_UNKNOWN_STATE,
  E_VERSION_UNREGISTERED,
  MAX_STATES,
  fail,
  setRecord,
} from "./coreError";
import { U32, U64, at32, at64, newColumn, reserve } from "./column";
import { keyBound, keyHash, keyKnown, requestKnown, versionHash, versionKnown } from "./contentHashes";
import { reserveRecord, writeVarint } from "./deltaArena";
import { mixSlot } from "./fingerprint";
import { push } from "./frontier";
import { outputBuffer } from "./ioBuffer";
import { addEntry, contribution, contributionOf, findEntry } from "./pendingCursorTable";
import { addEdge } from "./stateGraph";
import {
  SNAPSHOT_EVERY,
  applyLogged,
  beginLogged,
  cachedPcId,
  cachedSlotCount,
  cachedValue,
  createState,
  depthOf,
  hopsOf,
  materialize,
  resetCache,
  revert,
  setCached,
  setDepthOf,
  setUnlogged,
  stateTotal,
  writeSnapshot,
} from "./stateStore";
import { find, fingerprintOf, insert, insertAbsent, touchHome, touchProbe } from "./visitedSet";

const SEEN = newColumn(U32);
/** Per record of the batch being added: the child's fingerprint and its pending/cursor contribution. */
const CHILD_FP = newColumn(U64);
const CHILD_PC = newColumn(U64);
let seenGeneration: u32 = 0;

/** Checks (key, version) pairs: keys registered, versions registered or 0, no key twice. */
function checkPairs(ptr: usize, n: u32): i32 {
  seenGeneration++;
  if (seenGeneration == 0) {
    const b = keyBound();
    for (let k: u32 = 0; k < b; k++) store<u32>(at32(SEEN, k), 0);
    seenGeneration = 1;
  }
  reserve(SEEN, keyBound());
  for (let i: u32 = 0; i < n; i++) {
    const k = load<u32>(ptr + (<usize>i << 3));
    const v = load<u32>(ptr + (<usize>i << 3), 4);
    if (!keyKnown(k)) return fail(E_KEY_UNREGISTERED, k);
    if (v != 0 && !versionKnown(v)) return fail(E_VERSION_UNREGISTERED, v);
    const sp = at32(SEEN, k);
    if (load<u32>(sp) == seenGeneration) return fail(E_DUPLICATE_KEY, k);
    store<u32>(sp, seenGeneration);
  }
  return 0;
}

/** Checks pending ids: registered and strictly ascending. */
function checkPending(ptr: usize, n: u32): i32 {
  let prev: u32 = 0;
  for (let i: u32 = 0; i < n; i++) {
    const r = load<u32>(ptr + (<usize>i << 2));
    if (!requestKnown(r)) return fail(E_REQUEST_UNREGISTERED, r);
    if (i > 0 && r <= prev) return fail(E_PENDING_ORDER, r);
    prev = r;
  }
  return 0;
}

function internPc(h: u64, pending: usize, nPending: u32, cursors: usize, nPairs: u32): u32 {
  const found = findEntry(h, pending, nPending, cursors, nPairs);
  return found >= 0 ? <u32>found : addEntry(h, pending, nPending, cursors, nPairs);
}

/** Creates state 0 from contiguous (key, version) pairs, pending ids and cursor pairs. */
export function addInitialState(slots: usize, nSlots: u32, pending: usize, nPending: u32, cursors: usize, nPairs: u32): i32 {
  setRecord(-1);
  if (stateTotal() > 0) return fail(E_INITIAL_TWICE, 0);
  let r = checkPairs(slots, nSlots);
  if (r < 0) return r;
  r = checkPending(pending, nPending);
  if (r < 0) return r;
  resetCache();
  let fp: u64 = 0;
  for (let i: u32 = 0; i < nSlots; i++) {
    const k = load<u32>(slots + (<usize>i << 3));
    const v = load<u32>(slots + (<usize>i << 3), 4);
    if (v == 0) continue;
    setUnlogged(k, v);
    fp += mixSlot(keyHash(k), versionHash(v));
  }
  const h = contributionOf(pending, nPending, cursors, nPairs);
  const pc = internPc(h, pending, nPending, cursors, nPairs);
  insert(fp + h);
  const record = writeSnapshot(pc);
  createState(0, 0, 0, 0, record);
  setCached(0, pc);
  push(0, 0);
  return 0;
}

/**
 * The fingerprint of the child a record makes: the parent's (the cache must hold the parent),
 * minus the parent's pending/cursor contribution and the terms of the slots that change, plus the
 * terms of their new versions and `h`, the child's pending/cursor contribution.
 */
function childFingerprint(parent: u32, changed: usize, nChanged: u32, h: u64): u64 {
  let fp = fingerprintOf(parent) - contribution(cachedPcId());
  for (let i: u32 = 0; i < nChanged; i++) {
    const k = load<u32>(changed + (<usize>i << 3));
    const v = load<u32>(changed + (<usize>i << 3), 4);
    const old = cachedValue(k);
    if (old == v) continue;
    const kh = keyHash(k);
    if (old != 0) fp -= mixSlot(kh, versionHash(old));
    if (v != 0) fp += mixSlot(kh, versionHash(v));
  }
  return fp + h;
}

/**
 * Applies one checked successor of parent whose fingerprint is `fp` and pending/cursor
 * contribution `h`; the cache must hold the parent. Returns (child << 1) | isNew, or
 * −E_TOO_MANY_STATES.
 */
function applyOne(parent: u32, step: u32, changed: usize, nChanged: u32, pending: usize, nPending: u32, cursors: usize, nPairs: u32, fp: u64, h: u64, priority: f64): i32 {
  const parentDepth = depthOf(parent);
  const depth = parentDepth == 0xffffffff ? parentDepth : parentDepth + 1;
  const existing = find(fp);
  if (existing >= 0) {
    const child = <u32>existing;
    if (depth < depthOf(child)) setDepthOf(child, depth);
    addEdge(parent, child, step);
    return <i32>(child << 1);
  }
  if (stateTotal() >= MAX_STATES) return fail(E_TOO_MANY_STATES, 0);
  // Only a new state needs to know how many slots really change and how many it has.
  let effective: u32 = 0;
  let childSlots = cachedSlotCount();
  for (let i: u32 = 0; i < nChanged; i++) {
    const k = load<u32>(changed + (<usize>i << 3));
    const v = load<u32>(changed + (<usize>i << 3), 4);
    const old = cachedValue(k);
    if (old == v) continue;
    effective++;
    if (old != 0) childSlots--;
    if (v != 0) childSlots++;
  }
  const pc = internPc(h, pending, nPending, cursors, nPairs);
  const child = insertAbsent(fp);
  let hops = hopsOf(parent) + 1;
  let record: u32;
  if (hops >= SNAPSHOT_EVERY || effective > childSlots) {
    // Write the child in full: step the cache into it, snapshot, step back to the parent.
    beginLogged();
    for (let i: u32 = 0; i < nChanged; i++) {
      const k = load<u32>(changed + (<usize>i << 3));
      const v = load<u32>(changed + (<usize>i << 3), 4);
      if (cachedValue(k) != v) applyLogged(k, v);
    }
    record = writeSnapshot(pc);
    revert();
    hops = 0;
  } else {
    record = reserveRecord(effective);
    writeVarint(pc);
    writeVarint(effective);
    for (let i: u32 = 0; i < nChanged; i++) {
      const k = load<u32>(changed + (<usize>i << 3));
      const v = load<u32>(changed + (<usize>i << 3), 4);
      if (cachedValue(k) == v) continue;
      writeVarint(k);
      writeVarint(v);
    }
  }
  createState(child, parent, depth, hops, record);
  push(child, priority);
  addEdge(parent, child, step);
  return <i32>((child << 1) | 1);
}

/**
 * Adds the successors of `parent` packed at `batch` (len u32s) as records
 * [stepId, nChanged, (key, version)×nChanged, nPending, pending…, nCursorPairs, (a, b)×n, priority].
 * Writes (child << 1) | isNew per record to the output buffer and returns the record count, or a
 * negative error. `priorityOverride`, unless NaN, replaces the records' integer priorities; so do
 * the `nPriorities` f64s at `priorities` (one per record), unless `priorities` is 0.
 */
export function addSuccessorBatch(parent: u32, batch: usize, len: u32, priorityOverride: f64, priorities: usize = 0, nPriorities: u32 = 0): i32 {
  setRecord(-1);
  const total = stateTotal();
  if (total == 0) return fail(E_NO_INITIAL, 0);
  if (parent >= total) return fail(E_UNKNOWN_STATE, parent);
  // Pass 1: bounds and content of every record.
  let i: u64 = 0;
  let records: u32 = 0;
  while (i < <u64>len) {
    setRecord(<i32>records);
    if (i + 2 > <u64>len) return fail(E_BATCH_MALFORMED, len);
    const nChanged = load<u32>(batch + (<usize>(i + 1) << 2));
    i += 2;
    if (i + 2 * <u64>nChanged + 1 > <u64>len) return fail(E_BATCH_MALFORMED, len);
    const changed = batch + (<usize>i << 2);
    i += 2 * <u64>nChanged;
    const nPending = load<u32>(batch + (<usize>i << 2));
    i++;
    if (i + <u64>nPending + 1 > <u64>len) return fail(E_BATCH_MALFORMED, len);
    const pending = batch + (<usize>i << 2);
    i += <u64>nPending;
    const nPairs = load<u32>(batch + (<usize>i << 2));
    i++;
    if (i + 2 * <u64>nPairs + 1 > <u64>len) return fail(E_BATCH_MALFORMED, len);
    i += 2 * <u64>nPairs + 1;
    let r = checkPairs(changed, nChanged);
    if (r < 0) return r;
    r = checkPending(pending, nPending);
    if (r < 0) return r;
    records++;
  }
  setRecord(-1);
  if (priorities != 0 && nPriorities != records) return fail(E_PRIORITY_COUNT, records);
  const out = outputBuffer(records << 2);
  // Pass 2: every child's fingerprint, then the visited set's probe for each touched, so the cache
  // and TLB misses of all the records are in flight together instead of one after another. The
  // touches get a loop of their own: between two records' fingerprinting there is more work than
  // the processor looks ahead over, so a touch inside that loop would wait out its miss alone.
  materialize(parent);
  reserve(CHILD_FP, records);
  reserve(CHILD_PC, records);
  let p: usize = batch;
  for (let rec: u32 = 0; rec < records; rec++) {
    const nChanged = load<u32>(p, 4);
    const changed = p + 8;
    p = changed + (<usize>nChanged << 3);
    const nPending = load<u32>(p);
    const pending = p + 4;
    p = pending + (<usize>nPending << 2);
    const nPairs = load<u32>(p);
    const cursors = p + 4;
    p = cursors + (<usize>nPairs << 3) + 4;
    const h = contributionOf(pending, nPending, cursors, nPairs);
    const fp = childFingerprint(parent, changed, nChanged, h);
    store<u64>(at64(CHILD_FP, rec), fp);
    store<u64>(at64(CHILD_PC, rec), h);
  }
  for (let rec: u32 = 0; rec < records; rec++) touchHome(load<u64>(at64(CHILD_FP, rec)));
  for (let rec: u32 = 0; rec < records; rec++) touchProbe(load<u64>(at64(CHILD_FP, rec)));
  // Pass 3: apply in order.
  p = batch;
  for (let rec: u32 = 0; rec < records; rec++) {
    setRecord(<i32>rec);
    const step = load<u32>(p);
    const nChanged = load<u32>(p, 4);
    const changed = p + 8;
    p = changed + (<usize>nChanged << 3);
    const nPending = load<u32>(p);
    const pending = p + 4;
    p = pending + (<usize>nPending << 2);
    const nPairs = load<u32>(p);
    const cursors = p + 4;
    p = cursors + (<usize>nPairs << 3);
    const priority = priorities != 0 ? load<f64>(priorities + (<usize>rec << 3)) : isNaN(priorityOverride) ? <f64>load<u32>(p) : priorityOverride;
    p += 4;
    const fp = load<u64>(at64(CHILD_FP, rec));
    const h = load<u64>(at64(CHILD_PC, rec));
    const res = applyOne(parent, step, changed, nChanged, pending, nPending, cursors, nPairs, fp, h, priority);
    if (res < 0) return res;
    store<u32>(out + (<usize>rec << 2), <u32>res);
  }
  setRecord(-1);
  return <i32>records;
}
