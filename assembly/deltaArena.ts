// The byte arena holding every state's record (see stateStore.ts): unsigned LEB128 varints
// appended to a paged u8 column. Small key and version ids take one or two bytes instead of four.
// Records may cross page boundaries; the reader follows them with a cached page pointer.

import { U8, at8, newColumn, reserve } from "./column";

const BYTES = newColumn(U8);
let length: u32 = 0;

let readPos: u32 = 0;
let readPtr: usize = 0;
let readEnd: usize = 0;

/** Offset the next write goes to. */
export function writeOffset(): u32 {
  return length;
}

/** Appends v as an unsigned LEB128 varint (1–5 bytes). */
export function writeVarint(v: u32): void {
  reserve(BYTES, length + 5);
  while (v >= 0x80) {
    store<u8>(at8(BYTES, length++), <u8>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  store<u8>(at8(BYTES, length++), <u8>v);
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
