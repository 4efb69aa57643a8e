import type { Effect } from "../../apiserver/effect.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";

/**
 * How an isolated run's worker sends the growth of its graph to the main thread. A state goes as
 * the explorer holds it: its interned numbers, (key, object version) slots and pending request
 * ids, never as a world of objects or a list of reconciles. Everything that repeats is sent once
 * and referred to by number: worlds (knative-serving's 63,786 states have 3,970) and pending
 * lists, object versions (in worlds and in the effects of steps), keys, requests, outcomes, and
 * step records (a replayed reconcile's step is the same record as the run
 * it replays, so a graph of 150,000 transitions has a few thousand distinct records). The main
 * thread builds a state's objects and pending list only when something asks for them.
 * Numbers travel in one typed array, beside the tables (`sharedRecordLog.ts` copies it as it
 * is). Structured-cloning the graph as one object per state, step and edge cost more CPU time
 * than exploring it; listing each state's world and pending reconciles to send them still cost
 * a fifth of it.
 *
 * Every table continues the one of the previous delta: the first entry of `objects` gets the
 * number after the last object sent, and so on.
 */
/** The columns of a delta's numbers, in the order they are laid out. */
const COLUMNS = [
  /** State ids of the new states (numbered from the number of states sent before): each fingerprint as two 32-bit halves, high first. */
  "ids",
  "depths",
  /** Outcome numbers. */
  "outcomes",
  /** World numbers: a world (the objects of a state) is sent once, however many states have it. */
  "worlds",
  /** Pending list numbers, likewise. */
  "pendingLists",
  /** New worlds (numbered from the number of worlds sent before): (key number, object number) pairs, by key number, one world after the other; `worldEnds[i]` is where world i's end. */
  "worldSlots",
  "worldEnds",
  /** New pending lists: request numbers, laid out like `worldSlots`. */
  "pendingRequests",
  "pendingEnds",
  /** States sent before whose outcome or depth changed. */
  "changedStates",
  "changedDepths",
  "changedOutcomes",
  /** The record number of each new step (steps are numbered densely in the order they ran). */
  "steps",
  /** New edges as (from, to, step) triples. */
  "edges",
] as const;

export type DeltaColumn = (typeof COLUMNS)[number];

/** A delta's numbers by column: views into its one array. */
export type DeltaColumns = Record<DeltaColumn, Int32Array<ArrayBufferLike>>;

/** What a delta sends as structured clones: the new entries of each table. */
export interface PackedTables {
  /** New object versions. */
  objects: KubeObject[];
  /** New object keys (`objectKeyString`), numbered as the explorer interned them: key ids are dense and sent in order. */
  keys: string[];
  /** New pending requests, numbered as the explorer interned them (dense, in order): reconciler id, namespace, name, one after the other. */
  requests: string[];
  /** New distinct outcomes; an outcome carrying more than its kind and reason is never shared. */
  outcomes: StateOutcome[];
  /** New distinct step records, their effects' `before` and `after` as object numbers. */
  records: PackedStepRecord[];
}

export interface PackedGraphDelta {
  tables: PackedTables;
  /** Every column's length, then the columns, in the order of `DeltaColumn` (`deltaColumns` reads them). */
  numbers: Int32Array<ArrayBufferLike>;
}

/** The columns laid out in one array, after their lengths. */
export function packColumns(columns: Record<DeltaColumn, number[]>): Int32Array {
  let total = COLUMNS.length;
  for (const c of COLUMNS) total += columns[c].length;
  const all = new Int32Array(total);
  let at = COLUMNS.length;
  COLUMNS.forEach((c, i) => {
    all[i] = columns[c].length;
    all.set(columns[c], at);
    at += columns[c].length;
  });
  return all;
}

/** The columns of a delta's numbers, as views. */
export function deltaColumns(numbers: Int32Array<ArrayBufferLike>): DeltaColumns {
  const out = {} as DeltaColumns;
  let at = COLUMNS.length;
  COLUMNS.forEach((c, i) => {
    const length = numbers[i]!;
    out[c] = numbers.subarray(at, at + length);
    at += length;
  });
  if (at !== numbers.length) throw new RangeError(`a delta of ${numbers.length} numbers whose columns add up to ${at}`);
  return out;
}

/** An effect as sent: its object versions as numbers into the object table. */
export type PackedEffect = Omit<Effect, "before" | "after"> & { before?: number; after?: number };

/** A step record as sent: its effects packed. */
export type PackedStepRecord = Omit<StepRecord, "effects"> & { effects: PackedEffect[] };

/** Whether `delta` carries nothing (a record can then leave it out). */
export function isEmpty(delta: PackedGraphDelta): boolean {
  const t = delta.tables;
  if (t.objects.length > 0 || t.keys.length > 0 || t.requests.length > 0 || t.records.length > 0 || t.outcomes.length > 0) return false;
  for (let i = 0; i < COLUMNS.length; i++) if (delta.numbers[i] !== 0) return false;
  return true;
}
