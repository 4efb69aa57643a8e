import { ChunkedIntList } from "./chunkedIntList.ts";
import type { StepRecord } from "./stepRecord.ts";

/**
 * The step record of every transition, by step id (one per transition, dense, in the order
 * transitions were made). Every replay of a recorded run is the same step, so a record is kept
 * once and a step id names it by number: a large graph's millions of steps cost four bytes each
 * outside the heap, not a heap slot each for the garbage collector to walk.
 *
 * @example
 * ```ts
 * const steps = new StepTable();
 * const r = steps.addRecord({ reconcilerId: "web", request: { namespace: "default", name: "a" }, effects: [] });
 * const s0 = steps.addStep(r), s1 = steps.addStep(r);
 * steps.get(s0) === steps.get(s1); // true
 * ```
 */
export class StepTable {
  private readonly records: StepRecord[] = [];
  private readonly recordOfStep = new ChunkedIntList(-1);

  /** Keeps a new record; returns its number, for `addStep`. */
  addRecord(record: StepRecord): number {
    return this.records.push(record) - 1;
  }

  /** A new step (transition) made by record number `record`; returns its step id. */
  addStep(record: number): number {
    if (record < 0 || record >= this.records.length) throw new RangeError(`no step record number ${record} (${this.records.length} kept)`);
    return this.recordOfStep.push(record);
  }

  /** The record number of step `stepId`, for another step made by the same run. */
  recordOf(stepId: number): number {
    const record = this.recordOfStep.get(stepId);
    if (record < 0) throw new RangeError(`no step with id ${stepId} (${this.recordOfStep.length} made)`);
    return record;
  }

  /** The record of step `stepId`, or undefined for an id never made. */
  get(stepId: number): StepRecord | undefined {
    const record = this.recordOfStep.get(stepId);
    return record < 0 ? undefined : this.records[record];
  }

  /** Steps made so far. */
  get length(): number {
    return this.recordOfStep.length;
  }
}
