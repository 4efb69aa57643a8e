import type { ExploreResult, ResultState, Violation } from "../../explore/exploreResult.ts";

/** What became of a listed state; both inspectors colour a row by it. */
export type StateCategory = "converged" | "keeps-failing" | "non-converging" | "violation" | "aborted";

/** One row of the states list, the same in the terminal and on the page. */
export interface StateRow {
  readonly state: ResultState;
  readonly category: StateCategory;
  /** `converged`, `keeps failing: <reconciler>`, `non-converging`, `violation` or `aborted: <reason>`: fits a narrow column. */
  readonly label: string;
  /** The invariants this state breaks (empty unless `category` is "violation"). */
  readonly violations: readonly Violation[];
}

/**
 * The states list of a result: converged states first, then reconcilers that keep failing, then
 * non-converging ones (livelocks), then aborted ones, each group in the result's order. An aborted state whose reason is an invariant is
 * a violation.
 *
 * @example
 * ```ts
 * for (const row of stateRows(result)) console.log(row.state.id, outcomeText(row));
 * ```
 */
export function stateRows(result: ExploreResult): StateRow[] {
  const violationsOf = new Map<string, Violation[]>();
  for (const v of result.violations) {
    const list = violationsOf.get(v.stateId);
    if (list) list.push(v);
    else violationsOf.set(v.stateId, [v]);
  }
  const row = (state: ResultState, category: StateCategory): StateRow => ({
    state,
    category,
    label: labelOf(state, category),
    violations: violationsOf.get(state.id) ?? [],
  });
  return [
    ...result.convergedStates.map((s) => row(s, "converged")),
    ...(result.keepsFailing ?? []).map((s) => row(s, "keeps-failing")),
    ...result.nonConverging.map((s) => row(s, "non-converging")),
    ...result.abortedStates.map((s) => row(s, s.reason === "invariant" ? "violation" : "aborted")),
  ];
}

function labelOf(state: ResultState, category: StateCategory): string {
  if (category === "aborted") return `aborted: ${state.reason}`;
  if (category === "keeps-failing") return `keeps failing: ${state.failedReconcile?.reconcilerId ?? "?"}`;
  return category;
}

/**
 * A row's outcome with the invariants a violation breaks: `violation: one config map`. Where there
 * is room for it (the page's badge, a state's details); `label` where there is not.
 *
 * @example
 * ```ts
 * outcomeText(row); // "violation: config exists"
 * ```
 */
export function outcomeText(row: StateRow): string {
  if (row.category !== "violation" || row.violations.length === 0) return row.label;
  return `violation: ${row.violations.map((v) => v.invariant).join(", ")}`;
}

/** A path count as shown: `∞` behind a cycle, `≥ 18,446,744,073,709,551,615` when it saturated, else with thousands separators. */
export { pathCountText } from "../../explore/pathCountBound.ts";

/** Unique effectful paths as shown, with `+` when their enumeration was capped. */
export function uniquePathsText(state: Pick<ResultState, "paths" | "pathsTruncated">): string {
  return `${state.paths.length}${state.pathsTruncated ? "+" : ""}`;
}
