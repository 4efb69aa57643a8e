import type { Effect } from "../apiserver/effect.ts";
import type { Request } from "../reconciler.ts";

/**
 * A reconcile as it ran: one per transition (edges share a step when they are the same reconcile).
 *
 * @example
 * ```ts
 * const step: StepRecord = { reconcilerId: "FooController", request: { namespace: "default", name: "foo" }, effects: [] };
 * ```
 */
export interface StepRecord {
  reconcilerId: string;
  request: Request;
  effects: Effect[];
  error?: string;
  /** Where the user's code threw, as `file:line:col` (see `Step.errorLocation`). */
  errorLocation?: string;
  requeue?: boolean;
  requeueAfter?: number;
  /** `ctx.choose` picks, as "label=index". */
  choices?: string[];
  /** For a reconcile from a restarted (stale) view: the history position it saw, per kind. */
  staleView?: Record<string, number>;
}

/** What a step says besides its reconcile and effects, as results and dumps carry it: only the fields that say something. */
export type StepOutcomeFields = Pick<StepRecord, "error" | "errorLocation" | "requeueAfter" | "choices" | "staleView"> & { requeue?: true };

/**
 * A step record's outcome fields that say something (an error, a requeue, choices, a stale
 * view), in the order results and dumps write them: a dump's bytes depend on that order.
 *
 * @example
 * ```ts
 * const step = { reconcilerId: rec.reconcilerId, request: rec.request, effects: rec.effects, ...stepOutcomeFields(rec) };
 * ```
 */
export function stepOutcomeFields(rec: StepRecord): StepOutcomeFields {
  const out: StepOutcomeFields = {};
  if (rec.error !== undefined) out.error = rec.error;
  if (rec.errorLocation !== undefined) out.errorLocation = rec.errorLocation;
  if (rec.requeue) out.requeue = true;
  if (rec.requeueAfter !== undefined) out.requeueAfter = rec.requeueAfter;
  if (rec.choices?.length) out.choices = rec.choices;
  if (rec.staleView) out.staleView = rec.staleView;
  return out;
}
