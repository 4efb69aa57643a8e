import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { Effect } from "./effect.ts";

/** A reconcile waiting in a controller's work queue. */
export interface PendingReconcile {
  reconcilerId: string;
  request: Request;
}

/** One transition on a path: a reconcile that ran, what it wrote, and the states around it. */
export interface Step {
  reconcilerId: string;
  request: Request;
  /** Writes only, in call order. */
  effects: Effect[];
  error?: string;
  requeue?: boolean;
  requeueAfter?: number;
  /** `ctx.choose` picks of this transition, as "label=index". */
  choices?: string[];
  /** For a reconcile from a restarted (stale) view: the history position it saw, per kind. */
  staleView?: Record<string, number>;
  stateBefore: string;
  stateAfter: string;
}

/** A sequence of steps from the initial state. */
export type Path = Step[];

/** Why a state is in `abortedStates`. */
export type AbortReason = "max-depth" | "error" | "invariant" | "no-views" | "limit";

/**
 * One distinct state the exploration reports: converged, aborted or non-converging.
 *
 * @example
 * ```ts
 * for (const s of result.convergedStates) console.log(s.id, s.pathCount, s.paths.map(pathSignature));
 * ```
 */
export interface ResultState {
  /** Stable across runs: derived from the state fingerprint. */
  id: string;
  reason: string;
  error?: string;
  failedReconcile?: PendingReconcile;
  /** Sorted by kind, namespace, name. */
  objects: KubeObject[];
  pending: PendingReconcile[];
  /** Distinct execution paths from the initial state to here. */
  pathCount: bigint;
  /** A cycle lies on some path here: `pathCount` is then meaningless. */
  pathCountInfinite: boolean;
  /**
   * The count saturated at 2^64 − 1 (`pathCount` is then that bound, and the true number at
   * least it); the inspectors show "≥ 18,446,744,073,709,551,615".
   */
  pathCountOverflow?: boolean;
  /** Unique effectful paths, up to a cap. */
  paths: Path[];
  pathsTruncated: boolean;
  /** For a non-converging state: one turn of the cycle it is stuck in, starting and ending here. */
  cycle?: Path;
}

/** An invariant that failed, with the shortest known path to the state where it failed. */
export interface Violation {
  invariant: string;
  message: string;
  stateId: string;
  path: Path;
}

/** Counters of an exploration. */
export interface ExploreStats {
  statesVisited: number;
  uniqueStates: number;
  transitions: number;
  /** Reconciler runs actually executed. */
  reconcilesExecuted: number;
  /** Transitions made from a recorded run instead of running the reconciler (`memoizeReconciles`). */
  reconcilesReplayed: number;
  maxDepth: number;
  durationMs: number;
  statesPerSecond: number;
  frontierSize: number;
  /** TLC-style estimate of the probability that two distinct states shared a fingerprint: n²/2⁶⁵. */
  collisionProbability: number;
  convergedCount: number;
  abortedCount: number;
  engine: string;
}

/**
 * Everything an exploration found.
 *
 * @example
 * ```ts
 * const result = await explorer.explore(initial);
 * if (result.nonConverging.length) console.log("livelock!", result.nonConverging[0].paths[0]);
 * ```
 */
export interface ExploreResult {
  convergedStates: ResultState[];
  abortedStates: ResultState[];
  nonConverging: ResultState[];
  violations: Violation[];
  stats: ExploreStats;
  complete: boolean;
}
