/*
 * How an exploration is put together, top-down:
 * - `Explorer.start` (here) wires a `KubernetesModel` to the `checker` and returns the run handle;
 *   `explore` waits for it and builds the result (`buildExploreResult`).
 * - `walker.ts`: for a walk strategy (`strategies/`), the walk loop instead of the search loop.
 * - `checker.ts`: the search loop over any model: frontier, bounds, stop, yielding, observers,
 *   per-state status and depth (with relaxation when a shorter path appears), stats.
 * - `kubernetesModel.ts`: what a state's successors are (pending × views × `ctx.choose`
 *   options, `reduceNoOps`), the triggers they enqueue, invariants as properties.
 * - `stateCodec.ts`: interning objects, keys and requests to core ids; rebuilding a world.
 * - `memoizedReconciles.ts` around `reconcileRun.ts`: running one reconcile, or replaying it.
 * - `coreResultGraph.ts`: the live graph results and inspectors read.
 * - `replay.ts` (`Explorer.replay`): no search, one given successor per step, made by the model's
 *   own code (`KubernetesModel.replayStep`) so that a replayed path is the path the search took.
 */
import { buildExploreResult } from "./buildExploreResult.ts";
import { check, type StopReason } from "./checker.ts";
import { configurationWarnings } from "./configurationWarnings.ts";
import { applyCounterexampleShortening, counterexampleTargets, shortestCounterexamples } from "./counterexampleShortening.ts";
import { CoreResultGraph } from "./coreResultGraph.ts";
import type { ExplorerConfig } from "./explorerConfig.ts";
import { validateExploreOptions, type ExploreOptions, type NondeterminismReport } from "./exploreOptions.ts";
import type { ExploreResult, ExploreStats } from "./exploreResult.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { KubernetesModel } from "./kubernetesModel.ts";
import { KameraError } from "../kameraError.ts";
import type { ResultGraph } from "./resultGraph.ts";
import { DEFAULT_WALKS, walkPolicyOf, walkStrategyOf } from "./strategies/walkStrategy.ts";
import { walk } from "./walker.ts";
import { replaySchedule, type Replay, type ReplayOptions } from "./replay.ts";
import type { Schedule } from "./schedule.ts";

/** An exploration's result, with the explored graph (for dumps and inspectors) and determinism reports. */
export interface ExploreOutcome extends ExploreResult {
  /** The explored state graph (not enumerable: it is large and derived data points into it). */
  readonly graph: ResultGraph;
  /** Reconcilers found nondeterministic: writes that differed on a second run (`determinismCheck`), or runs that read different things after the same answers (reconcile memoization). */
  nondeterministic: NondeterminismReport[];
  /**
   * Why the search stopped early, when `complete` is false. `"runaway"` only comes from an
   * isolated run (`kamera explore`): a reconcile or an invariant did not return within its budget
   * and its worker thread was stopped; `stopDetail` names it.
   */
  stopReason?: OutcomeStopReason;
  /**
   * From an isolated run whose worker thread had to be stopped: what was running and did not
   * return, e.g. `reconciler "Foo" did not return within 10 s (state 00000000000000a1, request default/foo)`.
   */
  stopDetail?: string;
  /** Likely misconfigurations, each naming the call and the fix (see README, "Warnings"); empty when none. */
  warnings: string[];
}

/**
 * Why an exploration's result is partial: a `StopReason`, or `"runaway"` when an isolated run's
 * watchdog stopped a reconcile or an invariant that did not return.
 *
 * @example
 * ```ts
 * if (outcome.stopReason === "runaway") console.error(outcome.stopDetail);
 * ```
 */
export type OutcomeStopReason = StopReason | "runaway";

/**
 * How an exploration ended (what `ExplorationRun.done` resolves with).
 *
 * @example
 * ```ts
 * const { complete, stopReason } = await explorer.start(initial, { timeoutMs: 60_000 }).done;
 * ```
 */
export interface ExplorationEnd {
  /** The frontier emptied: every reachable state (within max depth) was explored. */
  complete: boolean;
  /** Why the search stopped early, when `complete` is false: the signal or `stop()`, the timeout, or `maxStates`. */
  stopReason?: StopReason;
  nondeterministic: NondeterminismReport[];
  /** Likely misconfigurations found in the finished graph (`configurationWarnings`), as `ExploreOutcome.warnings` has them; empty when none. */
  warnings: string[];
}

/**
 * A running exploration: its graph grows while it runs (read it from observers, or after `done`).
 *
 * @example
 * ```ts
 * const run = explorer.start(initial, { observers: [{ progress: (s) => console.log(s.uniqueStates) }] });
 * setTimeout(() => run.stop(), 10_000);
 * const end = await run.done;
 * console.log(end.complete, run.graph.stateCount());
 * ```
 */
