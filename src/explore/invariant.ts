import { KameraError } from "../kameraError.ts";
import { describeThrown, describeValue } from "../objects/safeDescribe.ts";
import type { StateView } from "./stateView.ts";

/** When an invariant is checked: on every state, or only on converged (final) states. */
export type InvariantWhen = "always" | "converged";

/**
 * A property every (or every converged) state must have. Returns `true` when the state is fine,
 * or `false` / a string describing the violation.
 */
export type InvariantFn = (state: StateView) => boolean | string;

export interface InvariantRegistration {
  name: string;
  check: InvariantFn;
  when: InvariantWhen;
}

/** Runs an invariant, turning a failure (or a throw) into a message; undefined when it holds. */
export function evaluateInvariant(inv: InvariantRegistration, view: StateView): string | undefined {
  let verdict: boolean | string;
  try {
    verdict = inv.check(view);
  } catch (e) {
    // A KameraError is a misconfiguration (a kind written "Pod" instead of "core/Pod"), not a
    // property of the state: failing the exploration says so, where a violation at the initial
    // state would blame the controllers.
    if (e instanceof KameraError) throw new KameraError(`invariant "${inv.name}": ${e.message}`);
    return `invariant threw: ${describeThrown(e).error}`;
  }
  if (typeof verdict === "object" && verdict !== null && typeof (verdict as PromiseLike<unknown>).then === "function") {
    // Its eventual rejection must not become an unhandled rejection that ends the process.
    Promise.resolve(verdict).catch(() => undefined);
    throw new KameraError(`invariant "${inv.name}" returned a Promise: invariants are checked synchronously on each state; make the check a plain (non-async) function of the state`);
  }
  if (verdict === true) return undefined;
  if (verdict === false) return `invariant "${inv.name}" does not hold`;
  // An empty message is still a violation (the check did not return true); it gets a readable one.
  if (typeof verdict === "string") return verdict === "" ? `invariant "${inv.name}" does not hold (its message was empty)` : verdict;
  return `invariant "${inv.name}" returned ${describeValue(verdict)}; expected true, false or a message`;
}
