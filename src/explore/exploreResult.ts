import type { KubeObject } from "../objects/kubeObject.ts";
import type { Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { PendingReconcile } from "./pendingReconcile.ts";
import type { StateAbortReason } from "./stateOutcome.ts";
import type { ShorteningStats } from "./shorteningStats.ts";

export type { PendingReconcile } from "./pendingReconcile.ts";

/** One transition on a path: a reconcile that ran, what it wrote, and the states around it. */
export interface Step {
  reconcilerId: string;
  request: Request;
  /** Writes only, in call order. */
  effects: Effect[];
  /** Set when the reconcile threw, rejected or timed out: the error step `!` marks in path signatures. */
  error?: string;
  /** Where the reconciler's own code threw, as `file:line:col` (relative to the working directory when inside it); absent for timeouts and errors raised outside user code. */
  errorLocation?: string;
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

/** One distinct way a reconciler failed: its error and, when known, the line of the user's code that threw. */
export interface ReconcileError {
  reconcilerId: string;
  /** As on the failing step (`Step.error`). */
  error: string;
  /** As on the failing step (`Step.errorLocation`). */
  errorLocation?: string;
}

/** Why a state is in `abortedStates`: a state abort reason, or "limit" for a state a stopped search left unexpanded. */
export type AbortReason = StateAbortReason | "limit";

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
  /** "converged", "livelock", "keeps-failing" (a reconciler that fails on every retry), or why the state was aborted. */
  reason: "converged" | "livelock" | "keeps-failing" | AbortReason;
  error?: string;
  /** Where the user's code threw (`file:line:col`), for a state in `keepsFailing` or aborted with reason "error", when known. */
  errorLocation?: string;
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
  /** For a non-converging or keeps-failing state: one turn of the cycle it is stuck in, starting and ending here. */
  cycle?: Path;
  /**
   * For a livelock: every distinct error (reconciler, error, line) of the failing steps between
   * the states of its stuck component, on `cycle` or not, ordered by reconciler id, error and
   * line; empty when no step there fails.
   */
  errors?: ReconcileError[];
  /**
   * For a livelock or a failing reconciler found under a reduction: true when `paths[0]` and
   * `cycle` are the full graph's shortest path here and shortest cycle through here (see
   * `ExploreOptions.shortenCounterexamples`), false when that could not be settled within its
   * budget (they may be longer). Absent without a reduction: they are the explored graph's shortest.
   */
  shortest?: boolean;
}

/** An invariant that failed, with the shortest known path to the state where it failed. */
export interface Violation {
  invariant: string;
  message: string;
  stateId: string;
  path: Path;
  /**
   * Under a reduction: true when `path` is the full graph's shortest path to the state (see
   * `ExploreOptions.shortenCounterexamples`), false when that could not be settled within its
   * budget (the reduced graph's path, maybe longer). Absent without a reduction: `path` is the
   * explored graph's shortest (with `strategy: "bfs"` and a complete run, the full graph's).
   */
  shortest?: boolean;
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
  /**
   * The reduction the run applied ("por" or "noops"; absent: none). With one, the graph is the
   * reduced graph: states, transitions, path counts and paths describe it, not every
   * interleaving; converged worlds, violations and livelocks are those of the full graph, and
   * so (within `shorteningMaxStates`, see `shortest`) are counterexamples' shortest paths.
   */
  reduction?: "por" | "noops";
  /** With `reduction: "por"`: states expanded with only part of their pending reconciles. */
  reducedStates?: number;
  /** Under a reduction with counterexamples to shorten: what the search for their full-graph shortest paths cost (`shortenCounterexamples`). */
  shortening?: ShorteningStats;
}

/**
 * Everything an exploration found.
 *
 * @example
 * ```ts
 * const result = await explorer.explore(initial);
 * if (result.nonConverging.length) console.log("livelock!", result.nonConverging[0].paths[0]);
 * for (const s of result.keepsFailing) console.log(`${s.failedReconcile?.reconcilerId} keeps failing: ${s.error} at ${s.errorLocation}`);
 * ```
 */
export interface ExploreResult {
  convergedStates: ResultState[];
  abortedStates: ResultState[];
  /** Livelocks: states in a cycle of reconciles that can never reach a converged state, not counting `keepsFailing`. */
  nonConverging: ResultState[];
  /**
   * Failing reconcilers: states the search can only leave by the same reconciler failing again
   * (every step out of them, round the cycle, is an error step of that reconciler: it throws,
   * rejects or times out on every retry). Reason "keeps-failing"; `error` is its message,
   * `errorLocation` the line of the user's code that threw, `failedReconcile` the reconcile,
   * `cycle` the failing retries and `paths` the shortest way there.
   */
  keepsFailing: ResultState[];
  violations: Violation[];
  stats: ExploreStats;
  complete: boolean;
}
