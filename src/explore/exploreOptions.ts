import type { Engine } from "../../bindings/core.ts";
import { KameraError } from "../kameraError.ts";
import { unknownOptionKey } from "../optionKey.ts";
import type { CheckerObserver } from "./checker.ts";
import type { ExploreStats } from "./exploreResult.ts";
import type { SearchStrategy } from "./searchStrategy.ts";
import { validateWalkStrategy, WALK_STRATEGIES, walkStrategyOf, type WalkStrategy, type WalkStrategyName } from "./strategies/walkStrategy.ts";
import type { UserCodeActivity } from "./userCodeActivity.ts";

/**
 * The built-in search orders (`ExploreOptions.strategy` also takes a custom `SearchStrategy`).
 *
 * @example
 * ```ts
 * for (const strategy of SEARCH_ORDERS) await explorer.explore(initial, { strategy });
 * ```
 */
export const SEARCH_ORDERS = ["dfs", "bfs", "random"] as const;

/**
 * The exploration cores (`ExploreOptions.engine`).
 *
 * @example
 * ```ts
 * for (const engine of ENGINES) console.log(engine, (await explorer.explore(initial, { engine })).stats.durationMs);
 * ```
 */
export const ENGINES = ["wasm", "reference"] as const satisfies readonly Engine[];

/**
 * Told of an exploration as it goes: progress (as `onProgress`), each new state and each new edge
 * (numbers of the run's `graph`). Callbacks run inside the search loop: keep them short.
 *
 * @example
 * ```ts
 * let edges = 0;
 * await explorer.explore(initial, { observers: [{ edge: () => edges++ }] });
 * ```
 */
export interface ExploreObserver extends CheckerObserver<ExploreStats> {
  /**
   * A reconcile or an invariant is about to run (a reconcile replayed from the memo runs no user
   * code and is not reported). Synchronous code that never returns can only be stopped from
   * outside the thread: this is how an isolated run's watchdog knows what is running.
   */
  userCodeStarted?(activity: UserCodeActivity): void;
  /** The code reported by the last `userCodeStarted` returned (or its reconcile was cut off by its timer). */
  userCodeFinished?(): void;
}

/**
 * Options of `explorer.explore(initial, opts)`.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { strategy: "bfs", maxStates: 100_000, timeoutMs: 60_000 });
 * ```
 */
