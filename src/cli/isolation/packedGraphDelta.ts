import type { Effect } from "../../apiserver/effect.ts";
import type { PendingReconcile } from "../../explore/exploreResult.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";

/**
 * How an isolated run's worker sends the growth of its graph to the main thread. Everything that
 * repeats is sent once and referred to by number: object versions (in states and in the effects
 * of steps), pending reconciles, and step records (a replayed reconcile's step is the same record
 * as the run it replays, so a graph of 150,000 transitions has a few thousand distinct records).
 * Numbers travel in typed arrays whose buffers are transferred, not copied, once there are many of
 * them (`Numbers`). Structured-cloning the graph as one object per state, step and edge cost more
 * CPU time than exploring it.
 *
 * Every table continues the one of the previous delta: the first entry of `objects` gets the
 * number after the last object sent, and so on.
 */
/**
 * A column of numbers: a typed array when long (its buffer is transferred), a plain array when
 * short. Most deltas carry a state or two, and transferring a buffer costs more than copying a
 * few numbers; a run sends one delta per reconcile and invariant check it runs.
 */
export type Numbers = Int32Array | number[];

/** Columns at least this long travel as typed arrays. */
export const TYPED_FROM = 256;

/** `numbers` as it travels best (see `Numbers`). */
export function column(numbers: number[]): Numbers {
  return numbers.length >= TYPED_FROM ? Int32Array.from(numbers) : numbers;
}

export interface PackedGraphDelta {
  /** New object versions. */
  objects: KubeObject[];
  /** New distinct pending reconciles. */
  pendings: PendingReconcile[];
  /** New distinct step records, their effects' `before` and `after` as object numbers. */
  records: PackedStepRecord[];
  /** States new since the last delta, numbered from the number of states sent before. */
  added: {
    ids: string[];
    depths: Numbers;
    outcomes: StateOutcome[];
    /** Object numbers of all new states, one state after the other; `objectEnds[i]` is where state i's end. */
    objects: Numbers;
    objectEnds: Numbers;
    /** Pending reconcile numbers, laid out like `objects`. */
    pendings: Numbers;
    pendingEnds: Numbers;
  };
  /** States sent before whose outcome or depth changed. */
  changed: { states: Numbers; depths: Numbers; outcomes: StateOutcome[] };
  /** The record number of each new step (steps are numbered densely in the order they ran). */
  steps: Numbers;
  /** New edges as (from, to, step) triples. */
  edges: Numbers;
}

/** An effect as sent: its object versions as numbers into the object table. */
export type PackedEffect = Omit<Effect, "before" | "after"> & { before?: number; after?: number };

/** A step record as sent: its effects packed. */
export type PackedStepRecord = Omit<StepRecord, "effects"> & { effects: PackedEffect[] };

/** The buffers of a delta's typed arrays, to transfer with the message instead of copying them. */
export function transferables(delta: PackedGraphDelta): ArrayBuffer[] {
  const arrays = [
    delta.added.depths,
    delta.added.objects,
    delta.added.objectEnds,
    delta.added.pendings,
    delta.added.pendingEnds,
    delta.changed.states,
    delta.changed.depths,
    delta.steps,
    delta.edges,
  ];
  return arrays.filter((a) => a instanceof Int32Array).map((a) => a.buffer as ArrayBuffer);
}

/** Whether `delta` carries nothing (a message can then leave it out). */
export function isEmpty(delta: PackedGraphDelta): boolean {
  return delta.objects.length === 0 && delta.pendings.length === 0 && delta.records.length === 0 && delta.added.ids.length === 0 && delta.changed.states.length === 0 && delta.steps.length === 0 && delta.edges.length === 0;
}
