import type { KubeObject } from "../../objects/kubeObject.ts";
import type { ExploreResult, ResultState, Violation } from "../../explore/exploreResult.ts";
import { objectDigest } from "../../results/objectDigest.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { outcomeStyle, type OutcomeStyle, type StateCategory } from "./outcomeStyle.ts";

/** A result state as the inspector lists it. */
export interface StateEntry {
  state: ResultState;
  category: StateCategory;
  style: OutcomeStyle;
  /** Invariant failures in this state. */
  violations: Violation[];
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
    const violationsOf = new Map<string, Violation[]>();
    for (const v of result.violations) {
      const list = violationsOf.get(v.stateId);
      if (list) list.push(v);
      else violationsOf.set(v.stateId, [v]);
    }
    const entry = (state: ResultState, category: StateCategory): StateEntry => {
      this.byId.set(state.id, state);
      return { state, category, style: outcomeStyle(category, state.reason), violations: violationsOf.get(state.id) ?? [] };
    };
    this.entries = [
      ...result.convergedStates.map((s) => entry(s, "converged")),
      ...result.nonConverging.map((s) => entry(s, "non-converging")),
      ...result.abortedStates.map((s) => entry(s, s.reason === "invariant" ? "violation" : "aborted")),
    ];
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