export interface ExploreOptions {
  /**
   * Search order: "dfs" (default, least memory; a state's successors in the order they are
   * made: the first pending reconcile and the first listed `ctx.choose` option first), "bfs"
   * (shortest counterexamples), "random" (seeded), or a custom strategy; or a walk strategy ("random-walk", "pct", "delay-bounded",
   * "coverage", "pos", or one with parameters such as `{ walk: "pct", depth: 2 }`), which runs
   * executions from the initial state instead of expanding every state and so never reports
   * `complete: true` (see docs/strategies.md).
   */
  strategy?: "dfs" | "bfs" | "random" | SearchStrategy | WalkStrategyName | WalkStrategy;
  /** Seed of the "random" strategy and of the walk strategies (default 1; a safe integer). */
  seed?: number;
  /**
   * Stop once this many distinct states are found (a positive integer). Checked between states: a
   * run it stops has `complete: false`, stop reason "maxStates", at least this many states and at
   * most this many minus one plus the successors of the last state expanded. With workers the
   * search itself may count more (each worker expands fewer than this many states; see
   * docs/scale-out.md, "Bounds and stops"), and the result is cut as a single worker's is.
   */
  maxStates?: number;
  /**
   * Stop after this many milliseconds of wall time (result `complete: false`; at most `MAX_TIMER_MS`).
   * With workers it counts from the start of the exploration, and a worker explores on until the
   * coordinator's stop reaches it (see docs/scale-out.md, "Bounds and stops").
   */
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
  /**
   * A reconcile that has not returned within this many ms is an error step (default 5000, at most
   * `MAX_TIMER_MS`, about 24.8 days). It is checked by a timer and, on the monotonic clock, at
   * every client call and `ctx.choose`; after it every further client call throws. A reconcile
   * that never calls the client and never yields to the event loop (`while (true) {}`, `for (;;) await Promise.resolve()`) cannot be stopped
   * in-process; `kamera explore` and `exploreIsolated` run the search in a worker thread whose
   * watchdog stops such a reconcile (or invariant) after twice this budget, at least 1 s more.
   */
  reconcileTimeoutMs?: number;
  /** Run every reconcile twice on the same view and report reconcilers whose writes differ. */
  determinismCheck?: boolean;
  /** At most this many unique effectful paths per result state (a positive integer, default 100). */
  pathCap?: number;
  /**
   * Reduce interleavings of reconciles that write nothing (default false). When a pending
   * reconcile would change nothing (no writes, no error, no requeue, no `ctx.choose`), it becomes
   * the state's only successor instead of being interleaved with every other pending reconcile:
   * the first such request in (reconciler, namespace, name) order, so the reduced graph does not
   * depend on the search order. No world and no converged state is lost when every reconciler is
   * re-triggered by changes to what it reads; path counts and paths then describe the reduced
   * graph (counterexamples are given the full graph's shortest: `shortenCounterexamples`). Not applied to reconcilers with staleness. An alias of `reduction: "noops"`;
   * an explicit `reduction` wins over it.
   */
  reduceNoOps?: boolean;
  /**
   * How many interleavings to explore (default "por" with one worker, "none" with workers; see
   * docs/semantics.md, "Partial-order reduction"). "none": every pending reconcile at every state. "por": a partial-order reduction
   * (stubborn sets with sleep sets and the cycle proviso): at each state only a subset of the pending reconciles
   * whose runs commute with everything the others can do (judged from what every run read, wrote
   * and enqueued); every converged world, every invariant violation and every livelock of the full
   * graph is still found, in far fewer states. "noops": `reduceNoOps`. With a reduction, path
   * counts, paths and state counts describe the reduced graph (`stats.reduction` says which);
   * counterexamples are then given the full graph's shortest paths (`shortenCounterexamples`). Not applied with staleness (every state is expanded fully). Ask for "none" to count
   * the full graph (its states, transitions and paths). With workers only "none" and "noops" run:
   * an unasked reduction there means "none".
   */
  reduction?: Reduction;
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
  /**
   * Give counterexamples found under a reduction their shortest length in the full graph (default
   * true). A reduction ("por", "noops") explores part of the interleavings, so the path it found
   * to a violation, a livelock or a failing reconciler can be longer than the shortest one. After
   * such a run, a breadth-first search without reduction from the initial state (bounded by the
   * length to beat and by `shorteningMaxStates`, and stopped once every counterexample is
   * settled) replaces each path (and cycle) with the full graph's shortest to the same state, and
   * marks it `shortest: true`, or `shortest: false` when the budget ran out first (with a warning).
   * It costs nothing when nothing was found. Not applied with staleness (no reduction applies
   * there), to walk strategies, or with workers (see docs/semantics.md, "Shortest counterexamples").
   */
  shortenCounterexamples?: boolean;
  /** The state budget of `shortenCounterexamples`' search (default 50,000 distinct states). */
  shorteningMaxStates?: number;
  /** Exploration core: "wasm" (default) or the pure-TypeScript "reference". */
  engine?: Engine;
  /** Told of progress, new states and new edges as the search goes (see `Explorer.start`). */
  observers?: readonly ExploreObserver[];
  /**
   * Explore with this many workers (default 1, at most `MAX_WORKERS`, 256): worker threads that each load the scenario again
   * and own a share of the states (see docs/scale-out.md). The result is that of one worker. Only
   * where the scenario can be loaded by name or module: `exploreScenario(...)` and `kamera explore
   * --workers N`; `Explorer.explore` takes only 1 (its reconcilers are closures of this thread).
   */
  workers?: number;
}

/**
 * Every key of `ExploreOptions`: the one list that validation relies on (adding an option without
 * listing it here does not compile).
 *
 * @example
 * ```ts
 * const fromConfig = Object.fromEntries(Object.entries(config).filter(([k]) => (EXPLORE_OPTION_KEYS as readonly string[]).includes(k)));
 * ```
 */
export const EXPLORE_OPTION_KEYS = [
  "strategy",
  "seed",
  "maxStates",
  "timeoutMs",
  "signal",
  "onProgress",
  "progressIntervalMs",
  "maxDepth",
  "abortOnError",
  "reconcileTimeoutMs",
  "determinismCheck",
  "pathCap",
  "reduceNoOps",
  "reduction",
  "memoizeReconciles",
  "engine",
  "observers",
  "workers",
  "shortenCounterexamples",
  "shorteningMaxStates",
] as const satisfies readonly (keyof ExploreOptions)[];

// A key added to ExploreOptions but not to the list above fails to compile here.
const everyKeyListed: Record<Exclude<keyof ExploreOptions, (typeof EXPLORE_OPTION_KEYS)[number]>, never> = {};
void everyKeyListed;

