import { buildExploreResult } from "../explore/buildExploreResult.ts";
import { check, type CheckerObserver, type StopReason } from "../explore/checker.ts";
import { configurationWarnings } from "../explore/configurationWarnings.ts";
import { CoreResultGraph } from "../explore/coreResultGraph.ts";
import type { Explorer, ExploreOutcome } from "../explore/explorer.ts";
import { reductionOf, validateExploreOptions, type ExploreOptions } from "../explore/exploreOptions.ts";
import type { ExploreStats } from "../explore/exploreResult.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KameraError } from "../kameraError.ts";
import { ReplayModel } from "./replayModel.ts";
import type { ControlMessage, ShardOptions, StatusMessage, ToCoordinator } from "./shardMessages.ts";


/** The search orders workers can split: the frontier orders, not walks or custom priorities. */
const FRONTIER_ORDERS = ["dfs", "bfs", "random"] as const;
type FrontierOrder = (typeof FRONTIER_ORDERS)[number];

/** The coordinator's view of its workers, whatever runs them (threads, processes on other machines). */
export interface WorkerPool {
  readonly size: number;
  send(shard: number, msg: ControlMessage): void;
  /**
   * `onMessage` gets every message of every worker (each worker's in the order it sent them);
   * `onLost` is called when a worker dies or can no longer be reached.
   */
  listen(onMessage: (msg: ToCoordinator) => void, onLost: (shard: number, reason: string) => void): void;
  /** Ends the workers (after their `done`, or to abandon a failed run). */
  close(): Promise<void>;
}

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
  return out;
}

interface DistributedEnd {
  complete: boolean;
  stopReason?: StopReason;
}

/**
 * Explores with the workers of `pool` (already started on the same scenario, initial state and
 * options) and returns the result a single-worker `explorer.explore(initial, opts)` returns: the
 * workers explore their shards, then the coordinator replays their transitions in single-worker
 * order (see docs/scale-out.md). Rejects with a `KameraError` when a worker fails or is lost.
 */
export async function exploreInParallel(explorer: Explorer, initial: InitialState, opts: ExploreOptions, pool: WorkerPool): Promise<ExploreOutcome> {
  const startedAt = performance.now();
  const model = new ReplayModel(explorer.config, initial, pool.size, startedAt);
  let end: DistributedEnd;
  try {
    end = await runWorkers(pool, model, opts, startedAt);
  } finally {
    await pool.close();
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
    maxDepth: opts.maxDepth ?? explorer.config.maxDepth,
    maxStates: opts.maxStates,
    signal: opts.signal,
    observers,
  });
  const replayed = await run.done;
  const complete = end.complete && replayed.complete;
  const stats = run.stats();
  opts.onProgress?.(stats);
  for (const o of opts.observers ?? []) o.progress?.(stats);
  const graph = new CoreResultGraph(run.graph, model, () => complete);
  const result = buildExploreResult(graph, { pathCap: opts.pathCap, stats, complete }) as ExploreOutcome;
  Object.defineProperty(result, "graph", { value: graph, enumerable: false });
  result.nondeterministic = model.nondeterministic;
  const stopReason = end.stopReason ?? replayed.stopReason;
  if (stopReason) result.stopReason = stopReason;
  result.warnings = configurationWarnings(explorer.config, initial, graph, complete);
  const bookkeeping = model.bookkeepingWarning();
  if (bookkeeping !== undefined) result.warnings.push(bookkeeping);
  return result;
}

