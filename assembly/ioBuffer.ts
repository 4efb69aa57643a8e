// Contiguous buffers at the host boundary. The host writes call arguments into the input buffer
// and reads results from the output buffer; the scratch buffer is the core's own contiguous
// working space (sorting). Each grows by reallocation to the next power-of-two page count, so the
// host must re-read the addresses (and re-create its views) after any call.

import { PAGE, allocRun, freeRun } from "./pageAllocator";

let inPtr: usize = 0;
let inPages: u32 = 0;
let outPtr: usize = 0;
let outPages: u32 = 0;
let scratchPtr: usize = 0;
let scratchPages: u32 = 0;

function pagesFor(bytes: u32): u32 {
  let p: u32 = 1;
  while (<u64>p * PAGE < <u64>bytes) p <<= 1;
  return p;
}

/** The input buffer, at least `bytes` long. Its contents are not kept when it grows. */
export function inputBuffer(bytes: u32): usize {
  if (<u64>inPages * PAGE < <u64>bytes || inPtr == 0) {
    if (inPtr != 0) freeRun(inPtr, inPages);
    inPages = pagesFor(bytes);
    inPtr = allocRun(inPages);
  }
  return inPtr;
}

/** The output buffer, at least `bytes` long. Its contents are not kept when it grows. */
export function outputBuffer(bytes: u32): usize {
  if (<u64>outPages * PAGE < <u64>bytes || outPtr == 0) {
    if (outPtr != 0) freeRun(outPtr, outPages);
    outPages = pagesFor(bytes);
    outPtr = allocRun(outPages);
  }
  return outPtr;
}

/** The scratch buffer, at least `bytes` long. Its contents are not kept when it grows. */
export function scratchBuffer(bytes: u32): usize {
  if (<u64>scratchPages * PAGE < <u64>bytes || scratchPtr == 0) {
    if (scratchPtr != 0) freeRun(scratchPtr, scratchPages);
    scratchPages = pagesFor(bytes);
    scratchPtr = allocRun(scratchPages);
  }
  return scratchPtr;
}

/** Address of the output buffer (results of the last call). */
export function outputAddress(): usize {
  return outPtr;
}
