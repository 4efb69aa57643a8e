import { el } from "./elementBuilder.ts";

/**
 * The mark of a reconcile that failed (it threw), wherever a lens names the reconcile: a "failed"
 * badge and the error it ended with. Without it a failed reconcile reads as a successful one.
 */
export function reconcileFailure(error: string): HTMLElement {
  return el("span", { class: "reconcile-failed", "data-testid": "reconcile-failed" }, el("span", { class: "badge violation" }, "failed"), " ", el("span", { class: "error-text" }, error));
}

/**
 * The mark of a reconcile the trace has no end record of, where a failed one gets `reconcileFailure`:
 * it was still running when the trace was cut, or its process died, so how it ended is unknown.
 */
export function reconcileUnfinished(): HTMLElement {
  return el("span", { class: "badge unfinished", "data-testid": "reconcile-unfinished", title: "no end record: still running when the trace was cut, or its process died" }, "unfinished");
}