/** Runs the workers to their end: termination detected, or stopped by a bound, the timeout or the signal. */
function runWorkers(pool: WorkerPool, model: ReplayModel, opts: ExploreOptions, startedAt: number): Promise<DistributedEnd> {
  const n = pool.size;
  return new Promise<DistributedEnd>((resolve, reject) => {
    const latest: (StatusMessage | undefined)[] = new Array(n).fill(undefined);
    const ready = new Set<number>();
    const done = new Set<number>();
    let wave = 0;
    let waveSnapshot: { sent: number; received: number }[] | undefined;
    let waveReplies: StatusMessage[] = [];
    let ending: "finish" | "stop" | undefined;
    let stopReason: StopReason | undefined;
    let settled = false;
    const timers: ReturnType<typeof setTimeout>[] = [];
    const progressEvery = opts.progressIntervalMs ?? 200;
    let lastProgress = 0;

    const cleanup = () => {
      for (const t of timers) clearTimeout(t);
      opts.signal?.removeEventListener("abort", onAbort);
    };
    const fail = (message: string) => {
      if (settled) return;
      settled = true;
      cleanup();
      reject(new KameraError(message));
    };
    const broadcast = (msg: ControlMessage) => {
      for (let i = 0; i < n; i++) pool.send(i, msg);
    };
    const stop = (reason: StopReason) => {
      if (ending !== undefined) return;
      ending = "stop";
      stopReason = reason;
      broadcast({ type: "stop" });
    };
    const onAbort = () => stop("signal");

    const progress = (force: boolean) => {
      const now = performance.now();
      if (!force && now - lastProgress < progressEvery) return;
      lastProgress = now;
      const listeners = [opts.onProgress, ...(opts.observers ?? []).map((o) => o.progress?.bind(o))].filter((f) => f !== undefined);
      if (listeners.length === 0) return;
      const stats = aggregate(latest, model, startedAt);
      for (const f of listeners) f(stats);
    };

    /** Starts a probe wave when every worker last said idle and as many messages were received as sent. */
    const maybeProbe = () => {
      if (ending !== undefined || waveSnapshot !== undefined) return;
      if (!latest.every((s) => s?.idle)) return;
      const sent = latest.reduce((a, s) => a + s!.sent, 0);
      const received = latest.reduce((a, s) => a + s!.received, 0);
      if (sent !== received) return;
      wave++;
      waveSnapshot = latest.map((s) => ({ sent: s!.sent, received: s!.received }));
      waveReplies = [];
      broadcast({ type: "probe", wave });
    };

    /** The second wave agrees with the first and nothing moved in between: no message is in flight and no worker has work. */
    const onWaveReply = (msg: StatusMessage) => {
      waveReplies.push(msg);
      if (waveReplies.length < n) return;
      const snapshot = waveSnapshot!;
      waveSnapshot = undefined;
      const quiet = waveReplies.every((r) => r.idle && r.sent === snapshot[r.from]!.sent && r.received === snapshot[r.from]!.received);
      if (quiet && ending === undefined) {
        ending = "finish";
        broadcast({ type: "finish" });
        return;
      }
      maybeProbe();
    };

    pool.listen(
      (msg) => {
        if (settled) return;
        try {
          switch (msg.type) {
            case "ready":
              ready.add(msg.from);
              if (ready.size === n) {
                broadcast({ type: "go" });
                if (opts.timeoutMs !== undefined) timers.push(setTimeout(() => stop("timeout"), opts.timeoutMs));
              }
              break;
            case "expansions":
              model.ingest(msg);
              break;
            case "status":
              if (msg.wave >= 0) {
                if (waveSnapshot !== undefined && msg.wave === wave) onWaveReply(msg);
                break;
              }
              latest[msg.from] = msg;
              if (opts.maxStates !== undefined && latest.reduce((a, s) => a + (s?.states ?? 0), 0) >= opts.maxStates) stop("maxStates");
              progress(false);
              if (msg.idle) maybeProbe();
              break;
            case "done":
              model.addWorkerEnd(msg.reconcilesExecuted, msg.reconcilesReplayed, msg.nondeterministic);
              done.add(msg.from);
              if (done.size === n) {
                settled = true;
                cleanup();
                progress(true);
                resolve(ending === "finish" ? { complete: true } : { complete: false, stopReason: stopReason ?? "signal" });
              }
              break;
            case "failed":
              fail(`worker ${msg.from} failed: ${msg.message}`);
              break;
          }
        } catch (e) {
          fail(e instanceof Error ? e.message : String(e));
        }
      },
      (shard, reason) => {
        if (done.has(shard)) return;
        fail(`worker ${shard} was lost before the exploration ended (${reason}); the exploration is incomplete and no result is given`);
      },
    );
    if (opts.signal?.aborted) onAbort();
    else opts.signal?.addEventListener("abort", onAbort, { once: true });
  });
}

function aggregate(latest: readonly (StatusMessage | undefined)[], model: ReplayModel, startedAt: number): ExploreStats {
  let states = 0;
  let expanded = 0;
  let transitions = 0;
  for (const s of latest) {
    states += s?.states ?? 0;
    expanded += s?.expanded ?? 0;
    transitions += s?.transitions ?? 0;
  }
  const durationMs = performance.now() - startedAt;
  return {
    statesVisited: expanded,
    uniqueStates: states,
    transitions,
    reconcilesExecuted: model.reconcilesExecuted,
    reconcilesReplayed: model.reconcilesReplayed,
    maxDepth: 0,
    durationMs,
    statesPerSecond: durationMs > 0 ? (states / durationMs) * 1000 : 0,
    frontierSize: Math.max(0, states - expanded),
    collisionProbability: (states * states) / 2 ** 65,
    convergedCount: 0,
    abortedCount: 0,
    engine: "wasm",
  };
}
