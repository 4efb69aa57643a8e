// The visited set: fingerprint → state id, by open addressing with linear probing.
//
// Ids are dense (0, 1, 2, … in insertion order) and each id's fingerprint lives in FINGERPRINT,
// which is also the state table's fingerprint column. A table entry is a u32:
// ((id + 1) << 6) | tag, 0 meaning empty, where the tag is the fingerprint's low 6 bits; probes
// compare tags first so most mismatches never touch FINGERPRINT. The home slot is the
// fingerprint's top bits. The table is one contiguous power-of-two run of pages (a probe is a
// single load), presized for the expected count, and doubles — rehashing every id in id order —
// when an insert would push the load past 3/4.

import { U64, at64, newColumn, reserve } from "./column";
import { allocRun, freeRun } from "./pageAllocator";

const FINGERPRINT = newColumn(U64);

let table: usize = 0;
let tablePages: u32 = 0;
let bits: u32 = 0;
let mask: u32 = 0;
let count: u32 = 0;
let growAt: u32 = 0;
/** Where the last find that missed stopped, so an insert right after it need not probe again. */
let missSlot: u32 = 0;
let missFp: u64 = 0;
let missValid: bool = false;
/** Sum of prefetching loads (kept so the loads are not optimized away). */
let touched: u32 = 0;

/** Minimum table: one page of entries. */
const MIN_BITS: u32 = 14;

function allocate(b: u32): void {
  bits = b;
  mask = (1 << b) - 1;
  growAt = <u32>((<u64>3 << b) >> 2);
  tablePages = max<u32>(1, (<u32>1 << b) >> 14);
  table = allocRun(tablePages);
}

/** Sizes the table for `expected` ids at load ≤ 3/4. Call once, before any insert. */
export function presize(expected: u32): void {
  let b = MIN_BITS;
  while (b < 30 && ((<u64>3 << b) >> 2) < <u64>expected) b++;
  allocate(b);
}

// @ts-ignore: decorator
@inline function home(fp: u64): u32 {
  return <u32>(fp >> (64 - bits));
}

// @ts-ignore: decorator
@inline function tagOf(fp: u64): u32 {
  return <u32>fp & 63;
}

// @ts-ignore: decorator
@inline function entryAt(i: u32): u32 {
  return load<u32>(table + (<usize>i << 2));
}

/** The id with fingerprint `fp`, or −1. */
export function find(fp: u64): i32 {
  if (bits == 0) return -1;
  const tag = tagOf(fp);
  let i = home(fp);
  let e = entryAt(i);
  while (e != 0) {
    if ((e & 63) == tag) {
      const id = (e >> 6) - 1;
      if (load<u64>(at64(FINGERPRINT, id)) == fp) return <i32>id;
    }
    i = (i + 1) & mask;
    e = entryAt(i);
  }
  missSlot = i;
  missFp = fp;
  missValid = true;
  return -1;
}

function grow(): void {
  const oldTable = table;
  const oldPages = tablePages;
  allocate(bits + 1);
  for (let id: u32 = 0; id < count; id++) {
    const fp = load<u64>(at64(FINGERPRINT, id));
    let i = home(fp);
    while (entryAt(i) != 0) i = (i + 1) & mask;
    store<u32>(table + (<usize>i << 2), ((id + 1) << 6) | tagOf(fp));
  }
  freeRun(oldTable, oldPages);
}

/** Stores fp as the next id in slot i (or rehashes when the table is full enough). */
function add(fp: u64, i: u32): u32 {
  const id = count;
  reserve(FINGERPRINT, id + 1);
  store<u64>(at64(FINGERPRINT, id), fp);
  count++;
  missValid = false;
  if (count > growAt) {
    grow();
  } else {
    store<u32>(table + (<usize>i << 2), ((id + 1) << 6) | tagOf(fp));
  }
  return id;
}

/** Inserts `fp`, which the last find() reported absent; returns its new id. */
export function insertAbsent(fp: u64): u32 {
  if (missValid && missFp == fp) return add(fp, missSlot);
  find(fp);
  return add(fp, missSlot);
}

/**
 * Inserts `fp` unless present. Returns (id << 1) | 1 for a new id, (id << 1) for an existing one.
 * The caller checks MAX_STATES first.
 */
export function insert(fp: u64): u32 {
  if (bits == 0) presize(0);
  const found = find(fp);
  if (found >= 0) return <u32>found << 1;
  return (add(fp, missSlot) << 1) | 1;
}

/** Loads the home slot of fp so a later probe finds it in cache (batched inserts). */
export function prefetch(fp: u64): void {
  if (bits != 0) touched += entryAt(home(fp));
}

/**
 * Loads the home slot of fp (Wasm has no prefetch instruction: a load whose value is kept has the
 * same effect, and several such loads in a row overlap their misses).
 */
// @ts-ignore: decorator
@inline export function touchHome(fp: u64): void {
  touched += entryAt(home(fp));
}

/**
 * Walks fp's probe sequence and loads the stored fingerprint of every entry whose tag matches, so
 * a find right after costs no miss on a state already present. Run after touchHome on a batch:
 * the slots are then in cache and only the fingerprint loads miss, all of them together.
 */
export function touchProbe(fp: u64): void {
  const tag = tagOf(fp);
  let i = home(fp);
  let e = entryAt(i);
  while (e != 0) {
    if ((e & 63) == tag) touched += <u32>load<u64>(at64(FINGERPRINT, (e >> 6) - 1));
    i = (i + 1) & mask;
    e = entryAt(i);
  }
}

/** Ids inserted so far. */
export function size(): u32 {
  return count;
}

/** The fingerprint of id. */
// @ts-ignore: decorator
@inline export function fingerprintOf(id: u32): u64 {
  return load<u64>(at64(FINGERPRINT, id));
}

/** Table entries (for memory accounting). */
export function tableCapacity(): u32 {
  return bits == 0 ? 0 : <u32>1 << bits;
}
