// The byte arena holding every state's record (see stateStore.ts): unsigned LEB128 varints
// appended to a paged u8 column. Small key and version ids take one or two bytes instead of four.
// Records may cross page boundaries; the reader follows them with a cached page pointer.

import { U8, at8, newColumn, reserve } from "./column";

const BYTES = newColumn(U8);
let length: u32 = 0;
// The writer's position in its current page: bytes left there, and the address of the next byte.
let writeRoom: u32 = 0;
let writePtr: usize = 0;

let readPos: u32 = 0;
let readPtr: usize = 0;
let readEnd: usize = 0;

/**
 * Makes room for a record of up to `pairs` (key, version) pairs plus its two header varints and
 * returns the offset it will start at. Writes must follow with writeVarint only.
 */
export function reserveRecord(pairs: u32): u32 {
  reserve(BYTES, <u32>min<u64>(<u64>length + 10 + 10 * <u64>pairs, 0xffffffff));
  return length;
}

// @ts-ignore: decorator
@inline function writeByte(b: u32): void {
  if (writeRoom == 0) {
    writePtr = at8(BYTES, length);
    writeRoom = 65536 - (length & 65535);
  }
  store<u8>(writePtr++, <u8>b);
  writeRoom--;
  length++;
}

/**
 * Appends v as an unsigned LEB128 varint (1–5 bytes) to the reserved record. Inlined: a new
 * state writes six of them, and a call each cost more than the bytes. A varint that may cross
 * into the next page takes the byte-at-a-time path.
 */
// @ts-ignore: decorator
@inline export function writeVarint(v: u32): void {
  if (writeRoom < 5) {
    writeVarintAcross(v);
    return;
  }
  let p = writePtr;
  while (v >= 0x80) {
    store<u8>(p++, (v & 0x7f) | 0x80);
    v >>= 7;
  }
  store<u8>(p++, v);
  const n = <u32>(p - writePtr);
  writePtr = p;
  writeRoom -= n;
  length += n;
}

function writeVarintAcross(v: u32): void {
  while (v >= 0x80) {
    writeByte((v & 0x7f) | 0x80);
    v >>= 7;
  }
  writeByte(v);
}

/** Positions the reader at `offset`. */
export function seek(offset: u32): void {
  readPos = offset;
  readPtr = at8(BYTES, offset);
  readEnd = readPtr + (65536 - <usize>(offset & 65535));
}

// @ts-ignore: decorator
@inline function nextByte(): u32 {
  if (readPtr == readEnd) {
    readPtr = at8(BYTES, readPos);
    readEnd = readPtr + 65536;
  }
  readPos++;
  return load<u8>(readPtr++);
}

/** Reads the varint at the reader's position and advances past it. */
export function readVarint(): u32 {
  let b = nextByte();
  let v = b & 0x7f;
  let shift: u32 = 7;
  while (b & 0x80) {
    b = nextByte();
    v |= (b & 0x7f) << shift;
    shift += 7;
  }
  return v;
}

/** Bytes written. */
export function arenaBytes(): u32 {
  return length;
}
