import type { KubeObject } from "../../../objects/kubeObject.ts";
import type { ExploreStats, PendingReconcile } from "../../../explore/exploreResult.ts";
import type { StateOutcome } from "../../../explore/stateOutcome.ts";
import type { StepRecord } from "../../../explore/stepRecord.ts";
import type { Budget } from "../../../compare/budget.ts";
import type { StrategyComparison, StrategyRun } from "../../../compare/compareStrategies.ts";

/**
 * Messages between the page and the exploration worker. The worker streams the explored graph as
 * deltas: new objects, new or changed states, new steps and new edges since the last message, so
 * the page can draw results while the search runs without the worker ever re-sending the graph.
 */

/** Search settings the page may choose; the scenario's own options apply underneath. */
export interface LiveSettings {
  strategy?: "dfs" | "bfs";
  maxStates?: number;
  maxDepth?: number;
  engine?: "wasm" | "reference";
  /** `ExploreOptions.memoizeReconciles`: off runs every reconcile (slower; to watch a search grow, or to compare). */
  memoizeReconciles?: boolean;
}

/** A strategy comparison on the bundled bug corpus (every bundled scenario that carries a counterexample). */
export interface CompareRequest {
  /** As `kamera strategies --strategies` takes them, e.g. "pct:depth=2". */
  strategies: string[];
  /** Seeds 1..seeds for each seeded strategy. */
  seeds: number;
  budget: Budget;
}

/** Page → worker. `stop` stops an exploration or a comparison. */
export type ToWorker = { type: "start"; scenario: string; settings: LiveSettings } | { type: "compare"; request: CompareRequest } | { type: "stop" };

/** A state as the worker sends it: objects are indices into the object table built from all deltas. */
export interface DeltaState {
  /** State number (0 is the initial state). */
  index: number;
  id: string;
  depth: number;
  outcome: StateOutcome;
  objects: number[];
  pending: PendingReconcile[];
}

/**
 * What changed since the previous delta. `objects` continue the object table (the first one gets
 * the index after the last one sent); `steps` and `edges` continue theirs; `states` holds every
 * state that is new or whose outcome or depth changed.
 */
export interface GraphDelta {
  objects: KubeObject[];
  states: DeltaState[];
  steps: StepRecord[];
  edges: [number, number, number][];
}

/** A bundled scenario as the page lists it. */
export interface ScenarioListing {
  name: string;
  description: string;
}

/** Worker → page. */
export type FromWorker =
  | { type: "ready"; scenarios: ScenarioListing[] }
  | { type: "progress"; delta: GraphDelta; stats: ExploreStats }
  | { type: "done"; delta: GraphDelta; stats: ExploreStats; complete: boolean; stopReason?: string; warnings: string[] }
  | { type: "failed"; message: string; detail?: string }
  | { type: "compareProgress"; runsDone: number; runsTotal: number; run: StrategyRun }
  | { type: "compared"; comparison: StrategyComparison };
