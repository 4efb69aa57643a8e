/**
 * The mixing functions of state fingerprints, in BigInt arithmetic: the reference engine's
 * definition, which the Wasm engine (`assembly/fingerprint.ts`) reproduces bit for bit.
 *
 * Each function is exactly XXH64 (the 64-bit xxHash of Yann Collet) of a short little-endian byte
 * string, with a per-kind seed that keeps the three kinds of terms apart:
 *
 * - `mixSlot(keyHash, versionHash)  = XXH64(le64(keyHash) ‖ le64(versionHash), seed 1)`
 * - `mixRequest(requestHash)        = XXH64(le64(requestHash), seed 2)`
 * - `mixCursor(i, a, b)             = XXH64(le32(i) ‖ le32(a) ‖ le32(b), seed 3)`
 *
 * A fingerprint is the sum (mod 2^64) of one term per present slot, pending request and cursor
 * pair, so it does not depend on the order they are listed in and a child's fingerprint is its
 * parent's minus the terms that left plus the terms that arrived. Because each term is a full
 * XXH64 avalanche, the sum behaves like a random 64-bit value of the state's content.
 */

const MASK = (1n << 64n) - 1n;
const P1 = 0x9e3779b185ebca87n;
const P2 = 0xc2b2ae3d27d4eb4fn;
const P3 = 0x165667b19e3779f9n;
const P4 = 0x85ebca77c2b2ae63n;
const P5 = 0x27d4eb2f165667c5n;

/** Seeds that separate the three kinds of fingerprint terms. */
export const SLOT_SEED = 1n;
export const REQUEST_SEED = 2n;
export const CURSOR_SEED = 3n;

function rotl(x: bigint, r: bigint): bigint {
  return ((x << r) | (x >> (64n - r))) & MASK;
}

/** One XXH64 8-byte lane step of the tail loop (inputs shorter than 32 bytes). */
function lane64(h: bigint, lane: bigint): bigint {
  const k = (rotl((lane * P2) & MASK, 31n) * P1) & MASK;
  h ^= k;
  return (rotl(h, 27n) * P1 + P4) & MASK;
}

/** One XXH64 4-byte lane step of the tail. */
function lane32(h: bigint, lane: bigint): bigint {
  h ^= (lane * P1) & MASK;
  return (rotl(h, 23n) * P2 + P3) & MASK;
}

function avalanche(h: bigint): bigint {
  h ^= h >> 33n;
  h = (h * P2) & MASK;
  h ^= h >> 29n;
  h = (h * P3) & MASK;
  h ^= h >> 32n;
  return h;
}

/** The fingerprint term of slot keyHash → versionHash (both 64-bit content hashes). */
export function mixSlot(keyHash: bigint, versionHash: bigint): bigint {
  let h = (SLOT_SEED + P5 + 16n) & MASK;
  h = lane64(h, keyHash & MASK);
  h = lane64(h, versionHash & MASK);
  return avalanche(h);
}

/** The fingerprint term of one pending request (its 64-bit content hash). */
export function mixRequest(requestHash: bigint): bigint {
  let h = (REQUEST_SEED + P5 + 8n) & MASK;
  h = lane64(h, requestHash & MASK);
  return avalanche(h);
}

/** The fingerprint term of the cursor pair (a, b) at position i of the cursor vector. */
export function mixCursor(i: number, a: number, b: number): bigint {
  let h = (CURSOR_SEED + P5 + 12n) & MASK;
  h = lane64(h, BigInt(i >>> 0) | (BigInt(a >>> 0) << 32n));
  h = lane32(h, BigInt(b >>> 0));
  return avalanche(h);
}

/** (a + b) mod 2^64. */
export function addMod64(a: bigint, b: bigint): bigint {
  return (a + b) & MASK;
}

/** (a − b) mod 2^64. */
export function subMod64(a: bigint, b: bigint): bigint {
  return (a - b) & MASK;
}
