import { buildExploreResult } from "../../../results/buildExploreResult.ts";
import type { ExploreResult, ExploreStats, ResultState } from "../../../results/exploreResult.ts";
import type { ResultGraph } from "../../../results/resultGraph.ts";
import { pathCountText } from "../../../results/pathCountBound.ts";

/** How a listed state ended, as the inspectors name and colour it. */
export type RowOutcome = "converged" | "aborted" | "non-converging" | "violation";

/** One row of the states list: a result state and where it sits in the graph. */
export interface StateRow {
  state: ResultState;
  /** State number in the graph (the first member for a converged state standing for several). */
  index: number;
  outcome: RowOutcome;
  /** `converged`, `aborted: max-depth`, `non-converging`, `violation: <invariant>`. */
  label: string;
}

/** Where an inspected run came from, for the page header. */
export interface RunSource {
  /** "dump", "served" or "live". */
  kind: "dump" | "served" | "live";
  /** File name, URL or scenario name. */
  title: string;
  /** Free-form description (the scenario's, when known). */
  description?: string;
}

/**
 * A result being inspected: the explored graph, the result derived from it, and lookups the views
 * need (state rows, state numbers by id). Built the same way for a loaded dump, a served result
 * and a live exploration, so every view works on all three.
 *
 * @example
 * ```ts
 * const run = InspectedRun.of(decoded.graph, { complete: decoded.complete, stats: decoded.stats }, { kind: "dump", title: file.name });
 * run.rows.length;
 * ```
 */
export class InspectedRun {
  /** Converged states first, then non-converging ones, then aborted ones (violations among them). */
  readonly rows: StateRow[];
  private readonly indexById = new Map<string, number>();
  private readonly rowById = new Map<string, StateRow>();
  /** State numbers of states that lie on a livelock's cycle (drawn in the livelock colour). */
  readonly livelockStates = new Set<number>();

  constructor(
    readonly graph: ResultGraph,
    readonly result: ExploreResult,
    readonly source: RunSource,
  ) {
    for (let s = 0; s < graph.stateCount(); s++) this.indexById.set(graph.stateId(s), s);
    const rows: StateRow[] = [];
    for (const state of result.convergedStates) rows.push(this.row(state, "converged", "converged"));
    for (const state of result.nonConverging) {
      rows.push(this.row(state, "non-converging", "non-converging"));
      for (const step of state.cycle ?? []) {
        const s = this.indexOf(step.stateBefore);
        if (s !== undefined) this.livelockStates.add(s);
      }
      const rep = this.indexOf(state.id);
      if (rep !== undefined) this.livelockStates.add(rep);
    }
    for (const state of result.abortedStates) {
      const outcome = graph.outcome(this.indexOf(state.id) ?? 0);
      if (state.reason === "invariant") {
        const names = (outcome.violations ?? []).map((v) => v.invariant).join(", ");
        rows.push(this.row(state, "violation", names ? `violation: ${names}` : "violation"));
      } else {
        rows.push(this.row(state, "aborted", `aborted: ${state.reason}`));
      }
    }
    this.rows = rows;
    for (const r of rows) this.rowById.set(r.state.id, r);
  }

  /** Builds the result from a graph and wraps both. */
  static of(graph: ResultGraph, opts: { complete: boolean; stats?: ExploreStats }, source: RunSource): InspectedRun {
    return new InspectedRun(graph, buildExploreResult(graph, { complete: opts.complete, stats: opts.stats }), source);
  }

  /** The graph's state number of a state id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** The row of a state number, or undefined for an intermediate state. */
  rowOf(index: number): StateRow | undefined {
    return this.rowById.get(this.graph.stateId(index));
  }

  private row(state: ResultState, outcome: RowOutcome, label: string): StateRow {
    const index = this.indexOf(state.id);
    if (index === undefined) throw new Error(`result state ${state.id} is not in its graph`);
    return { state, index, outcome, label };
  }
}

/** A path count for display: `∞` when a cycle lies on a path, digits otherwise. */
export function formatPathCount(state: Pick<ResultState, "pathCount" | "pathCountInfinite"> & { pathCountOverflow?: boolean }): string {
  return pathCountText(state);
}
