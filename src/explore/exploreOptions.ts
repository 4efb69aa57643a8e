import type { Engine } from "../../bindings/core.ts";
import type { ExploreStats } from "./exploreResult.ts";
import type { SearchStrategy } from "./searchStrategy.ts";

/**
 * Options of `explorer.explore(initial, opts)`.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { strategy: "bfs", maxStates: 100_000, timeoutMs: 60_000 });
 * ```
 */
export interface ExploreOptions {
  /** Search order: "dfs" (default, least memory), "bfs" (shortest counterexamples), "random" (seeded), or a custom strategy. */
  strategy?: "dfs" | "bfs" | "random" | SearchStrategy;
  /** Seed of the "random" strategy (default 1). */
  seed?: number;
  /** Stop after this many distinct states (result `complete: false`). */
  maxStates?: number;
  /** Stop after this many milliseconds of wall time (result `complete: false`). */
  timeoutMs?: number;
  /** Stop when aborted; the partial result is returned. */
  signal?: AbortSignal;
  /** Called at most every `progressIntervalMs` (default 200) with the running counters. */
  onProgress?: (stats: ExploreStats) => void;
  progressIntervalMs?: number;
  /** Overrides the builder's max depth. */
  maxDepth?: number;
  /** Abort a branch on the first reconcile error, as the original kamera does (default false: requeue). */
  abortOnError?: boolean;
  /** A reconcile whose promise does not settle within this many ms is an error step (default 5000). */
  reconcileTimeoutMs?: number;
  /** Run every reconcile twice on the same view and report reconcilers whose writes differ. */
  determinismCheck?: boolean;
  /** At most this many unique effectful paths per result state (default 100). */
  pathCap?: number;
  /**
   * Reduce interleavings of reconciles that write nothing (default false). When a pending
   * reconcile would change nothing (no writes, no error, no requeue, no `ctx.choose`), it becomes
   * the state's only successor instead of being interleaved with every other pending reconcile:
   * the first such request in (reconciler, namespace, name) order, so the reduced graph does not
   * depend on the search order. No world and no converged state is lost when every reconciler is
   * re-triggered by changes to what it reads; path counts and shortest paths then describe the
   * reduced graph. Not applied to reconcilers with staleness.
   */
  reduceNoOps?: boolean;
  /**
   * Reuse reconcile outcomes (default true). Each run records what the reconcile read (objects
   * it got and listed, through its client, its factory's view and its writes; the clock; the
   * incarnation counts behind new uids) and what it did. A reconcile of the same request on a
   * later state that would read exactly the same is not run again: the recorded outcome makes the
   * transition. Sound for reconcilers that depend only on what they read through kamera (the
   * assumption the exploration itself rests on); results are the same with it off. The
   * resourceVersions and server timestamps inside a replayed step's effects are those of the
   * recorded run. Off with staleness and with `determinismCheck`, which needs real runs.
   */
  memoizeReconciles?: boolean;
  /** Exploration core: "wasm" (default) or the pure-TypeScript "reference". */
  engine?: Engine;
}

/** A reconciler found to write differently on two runs over the same view. */
export interface NondeterminismReport {
  /** How it showed: two runs on the same view wrote differently (`determinismCheck`), or read different things after the same answers (reconcile memoization). */
  kind: "writes" | "reads";
  reconcilerId: string;
  request: { namespace: string; name: string };
  stateId: string;
  first: string;
  second: string;
}
