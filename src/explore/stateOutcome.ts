import type { PendingReconcile } from "./pendingReconcile.ts";

/**
 * What became of a state. Intermediate states (expanded, not final) have kind "expanded".
 *
 * @example
 * ```ts
 * const finals = Array.from({ length: graph.stateCount() }, (_, s) => s).filter((s) => graph.outcome(s).kind === "converged");
 * ```
 */
export type OutcomeKind = "converged" | "aborted" | "expanded" | "unexpanded";

/**
 * Why the exploration ended a branch at a state: it lies at max depth, a reconcile failed with
 * `abortOnError`, or an invariant failed there.
 *
 * @example
 * ```ts
 * if (graph.outcome(s).reason === "invariant") console.log(graph.outcome(s).violations);
 * ```
 */
export type StateAbortReason = "max-depth" | "error" | "invariant";

/** Every state abort reason, for readers of dumps. */
export const STATE_ABORT_REASONS: readonly StateAbortReason[] = ["max-depth", "error", "invariant"];

/**
 * What became of one state of the graph.
 *
 * @example
 * ```ts
 * const outcome: StateOutcome = { kind: "aborted", reason: "invariant", violations: [{ invariant: "one pod", message: "two pods" }] };
 * ```
 */
export interface StateOutcome {
  kind: OutcomeKind;
  /** For aborted states. */
  reason?: StateAbortReason;
  error?: string;
  failedReconcile?: PendingReconcile;
  /** Invariants that failed in this state (reason "invariant"). */
  violations?: { invariant: string; message: string }[];
}
