import type { KubeObject } from "../objects/kubeObject.ts";
import { buildExploreResult } from "./buildExploreResult.ts";
import type { ExploreResult, ResultState } from "./exploreResult.ts";
import type { ResultGraph } from "./resultGraph.ts";
import { CoreResultGraph } from "./coreResultGraph.ts";
import { Exploration } from "./exploration.ts";
import type { ExplorerConfig } from "./explorerBuilder.ts";
import type { ExploreOptions, NondeterminismReport } from "./exploreOptions.ts";
import type { InitialState } from "./initialStateBuilder.ts";

/** An exploration's result, with the explored graph (for dumps and inspectors) and determinism reports. */
export interface ExploreOutcome extends ExploreResult {
  /** The explored state graph (not enumerable: it is large and derived data points into it). */
  readonly graph: ResultGraph;
  /** Reconcilers found nondeterministic: writes that differed on a second run (`determinismCheck`), or runs that read different things after the same answers (reconcile memoization). */
  nondeterministic: NondeterminismReport[];
  /** Why the search stopped early, when `complete` is false: "signal" | "timeout" | "maxStates". */
  stopReason?: string;
}

/**
 * Explores every interleaving of the registered reconcilers from an initial state. Build one with
 * `ExplorerBuilder.build()`.
 *
 * @example
 * ```ts
 * const result = await explorer.explore(initial, { strategy: "bfs" });
 * console.log(result.convergedStates.length, result.stats.uniqueStates);
 * ```
 */
export class Explorer {
  constructor(readonly config: ExplorerConfig) {}

  /** Runs the exploration. Rejects only for bad input (a `KameraError`); reconciler failures are results. */
  async explore(initial: InitialState, opts: ExploreOptions = {}): Promise<ExploreOutcome> {
    const x = new Exploration(this.config, opts);
    await x.run(initial);
    const complete = x.stopReason === undefined;
    const graph = new CoreResultGraph(x, complete);
    const result = buildExploreResult(graph, { pathCap: opts.pathCap, stats: x.stats(), complete }) as ExploreOutcome;
    Object.defineProperty(result, "graph", { value: graph, enumerable: false });
    result.nondeterministic = x.nondeterministic;
    if (x.stopReason) result.stopReason = x.stopReason;
    return result;
  }

  /** The objects of a result state, sorted by kind, namespace, name. */
  objects(state: ResultState): KubeObject[] {
    return state.objects;
  }
}
