import { buildExploreResult } from "../explore/buildExploreResult.ts";
import { check, type CheckerObserver } from "../explore/checker.ts";
import { configurationWarnings } from "../explore/configurationWarnings.ts";
import { CoreResultGraph } from "../explore/coreResultGraph.ts";
import type { Explorer, ExploreOutcome } from "../explore/explorer.ts";
import { reductionOf, validateExploreOptions, type ExploreOptions } from "../explore/exploreOptions.ts";
import type { ExploreStats } from "../explore/exploreResult.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KameraError } from "../kameraError.ts";
import { ReplayModel, type CorrectionScope } from "./replayModel.ts";
import { ShardCoordinator, type WorkerPool } from "./shardCoordinator.ts";
import type { ShardOptions } from "./shardMessages.ts";


/** The search orders workers can split: the frontier orders, not walks or custom priorities. */
const FRONTIER_ORDERS = ["dfs", "bfs", "random"] as const;
type FrontierOrder = (typeof FRONTIER_ORDERS)[number];

export type { WorkerPool } from "./shardCoordinator.ts";

/**
 * Checks the options of a parallel run and returns what the workers apply. Functions (a custom
 * strategy's priority) and staleness (whose per-state positions are not sent between workers)
 * are refused with the reason.
 */
export function shardOptionsOf(explorer: Explorer, opts: ExploreOptions): ShardOptions {
  validateExploreOptions(opts);
  if (typeof opts.strategy === "object" && !("walk" in opts.strategy)) {
    throw new KameraError("a custom search strategy cannot be used with workers (its priority function cannot be sent to them); use \"dfs\", \"bfs\" or \"random\", or workers: 1");
  }
  if (opts.strategy !== undefined && !FRONTIER_ORDERS.includes(opts.strategy as FrontierOrder)) {
    const name = typeof opts.strategy === "object" && "walk" in opts.strategy ? opts.strategy.walk : String(opts.strategy);
    throw new KameraError(`the walk strategy "${name}" cannot be used with workers (walks do not split into shards by state); use "dfs", "bfs" or "random", or workers: 1`);
  }
  // Only an explicit "por" is refused: the default reduction with workers is "none" (NATS runs may not set `workers`).
  if (opts.reduction === "por") {
    // The reduction re-expands states when its learned bound grows, a fixpoint over the whole graph that shards do not share.
    throw new KameraError('reduction "por" is not supported with workers yet; use reduction "none" or "noops", or workers: 1');
  }
  if (explorer.config.staleness.size > 0) {
    throw new KameraError(`staleness (${[...explorer.config.staleness.keys()].join(", ")}) is not supported with workers yet; explore with workers: 1`);
  }
  const out: ShardOptions = { engine: opts.engine ?? "wasm", frontier: (opts.strategy as FrontierOrder | undefined) ?? "dfs", seed: opts.seed ?? 1 };
  if (opts.maxDepth !== undefined) out.maxDepth = opts.maxDepth;
  if (opts.abortOnError !== undefined) out.abortOnError = opts.abortOnError;
  if (opts.reconcileTimeoutMs !== undefined) out.reconcileTimeoutMs = opts.reconcileTimeoutMs;
  if (opts.determinismCheck !== undefined) out.determinismCheck = opts.determinismCheck;
  if (reductionOf(opts) === "noops") out.reduceNoOps = true;
  if (opts.memoizeReconciles !== undefined) out.memoizeReconciles = opts.memoizeReconciles;
  if (opts.maxStates !== undefined) out.maxStates = opts.maxStates;
  return out;
}

/**
 * Explores with the workers of `pool` (already started on the same scenario, initial state and
 * options) and returns the result a single-worker `explorer.explore(initial, opts)` returns: the
 * workers explore their shards, then the coordinator replays their transitions in single-worker
 * order, asking the workers (which wait for it) to expand again the states whose expansion was
 * made with other server bookkeeping than a single-worker run's (see docs/scale-out.md). Rejects
 * with a `KameraError` when a worker fails or is lost.
 */
export async function exploreInParallel(explorer: Explorer, initial: InitialState, opts: ExploreOptions, pool: WorkerPool): Promise<ExploreOutcome> {
  const startedAt = performance.now();
  const model = new ReplayModel(explorer.config, initial, pool.size, startedAt);
  const coordinator = new ShardCoordinator(pool, model, opts, startedAt);
  const maxDepth = opts.maxDepth ?? explorer.config.maxDepth;
  let closed: Promise<void> | undefined;
  const close = () => (closed ??= pool.close());
  try {
    const end = await coordinator.searched();
    // Corrections need the workers during the replay; without removals there are none to make (see `mayNeedCorrections`).
    const scope: CorrectionScope = end.complete ? "all" : end.stopReason === "maxStates" ? "recount" : "none";
    const correcting = scope !== "none" && model.mayNeedCorrections();
    if (correcting) model.correctWith(scope, maxDepth, (shard, msg) => coordinator.send(shard, msg));
    else {
      await coordinator.release();
      // The threads end (their heaps torn down) while the replay runs; `finally` waits for them.
      close().catch(() => undefined);
    }
    const strategy = opts.strategy ?? "dfs";
    // Observers see the replay's states and edges (the ids of the result); progress was reported while the workers ran.
    const observers: CheckerObserver<ExploreStats>[] = (opts.observers ?? []).map((o) => {
      const only: CheckerObserver<ExploreStats> = {};
      if (o.state) only.state = o.state.bind(o);
      if (o.edge) only.edge = o.edge.bind(o);
      return only;
    });
    const run = check(model, {
      engine: opts.engine ?? "wasm",
      frontier: typeof strategy === "object" ? "priority" : (strategy as FrontierOrder),
      seed: opts.seed ?? 1,
      expectedStates: Math.max(1 << 16, Math.min(model.expansionCount(), 1 << 22)),
      maxDepth,
      maxStates: opts.maxStates,
      signal: opts.signal,
      observers,
    });
    const replayed = await run.done;
    // The workers' last counters (reconciles run, also for the requests) come with their `done`.
    if (correcting) await coordinator.release();
    const cut = model.cut();
    const complete = end.complete && replayed.complete && cut === undefined;
    const stats = run.stats();
    opts.onProgress?.(stats);
    for (const o of opts.observers ?? []) o.progress?.(stats);
    const graph = new CoreResultGraph(run.graph, model, () => complete);
    const result = buildExploreResult(graph, { pathCap: opts.pathCap, stats, complete }) as ExploreOutcome;
    Object.defineProperty(result, "graph", { value: graph, enumerable: false });
    result.nondeterministic = model.nondeterministic;
    const stopReason = end.stopReason ?? replayed.stopReason ?? cut;
    if (stopReason) result.stopReason = stopReason;
    result.warnings = configurationWarnings(explorer.config, initial, graph, complete);
    const bookkeeping = model.bookkeepingWarning();
    if (bookkeeping !== undefined) result.warnings.push(bookkeeping);
    return result;
  } finally {
    coordinator.cleanup();
    await close();
  }
}
