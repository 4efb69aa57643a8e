// Failures the core reports to the host: a negative return value −code, with the offending value
// in errorDetail and, for batches, the record index in errorRecord. The codes match CoreErrorCode
// in bindings/coreInput.ts, which turns them into messages.

export const E_NO_INITIAL: i32 = 1;
export const E_INITIAL_TWICE: i32 = 2;
export const E_UNKNOWN_STATE: i32 = 3;
export const E_KEY_UNREGISTERED: i32 = 4;
export const E_VERSION_UNREGISTERED: i32 = 5;
export const E_REQUEST_UNREGISTERED: i32 = 6;
export const E_DUPLICATE_KEY: i32 = 7;
export const E_PENDING_ORDER: i32 = 8;
export const E_BATCH_MALFORMED: i32 = 9;
export const E_TOO_MANY_STATES: i32 = 10;
export const E_HASH_CONFLICT: i32 = 11;
/** The instance is a standalone visited set (benchmarks) and cannot hold states, or vice versa. */
export const E_WRONG_MODE: i32 = 12;
/** A batch's per-record priorities do not number its records (detail: the record count). */
export const E_PRIORITY_COUNT: i32 = 13;

/** Most states a core holds: the visited set packs id + 1 into 26 bits. */
export const MAX_STATES: u32 = (1 << 26) - 1;

let detail: u32 = 0;
let record: i32 = -1;

/** Records a failure and returns the value to hand back (−code). */
export function fail(code: i32, value: u32): i32 {
  detail = value;
  return -code;
}

/** Sets the batch record the next failure refers to (−1: none). */
export function setRecord(r: i32): void {
  record = r;
}

export function errorDetail(): u32 {
  return detail;
}

export function errorRecord(): i32 {
  return record;
}
