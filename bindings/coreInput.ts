import { CoreError } from "./coreError.ts";

/**
 * What callers may hand the core, checked the same way by both engines so that a bad call fails
 * with the same message whichever engine runs. The Wasm engine reports the checks it makes inside
 * the module as one of these codes plus a detail value; the reference engine raises the same codes.
 */
export const CoreErrorCode = {
  NoInitialState: 1,
  InitialTwice: 2,
  UnknownState: 3,
  KeyUnregistered: 4,
  VersionUnregistered: 5,
  RequestUnregistered: 6,
  DuplicateKey: 7,
  PendingNotAscending: 8,
  BatchMalformed: 9,
  TooManyStates: 10,
  HashConflict: 11,
  PriorityCount: 13,
} as const;

/** Most states either engine stores (the Wasm visited set packs a state id into 26 bits). */
export const MAX_STATES = (1 << 26) - 1;

/** Largest interned id (key, version, request) either engine accepts: per-id tables are dense. */
export const MAX_ID = (1 << 27) - 1;

/** The CoreError for a failed core check: `op` is the Core method, `record` a batch record index. */
export function coreInputError(op: string, code: number, detail: number, record = -1): CoreError {
  const where = record >= 0 ? ` (batch record ${record})` : "";
  let what: string;
  switch (code) {
    case CoreErrorCode.NoInitialState:
      what = "there is no initial state yet; call addInitial first";
      break;
    case CoreErrorCode.InitialTwice:
      what = "the initial state already exists; addInitial must be called exactly once";
      break;
    case CoreErrorCode.UnknownState:
      what = `state ${detail} does not exist`;
      break;
    case CoreErrorCode.KeyUnregistered:
      what = `key id ${detail} has no registered hash; call registerKey first`;
      break;
    case CoreErrorCode.VersionUnregistered:
      what = `version id ${detail} has no registered hash; call registerVersion first`;
      break;
    case CoreErrorCode.RequestUnregistered:
      what = `request id ${detail} has no registered hash; call registerRequest first`;
      break;
    case CoreErrorCode.DuplicateKey:
      what = `key id ${detail} appears twice in one set of slots`;
      break;
    case CoreErrorCode.PendingNotAscending:
      what = `pending request ids must be strictly ascending; ${detail} is out of order or repeated`;
      break;
    case CoreErrorCode.BatchMalformed:
      what = `the batch of ${detail} u32s ends inside a record`;
      break;
    case CoreErrorCode.TooManyStates:
      what = `the core holds at most ${MAX_STATES} states`;
      break;
    case CoreErrorCode.PriorityCount:
      what = `priorities must hold one value per record; the batch has ${detail} records`;
      break;
    case CoreErrorCode.HashConflict:
      what = `id ${detail} is already registered with a different hash`;
      break;
    default:
      what = `internal error code ${code} (detail ${detail})`;
  }
  return new CoreError(`${op}: ${what}${where}`);
}

/** Throws unless `v` is an integer in [0, 2^32). */
export function checkU32(op: string, name: string, v: number): void {
  if (typeof v !== "number" || v >>> 0 !== v) {
    throw new CoreError(`${op}: ${name} must be an integer in [0, 2^32), got ${String(v)}`);
  }
}

/** Throws unless `h` is a bigint in [0, 2^64). */
export function checkHash(op: string, h: bigint): void {
  if (typeof h !== "bigint" || h < 0n || h >= 1n << 64n) {
    throw new CoreError(`${op}: the hash must be a bigint in [0, 2^64), got ${String(h)}`);
  }
}

/** Throws unless `id` names an existing state. */
export function checkState(op: string, id: number, stateCount: number): void {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= stateCount) {
    throw coreInputError(op, CoreErrorCode.UnknownState, Number(id));
  }
}

/** Throws unless `arr` is a Uint32Array of (a, b) pairs. */
export function checkPairs(op: string, name: string, arr: Uint32Array): void {
  if (!(arr instanceof Uint32Array)) throw new CoreError(`${op}: ${name} must be a Uint32Array`);
  if (arr.length % 2 !== 0) throw new CoreError(`${op}: ${name} must hold (a, b) pairs, got an odd length ${arr.length}`);
}

/** The shape of a state's vectors: (key, version) pairs named `pairsName`, pending ids, cursor pairs. Both engines check these before anything else. */
export function checkStateVectors(op: string, pairsName: string, pairs: Uint32Array, pending: Uint32Array, cursors: Uint32Array): void {
  checkPairs(op, pairsName, pairs);
  checkIds(op, "pending", pending);
  checkPairs(op, "cursors", cursors);
}

/** Throws unless `arr` is a Uint32Array. */
export function checkIds(op: string, name: string, arr: Uint32Array): void {
  if (!(arr instanceof Uint32Array)) throw new CoreError(`${op}: ${name} must be a Uint32Array`);
}

/** The priority to use: 0 when omitted; NaN is rejected because it orders against nothing. */
export function checkPriority(op: string, p: number | undefined): number {
  if (p === undefined) return 0;
  if (typeof p !== "number" || Number.isNaN(p)) throw new CoreError(`${op}: priority must be a number, got ${String(p)}`);
  return p;
}

/** Per-record priorities of a batch: a Float64Array without NaN (NaN orders against nothing). */
export function checkPriorities(op: string, priorities: Float64Array): void {
  if (!(priorities instanceof Float64Array)) throw new CoreError(`${op}: priorities must be a Float64Array`);
  for (let i = 0; i < priorities.length; i++) {
    if (Number.isNaN(priorities[i])) throw new CoreError(`${op}: priorities[${i}] is NaN; a priority must be a number`);
  }
}

/** Throws unless `flags` fits the 8 bits a state keeps. */
export function checkFlags(op: string, flags: number): void {
  if (typeof flags !== "number" || !Number.isInteger(flags) || flags < 0 || flags > 255) {
    throw new CoreError(`${op}: flags must be an integer in [0, 255], got ${String(flags)}`);
  }
}

/** Throws unless `id` names an existing edge. */
export function checkEdge(op: string, id: number, edgeCount: number): void {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id >= edgeCount) {
    throw new CoreError(`${op}: edge ${String(id)} does not exist`);
  }
}

/** Throws unless `id` is an integer in [0, MAX_ID]. */
export function checkRegisteredId(op: string, id: number): void {
  if (typeof id !== "number" || !Number.isInteger(id) || id < 0 || id > MAX_ID) {
    throw new CoreError(`${op}: the id must be an integer in [0, ${MAX_ID}], got ${String(id)}`);
  }
}
