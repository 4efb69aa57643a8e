// Hash-consed (pending set, cursor vector) pairs. Many states share the same pending requests and
// staleness cursors, so a state stores a small id instead of the lists. Each entry keeps its
// fingerprint contribution (sum of its request and cursor terms) and its content in ARENA as
// [nPending, pending…, nCursorPairs, a0, b0, a1, b1, …]. An open-addressing index keyed by the
// contribution finds an entry; content is compared in full, so the table is exact.

import { U32, U64, at32, at64, moveInto, newColumn, reserve } from "./column";
import { mixCursor } from "./fingerprint";
import { requestTerm } from "./contentHashes";

const OFFSET = newColumn(U32);
const CONTRIBUTION = newColumn(U64);
const ARENA = newColumn(U32);
const INDEX = newColumn(U32);
const SPARE = newColumn(U32);

let entries: u32 = 0;
let arenaLength: u32 = 0;
let bits: u32 = 0;
let mask: u32 = 0;

/** The fingerprint contribution of a pending set and cursor vector held in contiguous memory. */
export function contributionOf(pending: usize, nPending: u32, cursors: usize, nPairs: u32): u64 {
  let h: u64 = 0;
  for (let i: u32 = 0; i < nPending; i++) h += requestTerm(load<u32>(pending + (<usize>i << 2)));
  for (let i: u32 = 0; i < nPairs; i++) {
    const p = cursors + (<usize>i << 3);
    h += mixCursor(i, load<u32>(p), load<u32>(p, 4));
  }
  return h;
}

function same(id: u32, pending: usize, nPending: u32, cursors: usize, nPairs: u32): bool {
  let o = load<u32>(at32(OFFSET, id));
  const words = 2 + nPending + (nPairs << 1);
  if ((o & 16383) + words <= 16384) {
    // Within one page (nearly always: entries are a few words): compare through one address.
    const a = at32(ARENA, o);
    if (load<u32>(a) != nPending) return false;
    for (let i: u32 = 0; i < nPending; i++) {
      if (load<u32>(a + 4 + (<usize>i << 2)) != load<u32>(pending + (<usize>i << 2))) return false;
    }
    const c = a + 4 + (<usize>nPending << 2);
    if (load<u32>(c) != nPairs) return false;
    for (let i: u32 = 0; i < nPairs << 1; i++) {
      if (load<u32>(c + 4 + (<usize>i << 2)) != load<u32>(cursors + (<usize>i << 2))) return false;
    }
    return true;
  }
  if (load<u32>(at32(ARENA, o)) != nPending) return false;
  o++;
  for (let i: u32 = 0; i < nPending; i++, o++) {
    if (load<u32>(at32(ARENA, o)) != load<u32>(pending + (<usize>i << 2))) return false;
  }
  if (load<u32>(at32(ARENA, o)) != nPairs) return false;
  o++;
  const n = nPairs << 1;
  for (let i: u32 = 0; i < n; i++, o++) {
    if (load<u32>(at32(ARENA, o)) != load<u32>(cursors + (<usize>i << 2))) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline function home(h: u64): u32 {
  return <u32>(h >> (64 - bits));
}

/** The entry with this content and contribution, or −1. */
export function findEntry(h: u64, pending: usize, nPending: u32, cursors: usize, nPairs: u32): i32 {
  if (bits == 0) return -1;
  let i = home(h);
  let e = load<u32>(at32(INDEX, i));
  while (e != 0) {
    const id = e - 1;
    if (load<u64>(at64(CONTRIBUTION, id)) == h && same(id, pending, nPending, cursors, nPairs)) return <i32>id;
    i = (i + 1) & mask;
    e = load<u32>(at32(INDEX, i));
  }
  return -1;
}

function place(id: u32): void {
  let i = home(load<u64>(at64(CONTRIBUTION, id)));
  while (load<u32>(at32(INDEX, i)) != 0) i = (i + 1) & mask;
  store<u32>(at32(INDEX, i), id + 1);
}

function resize(b: u32): void {
  bits = b;
  mask = (1 << b) - 1;
  reserve(SPARE, 1 << b);
  moveInto(INDEX, SPARE);
  for (let id: u32 = 0; id < entries; id++) place(id);
}

/** Adds an entry known to be absent (findEntry returned −1); returns its id. */
export function addEntry(h: u64, pending: usize, nPending: u32, cursors: usize, nPairs: u32): u32 {
  const id = entries;
  const start = arenaLength;
  const n = 2 + nPending + (nPairs << 1);
  reserve(ARENA, start + n);
  let o = start;
  store<u32>(at32(ARENA, o++), nPending);
  for (let i: u32 = 0; i < nPending; i++) store<u32>(at32(ARENA, o++), load<u32>(pending + (<usize>i << 2)));
  store<u32>(at32(ARENA, o++), nPairs);
  for (let i: u32 = 0; i < nPairs << 1; i++) store<u32>(at32(ARENA, o++), load<u32>(cursors + (<usize>i << 2)));
  arenaLength = o;
  reserve(OFFSET, id + 1);
  reserve(CONTRIBUTION, id + 1);
  store<u32>(at32(OFFSET, id), start);
  store<u64>(at64(CONTRIBUTION, id), h);
  entries++;
  // Keep the index at most half full; entries are few next to states, so space is not a concern.
  if (bits == 0 || entries << 1 > <u32>1 << bits) {
    resize(bits == 0 ? 12 : bits + 1);
  } else {
    place(id);
  }
  return id;
}

/** The fingerprint contribution of entry id. */
// @ts-ignore: decorator
@inline export function contribution(id: u32): u64 {
  return load<u64>(at64(CONTRIBUTION, id));
}

/** Writes entry id's pending ids to `out`; returns how many. */
export function copyPending(id: u32, out: usize): u32 {
  let o = load<u32>(at32(OFFSET, id));
  const n = load<u32>(at32(ARENA, o++));
  for (let i: u32 = 0; i < n; i++) store<u32>(out + (<usize>i << 2), load<u32>(at32(ARENA, o++)));
  return n;
}

/** Pending ids in entry id. */
export function pendingCount(id: u32): u32 {
  return load<u32>(at32(ARENA, load<u32>(at32(OFFSET, id))));
}

/** Writes entry id's cursor pairs to `out` (2 u32 each); returns the number of pairs. */
export function copyCursors(id: u32, out: usize): u32 {
  let o = load<u32>(at32(OFFSET, id));
  o += 1 + load<u32>(at32(ARENA, o));
  const n = load<u32>(at32(ARENA, o++));
  for (let i: u32 = 0; i < n << 1; i++) store<u32>(out + (<usize>i << 2), load<u32>(at32(ARENA, o++)));
  return n;
}

/** Cursor pairs in entry id. */
export function cursorPairCount(id: u32): u32 {
  const o = load<u32>(at32(OFFSET, id));
  return load<u32>(at32(ARENA, o + 1 + load<u32>(at32(ARENA, o))));
}
