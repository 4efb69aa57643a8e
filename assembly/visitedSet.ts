// The visited set: fingerprint → state id, by open addressing with linear probing.
//
// Ids are dense (0, 1, 2, … in insertion order) and each id's fingerprint lives in FINGERPRINT,
// which is also the state table's fingerprint column. A table entry is a u32:
// ((id + 1) << 6) | tag, 0 meaning empty, where the tag is the fingerprint's low 6 bits; probes
// compare tags first so most mismatches never touch FINGERPRINT. The home slot is the
// fingerprint's top bits. The table is a power of two, presized for the expected count, and
// doubles (rehashing every id in id order) when an insert would push the load past 3/4.

import { U32, U64, at32, at64, moveInto, newColumn, reserve } from "./column";

const FINGERPRINT = newColumn(U64);
const TABLE = newColumn(U32);
const SPARE = newColumn(U32);

let bits: u32 = 0;
let mask: u32 = 0;
let count: u32 = 0;
let growAt: u32 = 0;

/** Minimum table: one page of entries. */
const MIN_BITS: u32 = 14;

function allocate(d: usize, b: u32): void {
  reserve(d, 1 << b);
}

function setBits(b: u32): void {
  bits = b;
  mask = (1 << b) - 1;
  growAt = <u32>((<u64>3 << b) >> 2);
}

/** Sizes the table for `expected` ids at load ≤ 3/4. Call once, before any insert. */
export function presize(expected: u32): void {
  let b = MIN_BITS;
  while (b < 30 && ((<u64>3 << b) >> 2) < <u64>expected) b++;
  setBits(b);
  allocate(TABLE, b);
}

// @ts-ignore: decorator
@inline function home(fp: u64): u32 {
  return <u32>(fp >> (64 - bits));
}

// @ts-ignore: decorator
@inline function tagOf(fp: u64): u32 {
  return <u32>fp & 63;
}

/** The id with fingerprint `fp`, or −1. */
export function find(fp: u64): i32 {
  if (bits == 0) return -1;
  const tag = tagOf(fp);
  let i = home(fp);
  let e = load<u32>(at32(TABLE, i));
  while (e != 0) {
    if ((e & 63) == tag) {
      const id = (e >> 6) - 1;
      if (load<u64>(at64(FINGERPRINT, id)) == fp) return <i32>id;
    }
    i = (i + 1) & mask;
    e = load<u32>(at32(TABLE, i));
  }
  return -1;
}

function place(fp: u64, id: u32): void {
  let i = home(fp);
  while (load<u32>(at32(TABLE, i)) != 0) i = (i + 1) & mask;
  store<u32>(at32(TABLE, i), ((id + 1) << 6) | tagOf(fp));
}

function grow(): void {
  setBits(bits + 1);
  allocate(SPARE, bits);
  moveInto(TABLE, SPARE);
  for (let id: u32 = 0; id < count; id++) place(load<u64>(at64(FINGERPRINT, id)), id);
}

/**
 * Inserts `fp` unless present. Returns (id << 1) | 1 for a new id, (id << 1) for an existing one.
 * The caller checks MAX_STATES first.
 */
export function insert(fp: u64): u32 {
  if (bits == 0) presize(0);
  const tag = tagOf(fp);
  let i = home(fp);
  for (;;) {
    const e = load<u32>(at32(TABLE, i));
    if (e == 0) break;
    if ((e & 63) == tag) {
      const id = (e >> 6) - 1;
      if (load<u64>(at64(FINGERPRINT, id)) == fp) return id << 1;
    }
    i = (i + 1) & mask;
  }
  const id = count;
  reserve(FINGERPRINT, id + 1);
  store<u64>(at64(FINGERPRINT, id), fp);
  count++;
  if (count > growAt) {
    grow();
  } else {
    store<u32>(at32(TABLE, i), ((id + 1) << 6) | tag);
  }
  return (id << 1) | 1;
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

/** The fingerprint column's descriptor, for the host to copy from. */
export function fingerprintColumn(): usize {
  return FINGERPRINT;
}