/** What a numeric option takes. */
type NumberRule = "a safe integer" | "a positive integer" | "a non-negative integer" | "a non-negative number";

/**
 * The numeric options and what each takes, as the command line's flags do: counts and budgets
 * are whole numbers, and those where 0 means nothing useful (every reconcile timing out, states
 * with no paths) are positive. A timeout of 0 ms stops at once, which tests use.
 */
const NUMBER_RULES = {
  seed: "a safe integer",
  maxStates: "a positive integer",
  timeoutMs: "a non-negative number",
  progressIntervalMs: "a non-negative number",
  maxDepth: "a non-negative integer",
  reconcileTimeoutMs: "a positive integer",
  pathCap: "a positive integer",
  shorteningMaxStates: "a positive integer",
} as const satisfies Partial<Record<keyof ExploreOptions, NumberRule>>;

function follows(v: unknown, rule: NumberRule): boolean {
  if (typeof v !== "number") return false;
  switch (rule) {
    case "a safe integer":
      return Number.isSafeInteger(v);
    case "a positive integer":
      return Number.isSafeInteger(v) && v >= 1;
    case "a non-negative integer":
      return Number.isSafeInteger(v) && v >= 0;
    case "a non-negative number":
      return v >= 0;
  }
}

/**
 * The longest delay a Node.js timer keeps (2^31 − 1 ms, about 24.8 days). A longer one is cut to
 * 1 ms with a TimeoutOverflowWarning, so a larger `reconcileTimeoutMs` would time out every
 * asynchronous reconcile at once, and a larger `timeoutMs` would stop a run with workers at once.
 *
 * @example
 * ```ts
 * const reconcileTimeoutMs = Math.min(requestedMs, MAX_TIMER_MS);
 * ```
 */
export const MAX_TIMER_MS = 2_147_483_647;

/**
 * The most workers a run takes. Each worker thread is a V8 isolate that loads the scenario and the
 * Wasm core again (tens of MB before it explores anything), and the coordinator keeps queues and
 * counters per worker: tens of thousands exhaust the heap in setup. A NATS run's workers are
 * shards that many machines could serve; 256 of them is still far past where sharding pays.
 *
 * @example
 * ```ts
 * const workers = Math.min(os.availableParallelism(), MAX_WORKERS);
 * ```
 */
export const MAX_WORKERS = 256;

/** The options that end up as a timer's delay. */
const TIMER_OPTIONS = ["reconcileTimeoutMs", "timeoutMs"] as const satisfies readonly (keyof typeof NUMBER_RULES)[];

const OBSERVER_HOOKS = ["progress", "state", "edge", "userCodeStarted", "userCodeFinished"] as const satisfies readonly (keyof ExploreObserver)[];

/** A value as an error message shows it (`1.5`, `"bfs"`, `a function`). */
function shown(v: unknown): string {
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "function") return "a function";
  return JSON.stringify(v) ?? String(v);
}
const BOOLEAN_KEYS = ["abortOnError", "determinismCheck", "reduceNoOps", "memoizeReconciles", "shortenCounterexamples"] as const;

/**
 * The reductions `ExploreOptions.reduction` takes.
 *
 * @example
 * ```ts
 * for (const reduction of REDUCTIONS) console.log(reduction, (await explorer.explore(initial, { reduction })).stats.uniqueStates);
 * ```
 */
export const REDUCTIONS = ["none", "por", "noops"] as const;

/**
 * A reduction of the interleavings explored: see `ExploreOptions.reduction`.
 *
 * @example
 * ```ts
 * const reduction: Reduction = "por";
 * ```
 */
export type Reduction = (typeof REDUCTIONS)[number];

/**
 * The reduction options ask for: `reduction`, else "noops" for `reduceNoOps: true` and "none" for
 * `reduceNoOps: false`, else the default: "por" with one worker, "none" with workers (the
 * partial-order reduction's fixpoint spans the whole graph, which shards do not share).
 * An explicit `reduction` wins over a scenario's `reduceNoOps` (options are merged that way).
 */
export function reductionOf(opts: ExploreOptions): Reduction {
  if (opts.reduction !== undefined) return opts.reduction;
  if (opts.reduceNoOps !== undefined) return opts.reduceNoOps ? "noops" : "none";
  return (opts.workers ?? 1) > 1 ? "none" : "por";
}

/** Whether `opts` name a reduction (`reduction`, or `reduceNoOps` either way) rather than take the default. */
export function namesReduction(opts: ExploreOptions): boolean {
  return opts.reduction !== undefined || opts.reduceNoOps !== undefined;
}

