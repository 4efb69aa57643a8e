import { describeThrown, describeValue } from "./objects/safeDescribe.ts";
import type { ReconcileResult } from "./reconciler.ts";

/** What a reconcile's return value asks for, or why it is not a valid answer. */
export type CheckedReconcileResult = { requeue: boolean; requeueAfter?: number } | { error: string };

/**
 * Checks what a reconcile returned: undefined, null or `{ requeue?, requeueAfter? }`.
 * `requeueAfter` must be a finite number of milliseconds, at least 0 (0 means no timed requeue,
 * as in controller-runtime): `Infinity`, `NaN` or a negative delay is the reconciler's bug and is
 * reported on its step, rather than written into results as `null` that a dump cannot load.
 *
 * @example
 * ```ts
 * checkReconcileResult("web", { requeueAfter: 500 });        // { requeue: true, requeueAfter: 500 }
 * checkReconcileResult("web", { requeueAfter: Infinity });   // { error: "reconcile of web returned … " }
 * ```
 */
export function checkReconcileResult(id: string, result: ReconcileResult | void | null | unknown): CheckedReconcileResult {
  if (result === undefined || result === null) return { requeue: false };
  if (typeof result !== "object") {
    return { error: `reconcile of ${id} returned ${describeValue(result)}; expected undefined or { requeue?, requeueAfter? }` };
  }
  let requeue: unknown;
  let requeueAfter: unknown;
  try {
    ({ requeue, requeueAfter } = result as ReconcileResult);
  } catch (e) {
    return { error: `reconcile of ${id} returned an object whose fields cannot be read: ${describeThrown(e).error}` };
  }
  if (requeueAfter !== undefined && (typeof requeueAfter !== "number" || !Number.isFinite(requeueAfter) || requeueAfter < 0)) {
    return {
      error: `reconcile of ${id} returned { requeueAfter: ${describeValue(requeueAfter)} }; requeueAfter must be a finite number of milliseconds, 0 or more`,
    };
  }
  if (typeof requeueAfter === "number" && requeueAfter > 0) return { requeue: true, requeueAfter };
  return { requeue: Boolean(requeue) };
}
