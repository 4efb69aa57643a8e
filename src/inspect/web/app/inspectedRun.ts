import { buildExploreResult } from "../../../explore/buildExploreResult.ts";
import { applyDumpCounterexamples } from "../../../results/dumpCounterexamples.ts";
import type { DecodedCounterexample } from "../../../results/dumpDecoder.ts";
import type { ExploreResult, ExploreStats } from "../../../explore/exploreResult.ts";
import type { ResultGraph } from "../../../explore/resultGraph.ts";
import { stateRows, type StateRow } from "../../model/stateRows.ts";

/** One row of the states list (the terminal's row too) and where its state sits in the graph. */
export interface IndexedStateRow extends StateRow {
  /** State number in the graph (the first member for a converged state standing for several). */
  readonly index: number;
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
  readonly rows: IndexedStateRow[];
  private readonly indexById = new Map<string, number>();
  private readonly rowById = new Map<string, IndexedStateRow>();
  /** State numbers of states that lie on a livelock's cycle (drawn in the livelock colour). */
  readonly livelockStates = new Set<number>();
  /** State numbers where a reconciler keeps failing, and those on its failing loop (drawn in their own colour). */
  readonly failingStates = new Set<number>();

  constructor(
    readonly graph: ResultGraph,
    readonly result: ExploreResult,
    readonly source: RunSource,
    /** The run's warnings (a dump's stored ones, or a finished live run's); empty when none. */
    readonly warnings: readonly string[] = [],
  ) {
    for (let s = 0; s < graph.stateCount(); s++) this.indexById.set(graph.stateId(s), s);
    const rows = stateRows(result).map((row) => {
      const index = this.indexOf(row.state.id);
      if (index === undefined) throw new Error(`result state ${row.state.id} is not in its graph`);
      return { ...row, index };
    });
    for (const row of rows) {
      const marked = row.category === "non-converging" ? this.livelockStates : row.category === "keeps-failing" ? this.failingStates : undefined;
      if (marked === undefined) continue;
      for (const step of row.state.cycle ?? []) {
        const s = this.indexOf(step.stateBefore);
        if (s !== undefined) marked.add(s);
      }
      marked.add(row.index);
    }
    this.rows = rows;
    for (const r of rows) this.rowById.set(r.state.id, r);
  }

  /**
   * Builds the result from a graph and wraps both; a dump's stored counterexamples (the full
   * graph's shortest paths of a reduced run) replace the ones the graph alone would give.
   */
  static of(
    graph: ResultGraph,
    opts: { complete: boolean; stats?: ExploreStats; counterexamples?: readonly DecodedCounterexample[]; warnings?: readonly string[] },
    source: RunSource,
  ): InspectedRun {
    const result = buildExploreResult(graph, { complete: opts.complete, stats: opts.stats });
    applyDumpCounterexamples(result, opts.counterexamples ?? [], source.title);
    return new InspectedRun(graph, result, source, opts.warnings);
  }

  /** The graph's state number of a state id, or undefined. */
  indexOf(id: string): number | undefined {
    return this.indexById.get(id);
  }

  /** The row of a state number, or undefined for an intermediate state. */
  rowOf(index: number): IndexedStateRow | undefined {
    return this.rowById.get(this.graph.stateId(index));
  }
}
