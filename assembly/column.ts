// Paged columns: growable arrays of fixed-size elements stored in 64 KiB pages found through a
// one-page table of page addresses. Growing never copies and never wastes the old storage, which
// matters when a column holds tens of millions of entries. A column is a 16-byte descriptor in
// static memory: [0] page-table address (0 until first use), [4] pages allocated,
// [8] log2(elements per page), [12] capacity in elements (so the common reserve is one compare).
//
// Elements per page: u8 65536, u16 32768, u32 16384, u64/f64 8192, 16-byte records 4096. The
// page table holds 16384 pages, so a column holds up to 1 GiB.

import { allocPage, freeRun } from "./pageAllocator";

/** Pages a column's table can address. */
const TABLE_PAGES: u32 = 16384;

const DESCRIPTORS: usize = memory.data(16 * 64);
let descriptorCount: u32 = 0;

/** A new empty column with 2^log2PerPage elements per page (U8, U32 or U64). */
export function newColumn(log2PerPage: u32): usize {
  if (descriptorCount == 64) abort("kamera core: too many columns");
  const d = DESCRIPTORS + (<usize>descriptorCount << 4);
  descriptorCount++;
  store<u32>(d, log2PerPage, 8);
  return d;
}

/** Makes room for elements [0, n). New pages are zeroed. */
// @ts-ignore: decorator
@inline export function reserve(d: usize, n: u32): void {
  if (n > load<u32>(d, 12)) grow(d, n);
}

function grow(d: usize, n: u32): void {
  const shift = load<u32>(d, 8);
  const need = <u32>((<u64>n + (<u64>1 << shift) - 1) >> shift);
  let have = load<u32>(d, 4);
  if (need <= have) return;
  if (need > TABLE_PAGES) abort("kamera core: a column outgrew 1 GiB");
  let table = load<usize>(d);
  if (table == 0) {
    table = allocPage();
    store<usize>(d, table);
  }
  while (have < need) {
    store<usize>(table + (<usize>have << 2), allocPage());
    have++;
  }
  store<u32>(d, have, 4);
  store<u32>(d, have << shift, 12);
}

/** Frees every page of the column; it starts over empty. */
export function release(d: usize): void {
  const table = load<usize>(d);
  if (table == 0) return;
  const have = load<u32>(d, 4);
  for (let i: u32 = 0; i < have; i++) {
    const p = load<usize>(table + (<usize>i << 2));
    if (p != 0) freeRun(p, 1);
  }
  freeRun(table, 1);
  store<usize>(d, 0);
  store<u32>(d, 0, 4);
  store<u32>(d, 0, 12);
}

/** Frees page `page` of the column (its elements are dead: a consumed queue prefix). */
export function releasePage(d: usize, page: u32): void {
  const slot = load<usize>(d) + (<usize>page << 2);
  const p = load<usize>(slot);
  if (p != 0) {
    freeRun(p, 1);
    store<usize>(slot, 0);
  }
}

/** Moves the storage of `src` into `dst` (releasing what `dst` held); `src` ends up empty. */
export function moveInto(dst: usize, src: usize): void {
  release(dst);
  store<usize>(dst, load<usize>(src));
  store<u32>(dst, load<u32>(src, 4), 4);
  store<u32>(dst, load<u32>(src, 12), 12);
  store<usize>(src, 0);
  store<u32>(src, 0, 4);
  store<u32>(src, 0, 12);
}

/** Address of element i of a u8 column. */
// @ts-ignore: decorator
@inline export function at8(d: usize, i: u32): usize {
  return load<usize>(load<usize>(d) + (<usize>(i >> 16) << 2)) + <usize>(i & 65535);
}

/** Address of element i of a u16 column. */
// @ts-ignore: decorator
@inline export function at16(d: usize, i: u32): usize {
  return load<usize>(load<usize>(d) + (<usize>(i >> 15) << 2)) + (<usize>(i & 32767) << 1);
}

/** Address of element i of a 16-byte record column. */
// @ts-ignore: decorator
@inline export function at128(d: usize, i: u32): usize {
  return load<usize>(load<usize>(d) + (<usize>(i >> 12) << 2)) + (<usize>(i & 4095) << 4);
}

/** Address of element i of a u32 column. */
// @ts-ignore: decorator
@inline export function at32(d: usize, i: u32): usize {
  return load<usize>(load<usize>(d) + (<usize>(i >> 14) << 2)) + (<usize>(i & 16383) << 2);
}

/** Address of element i of a u64 or f64 column. */
// @ts-ignore: decorator
@inline export function at64(d: usize, i: u32): usize {
  return load<usize>(load<usize>(d) + (<usize>(i >> 13) << 2)) + (<usize>(i & 8191) << 3);
}

/** Log2 of elements per page for each element size. */
export const U8: u32 = 16;
export const U16: u32 = 15;
export const U32: u32 = 14;
export const U64: u32 = 13;
export const U128: u32 = 12;
