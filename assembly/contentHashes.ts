// The 64-bit content hashes the host registers for its interned ids: keys, versions, requests.
// Fingerprints are computed from these only, never from the ids, so they are stable across runs.
// Requests store their fingerprint term (mixRequest of the hash) since that is all a state needs.

import { E_HASH_CONFLICT, fail } from "./coreError";
import { U64, U8, at64, at8, newColumn, reserve } from "./column";
import { mixRequest } from "./fingerprint";

const KEY_HASH = newColumn(U64);
const KEY_SET = newColumn(U8);
const VERSION_HASH = newColumn(U64);
const VERSION_SET = newColumn(U8);
const REQUEST_TERM = newColumn(U64);
const REQUEST_HASH = newColumn(U64);
const REQUEST_SET = newColumn(U8);

let keyLimit: u32 = 0;
let versionLimit: u32 = 0;
let requestLimit: u32 = 0;

function put(hashes: usize, set: usize, id: u32, hash: u64): i32 {
  reserve(hashes, id + 1);
  reserve(set, id + 1);
  if (load<u8>(at8(set, id)) != 0) return load<u64>(at64(hashes, id)) == hash ? 0 : fail(E_HASH_CONFLICT, id);
  store<u64>(at64(hashes, id), hash);
  store<u8>(at8(set, id), 1);
  return 0;
}

/** Registers a key's hash; 0 or −E_HASH_CONFLICT. */
export function registerKeyHash(id: u32, hash: u64): i32 {
  const r = put(KEY_HASH, KEY_SET, id, hash);
  if (r == 0 && id >= keyLimit) keyLimit = id + 1;
  return r;
}

/** Registers a version's hash; 0 or −E_HASH_CONFLICT. */
export function registerVersionHash(id: u32, hash: u64): i32 {
  const r = put(VERSION_HASH, VERSION_SET, id, hash);
  if (r == 0 && id >= versionLimit) versionLimit = id + 1;
  return r;
}

/** Registers a request's hash; 0 or −E_HASH_CONFLICT. */
export function registerRequestHash(id: u32, hash: u64): i32 {
  const r = put(REQUEST_HASH, REQUEST_SET, id, hash);
  if (r == 0) {
    reserve(REQUEST_TERM, id + 1);
    store<u64>(at64(REQUEST_TERM, id), mixRequest(hash));
    if (id >= requestLimit) requestLimit = id + 1;
  }
  return r;
}

/** One more than the highest registered key id: dense per-key tables cover [0, keyBound). */
export function keyBound(): u32 {
  return keyLimit;
}

// @ts-ignore: decorator
@inline export function keyKnown(id: u32): bool {
  return id < keyLimit && load<u8>(at8(KEY_SET, id)) != 0;
}

// @ts-ignore: decorator
@inline export function versionKnown(id: u32): bool {
  return id < versionLimit && load<u8>(at8(VERSION_SET, id)) != 0;
}

// @ts-ignore: decorator
@inline export function requestKnown(id: u32): bool {
  return id < requestLimit && load<u8>(at8(REQUEST_SET, id)) != 0;
}

// @ts-ignore: decorator
@inline export function keyHash(id: u32): u64 {
  return load<u64>(at64(KEY_HASH, id));
}

// @ts-ignore: decorator
@inline export function versionHash(id: u32): u64 {
  return load<u64>(at64(VERSION_HASH, id));
}

// @ts-ignore: decorator
@inline export function requestTerm(id: u32): u64 {
  return load<u64>(at64(REQUEST_TERM, id));
}
