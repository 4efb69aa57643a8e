// Fingerprint terms, bit-identical to bindings/fingerprintMix.ts. Each is exactly XXH64 of a short
// little-endian byte string with a per-kind seed:
//   mixSlot(keyHash, versionHash) = XXH64(le64(keyHash) ‖ le64(versionHash), seed 1)
//   mixRequest(requestHash)       = XXH64(le64(requestHash), seed 2)
//   mixCursor(i, a, b)            = XXH64(le32(i) ‖ le32(a) ‖ le32(b), seed 3)
// A state's fingerprint is the wrapping sum of one term per present slot, pending request and
// cursor pair: order-independent, and updated from the parent by subtracting the terms that left
// and adding the ones that arrived.

const P1: u64 = 0x9E3779B185EBCA87;
const P2: u64 = 0xC2B2AE3D27D4EB4F;
const P3: u64 = 0x165667B19E3779F9;
const P4: u64 = 0x85EBCA77C2B2AE63;
const P5: u64 = 0x27D4EB2F165667C5;

// XXH64's tail step for one 8-byte lane (inputs shorter than 32 bytes take only tail steps).
// @ts-ignore: decorator
@inline function lane64(h: u64, lane: u64): u64 {
  h ^= rotl<u64>(lane * P2, 31) * P1;
  return rotl<u64>(h, 27) * P1 + P4;
}

// XXH64's tail step for one 4-byte lane.
// @ts-ignore: decorator
@inline function lane32(h: u64, lane: u64): u64 {
  h ^= lane * P1;
  return rotl<u64>(h, 23) * P2 + P3;
}

// @ts-ignore: decorator
@inline function avalanche(h: u64): u64 {
  h ^= h >> 33;
  h *= P2;
  h ^= h >> 29;
  h *= P3;
  return h ^ (h >> 32);
}

/** The term of slot keyHash → versionHash. */
// @ts-ignore: decorator
@inline export function mixSlot(keyHash: u64, versionHash: u64): u64 {
  return avalanche(lane64(lane64(1 + P5 + 16, keyHash), versionHash));
}

/** The term of one pending request. */
// @ts-ignore: decorator
@inline export function mixRequest(requestHash: u64): u64 {
  return avalanche(lane64(2 + P5 + 8, requestHash));
}

/** The term of cursor pair (a, b) at position i. */
// @ts-ignore: decorator
@inline export function mixCursor(i: u32, a: u32, b: u32): u64 {
  return avalanche(lane32(lane64(3 + P5 + 12, <u64>i | (<u64>a << 32)), <u64>b));
}
