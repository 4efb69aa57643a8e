import type { KubeObject } from "../../objects/kubeObject.ts";
import type { ExploreResult, ResultState } from "../../explore/exploreResult.ts";
import { objectDigest } from "../../results/objectDigest.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { stateRows, type StateRow } from "../model/stateRows.ts";
import { outcomeStyle, type OutcomeStyle } from "./outcomeStyle.ts";

/** A result state as the terminal lists it: the inspectors' shared row, with its terminal colour. */
export interface StateEntry extends StateRow {
  readonly style: OutcomeStyle;
}

/**
 * What the inspector needs to look things up in a result: the states it lists (converged first,
 * then livelocks, then aborted ones), the world of any state id, and short object hashes. Lookups
 * that touch the whole graph are built on first use, so opening a huge result stays instant.
 */
export class ResultIndex {
  readonly entries: StateEntry[];
  private readonly byId = new Map<string, ResultState>();
  private graphIds: Map<string, number> | undefined;
  private readonly hashes = new WeakMap<object, string>();

  constructor(
    readonly result: ExploreResult,
    readonly graph?: ResultGraph,
  ) {
    this.entries = stateRows(result).map((row) => {
      this.byId.set(row.state.id, row.state);
      return { ...row, style: outcomeStyle(row.category, row.state.reason) };
    });
  }

  /** The objects of the state with this id: from the graph when there is one, else from the result's own states. */
  worldOf(stateId: string): readonly KubeObject[] | undefined {
    if (this.graph) {
      this.graphIds ??= this.indexGraph(this.graph);
      const n = this.graphIds.get(stateId);
      if (n !== undefined) return this.graph.objects(n);
    }
    return this.byId.get(stateId)?.objects;
  }

  /** Whether saving a dump is possible (it needs the graph). */
  get canSave(): boolean {
    return this.graph !== undefined;
  }

  /** The first 8 hex digits of an object's content digest (computed once per object). */
  shortHash(obj: KubeObject): string {
    let h = this.hashes.get(obj);
    if (h === undefined) {
      h = objectDigest(obj).slice(0, 8);
      this.hashes.set(obj, h);
    }
    return h;
  }

  private indexGraph(graph: ResultGraph): Map<string, number> {
    const ids = new Map<string, number>();
    for (let s = 0; s < graph.stateCount(); s++) ids.set(graph.stateId(s), s);
    return ids;
  }
}
