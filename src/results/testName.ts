import type { ExploreResult, ResultState, Violation } from "../explore/exploreResult.ts";

/** A file name part: lower case letters, digits and dashes. */
export function testFileSlug(text: string): string {
  return text.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "").slice(0, 60) || "x";
}

/**
 * What a test of `state` is named after, between the scenario's name and `.test.ts`:
 * `violation-<invariant>`, `livelock-<id>`, `keeps-failing-<reconciler>-<id>`, or, for what only
 * an inspector exports, `<reason>-<id>` (`converged-<id>`, `error-<id>`), with the state id's
 * first 8 characters. A state aborted by an invariant is named after its violation, which is what
 * its test asserts. `--export-tests`, the terminal inspector's `t` key and the browser inspector's Export test
 * button all name tests this way.
 */
export function testName(result: ExploreResult, state: ResultState | Violation): string {
  if ("invariant" in state) return `violation-${testFileSlug(state.invariant)}`;
  const id = state.id.slice(0, 8);
  switch (state.reason) {
    case "invariant": {
      // The violation `exportTest` asserts for this state.
      const violation = result.violations.find((v) => v.stateId === state.id);
      return violation ? testName(result, violation) : `invariant-${id}`;
    }
    case "keeps-failing":
      return `keeps-failing-${testFileSlug(state.failedReconcile?.reconcilerId ?? "reconciler")}-${id}`;
    default:
      return `${state.reason}-${id}`;
  }
}