/**
 * Checks explore options before anything runs: unknown keys (a typo such as `maxState` would
 * silently explore without a bound), and each value's type and range. Throws a `KameraError`
 * naming the option, what it got and what it takes.
 *
 * @example
 * ```ts
 * validateExploreOptions({ strategy: "bfs", maxStates: 1000 }); // fine
 * validateExploreOptions({ maxState: 1000 } as never);         // KameraError: unknown explore option "maxState"; did you mean "maxStates"?
 * ```
 */
export function validateExploreOptions(opts: ExploreOptions): void {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new KameraError(`explore options must be an object such as { strategy: "bfs" }, got ${shown(opts)}`);
  const known: readonly string[] = EXPLORE_OPTION_KEYS;
  const unknown = unknownOptionKey(opts, known);
  if (unknown !== undefined) {
    const { key, near } = unknown;
    throw new KameraError(`unknown explore option "${key}"${near ? `; did you mean "${near}"?` : ""} (options: ${known.join(", ")})`);
  }
  const s = opts.strategy;
  const walk = walkStrategyOf(s);
  if (walk) validateWalkStrategy(walk);
  else if (s !== undefined && !(SEARCH_ORDERS as readonly unknown[]).includes(s) && (typeof s !== "object" || s === null || typeof (s as SearchStrategy).priority !== "function")) {
    throw new KameraError(
      `strategy must be "dfs", "bfs", "random", a walk strategy (${WALK_STRATEGIES.map((w) => `"${w}"`).join(", ")}) or an object with a priority(entry) function, got ${JSON.stringify(s)}`,
    );
  }
  for (const [name, rule] of Object.entries(NUMBER_RULES)) {
    const v = opts[name as keyof typeof NUMBER_RULES];
    if (v !== undefined && !follows(v, rule)) throw new KameraError(`${name} must be ${rule}, got ${shown(v)}`);
  }
  for (const name of TIMER_OPTIONS) {
    const v = opts[name];
    if (v !== undefined && v > MAX_TIMER_MS) throw new KameraError(`${name} must be at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node.js keeps), got ${shown(v)}`);
  }
  for (const name of BOOLEAN_KEYS) {
    const v = opts[name];
    if (v !== undefined && typeof v !== "boolean") throw new KameraError(`${name} must be true or false, got ${JSON.stringify(v)}`);
  }
  if (opts.workers !== undefined && (typeof opts.workers !== "number" || !Number.isInteger(opts.workers) || opts.workers < 1)) {
    throw new KameraError(`workers must be a whole number of at least 1, got ${JSON.stringify(opts.workers)}`);
  }
  if (opts.workers !== undefined && opts.workers > MAX_WORKERS) throw new KameraError(`workers must be at most ${MAX_WORKERS}, got ${shown(opts.workers)}`);
  if (opts.engine !== undefined && !(ENGINES as readonly unknown[]).includes(opts.engine)) {
    throw new KameraError(`engine must be "wasm" or "reference", got ${JSON.stringify(opts.engine)}`);
  }
  if (opts.reduction !== undefined && !(REDUCTIONS as readonly unknown[]).includes(opts.reduction)) {
    throw new KameraError(`reduction must be "none", "por" or "noops", got ${JSON.stringify(opts.reduction)}`);
  }
  if (opts.onProgress !== undefined && typeof opts.onProgress !== "function") throw new KameraError("onProgress must be a function (stats) => void");
  if (opts.signal !== undefined && (opts.signal === null || typeof opts.signal.aborted !== "boolean")) throw new KameraError("signal must be an AbortSignal");
  if (opts.observers !== undefined) validateObservers(opts.observers);
}

function validateObservers(observers: unknown): void {
  const expected = `an array of objects with optional ${OBSERVER_HOOKS.join(", ")} functions`;
  if (!Array.isArray(observers)) throw new KameraError(`observers must be ${expected}, got ${shown(observers)}`);
  observers.forEach((o: unknown, i) => {
    if (o === null || typeof o !== "object") throw new KameraError(`observers[${i}] must be an object with optional ${OBSERVER_HOOKS.join(", ")} functions, got ${shown(o)}`);
    for (const hook of OBSERVER_HOOKS) {
      const f = (o as Record<string, unknown>)[hook];
      if (f !== undefined && typeof f !== "function") throw new KameraError(`observers[${i}].${hook} must be a function, got ${shown(f)}`);
    }
  });
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
