import { KameraError } from "../kameraError.ts";
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
    return `invariant threw: ${e instanceof Error ? e.message : String(e)}`;
  }
  if (verdict === true) return undefined;
  if (verdict === false) return `invariant "${inv.name}" does not hold`;
  if (typeof verdict === "string") return verdict;
  return `invariant "${inv.name}" returned ${JSON.stringify(verdict)}; expected true, false or a message`;
}
