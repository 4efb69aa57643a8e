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
