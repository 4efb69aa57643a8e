import type { Effect } from "../../apiserver/effect.ts";
import type { PendingReconcile } from "../../explore/exploreResult.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";

/**
 * How an isolated run's worker sends the growth of its graph to the main thread. Everything that
 * repeats is sent once and referred to by number: object versions (in states and in the effects
 * of steps), pending reconciles, outcomes, and step records (a replayed reconcile's step is the same record
 * as the run it replays, so a graph of 150,000 transitions has a few thousand distinct records).
 * Numbers travel in one typed array (`Numbers`). Structured-cloning the graph as one object per
 * state, step and edge cost more CPU time than exploring it.
 *
 * Every table continues the one of the previous delta: the first entry of `objects` gets the
 * number after the last object sent, and so on.
 */
/** A column of numbers: a view into the one buffer that holds all of a delta's columns (one copy, not eleven). */
export type Numbers = Int32Array;

/** `columns` laid out in one buffer, each returned as a view into it (in the order given). */
export function columns(columns: number[][]): Int32Array[] {
  let total = 0;
  for (const c of columns) total += c.length;
  const all = new Int32Array(total);
  let at = 0;
  return columns.map((c) => {
    all.set(c, at);
    at += c.length;
    return all.subarray(at - c.length, at);
  });
}

export interface PackedGraphDelta {
  /** New object versions. */
  objects: KubeObject[];
  /** New distinct pending reconciles. */
  pendings: PendingReconcile[];
  /** New distinct outcomes; an outcome carrying more than its kind and reason is never shared. */
  outcomes: StateOutcome[];
  /** New distinct step records, their effects' `before` and `after` as object numbers. */
  records: PackedStepRecord[];
  /** States new since the last delta, numbered from the number of states sent before. */
  added: {
    ids: string[];
    depths: Numbers;
    /** Outcome numbers. */
    outcomes: Numbers;
    /** Object numbers of all new states, one state after the other; `objectEnds[i]` is where state i's end. */
    objects: Numbers;
    objectEnds: Numbers;
    /** Pending reconcile numbers, laid out like `objects`. */
    pendings: Numbers;
    pendingEnds: Numbers;
  };
  /** States sent before whose outcome or depth changed. */
  changed: { states: Numbers; depths: Numbers; outcomes: Numbers };
  /** The record number of each new step (steps are numbered densely in the order they ran). */
  steps: Numbers;
  /** New edges as (from, to, step) triples. */
  edges: Numbers;
}

/** An effect as sent: its object versions as numbers into the object table. */
export type PackedEffect = Omit<Effect, "before" | "after"> & { before?: number; after?: number };

/** A step record as sent: its effects packed. */
export type PackedStepRecord = Omit<StepRecord, "effects"> & { effects: PackedEffect[] };

/** Whether `delta` carries nothing (a record can then leave it out). */
export function isEmpty(delta: PackedGraphDelta): boolean {
  return delta.objects.length === 0 && delta.pendings.length === 0 && delta.records.length === 0 && delta.outcomes.length === 0 && delta.added.ids.length === 0 && delta.changed.states.length === 0 && delta.steps.length === 0 && delta.edges.length === 0;
}