export interface ExplorationRun {
  readonly graph: ResultGraph & { stepCount(): number; readonly isComplete: boolean };
  /** The running counters. */
  stats(): ExploreStats;
  /** Stops the search at the next state; `done` then resolves with `complete: false`, stop reason "signal". */
  stop(): void;
  /** Resolves when the search ends; rejects only for bad input (a `KameraError`) or a bug. */
  readonly done: Promise<ExplorationEnd>;
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

  /**
   * Starts an exploration and returns its live handle. Bad options throw a `KameraError` here;
   * a bad initial state rejects `done`.
   */
  start(initial: InitialState, opts: ExploreOptions = {}): ExplorationRun {
    validateExploreOptions(opts);
    if ((opts.workers ?? 1) > 1) {
      throw new KameraError(
        `workers: ${opts.workers} needs a scenario the workers can load again (reconcilers are code of this thread): use exploreScenario(<example or module>, { workers: ${opts.workers} }) or \`kamera explore <example-or-module> --workers ${opts.workers}\``,
      );
    }
    const model = new KubernetesModel(this.config, initial, opts);
    const strategy = opts.strategy ?? "dfs";
    const observers = opts.onProgress ? [{ progress: opts.onProgress }, ...(opts.observers ?? [])] : (opts.observers ?? []);
    const bounds = {
      engine: opts.engine ?? "wasm",
      expectedStates: Math.min(opts.maxStates ?? 1 << 16, 1 << 22),
      maxDepth: opts.maxDepth ?? this.config.maxDepth,
      maxStates: opts.maxStates,
      timeoutMs: opts.timeoutMs,
      signal: opts.signal,
      progressIntervalMs: opts.progressIntervalMs,
      observers,
    };
    const walkStrategy = walkStrategyOf(strategy);
    const run = walkStrategy
      ? walk(model, walkPolicyOf(walkStrategy, opts.seed ?? 1), { ...bounds, maxWalks: walkStrategy.walks ?? DEFAULT_WALKS })
      : check(model, { ...bounds, frontier: typeof strategy === "object" ? "priority" : (strategy as "dfs" | "bfs" | "random"), seed: opts.seed ?? 1 });
    let complete = false;
    const graph = new CoreResultGraph(run.graph, model, () => complete);
    // Here rather than in `explore`, so that every user of the run handle (the browser's live
    // exploration among them) gets the warnings `explore` reports.
    const done = run.done.then((end) => {
      complete = end.complete;
      const out: ExplorationEnd = { complete: end.complete, nondeterministic: model.nondeterministic, warnings: configurationWarnings(this.config, initial, graph, end.complete) };
      if (end.stopReason !== undefined) out.stopReason = end.stopReason;
      return out;
    });
    done.catch(() => undefined);
    return { graph, stats: run.stats, stop: run.stop, done };
  }

  /** Runs the exploration to its end. Rejects only for bad input (a `KameraError`); reconciler failures are results. */
  async explore(initial: InitialState, opts: ExploreOptions = {}): Promise<ExploreOutcome> {
    const run = this.start(initial, opts);
    const end = await run.done;
    const graph = run.graph;
    const result = buildExploreResult(graph, { pathCap: opts.pathCap, stats: run.stats(), complete: end.complete }) as ExploreOutcome;
    Object.defineProperty(result, "graph", { value: graph, enumerable: false });
    result.nondeterministic = end.nondeterministic;
    if (end.stopReason) result.stopReason = end.stopReason;
    result.warnings = end.warnings;
    const targets = counterexampleTargets(result);
    const timeoutMs = opts.timeoutMs === undefined ? undefined : Math.max(0, opts.timeoutMs - result.stats.durationMs);
    const shortening = targets && (await shortestCounterexamples(this.config, initial, opts, targets, { timeoutMs }));
    const unsettled = shortening && applyCounterexampleShortening(result, shortening);
    if (unsettled) result.warnings.push(unsettled);
    return result;
  }

  /**
   * Runs exactly the reconciles of `schedule` from `initial` (no search) and returns every state
   * and write along the way; a step that does not fit throws a `ScheduleDriftError` naming it and
   * what could run instead. See `pathToSchedule` and `parseSchedule` for where schedules come from.
   *
   * @example
   * ```ts
   * const run = await explorer.replay(initial, pathToSchedule(result.violations[0]!.path));
   * console.log(run.final.violations);
   * ```
   */
  replay(initial: InitialState, schedule: Schedule, opts: ReplayOptions = {}): Promise<Replay> {
    return replaySchedule(this.config, initial, schedule, opts);
  }
}
