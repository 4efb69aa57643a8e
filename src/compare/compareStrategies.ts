import { buildExploreResult } from "../explore/buildExploreResult.ts";
import { REDUCTIONS, type ExploreOptions, type Reduction } from "../explore/exploreOptions.ts";
import type { ExploreResult, Path } from "../explore/exploreResult.ts";
import type { SearchStrategy } from "../explore/searchStrategy.ts";
import { buildScenario } from "../explore/scenarioBuild.ts";
import { KameraError } from "../kameraError.ts";
import type { Scenario } from "../scenario.ts";
import { checkBudget, type Budget } from "./budget.ts";
import { quartiles, type Quartiles } from "./quartiles.ts";
import { comparedStrategyOf, type ComparedStrategy } from "./strategySpec.ts";

/**
 * A scenario to compare strategies on, with what counts as finding its bug: `counterexample`, else
 * the scenario's own `counterexample`, else the first of an invariant violation, a livelock, a
 * reconciler that keeps failing.
 *
 * @example
 * ```ts
 * const target: ComparedScenario = { scenario: myScenario, counterexample: (r) => r.violations[0]?.path };
 * ```
 */
export interface ComparedScenario {
  scenario: Scenario;
  counterexample?: (result: ExploreResult) => Path | undefined;
}

/**
 * What `compareStrategies` runs: every scenario with every strategy, a seeded strategy once per
 * seed (a number n means seeds 1..n), each run under the budget.
 *
 * @example
 * ```ts
 * const options: CompareOptions = { scenarios: [{ scenario }], strategies: ["dfs", "pct"], seeds: 10, budget: { reconciles: 5000 } };
 * ```
 */
export interface CompareOptions {
  scenarios: readonly ComparedScenario[];
  strategies: readonly (string | { name: string; strategy: SearchStrategy | ExploreOptions["strategy"]; seeded?: boolean })[];
  seeds: number | readonly number[];
  budget: Budget;
  /**
   * The reduction every run uses, over the scenario's own `reduction` (by default each run uses
   * the scenario's, else "por"). It changes what the frontier searches (dfs, bfs, random, custom)
   * expand; walk strategies run one reconcile per step and are not reduced. "none" compares
   * against the plain searches of the full graph.
   */
  reduction?: Reduction;
  /** Told of each run as it ends (for progress lines). */
  onRun?: (run: StrategyRun) => void;
  /** Stops the comparison between runs and the current run at its next state. */
  signal?: AbortSignal;
}

/**
 * One run: a strategy with a seed on a scenario, and when (if at all) it reached the bug.
 *
 * @example
 * ```ts
 * for (const run of comparison.runs) if (run.found) console.log(run.strategy, run.seed, run.reconcilesToBug);
 * ```
 */
export interface StrategyRun {
  scenario: string;
  strategy: string;
  /** Undefined for a strategy the seed does not change (run once). */
  seed?: number;
  /** The bug was reached within the budget. */
  found: boolean;
  /** Reconciles (transitions computed: run or replayed) until the state that shows the bug entered the graph. */
  reconcilesToBug?: number;
  /** Distinct states until then, that state included. */
  statesToBug?: number;
  /** Wall-clock ms until then (the harness's own checks excluded). */
  msToBug?: number;
  /** Steps of the counterexample the run holds. */
  counterexampleLength?: number;
  /** The id of the state that shows the bug. */
  bugState?: string;
  /** What the run spent in all. */
  reconciles: number;
  states: number;
  ms: number;
  /** The run explored everything there is (only frontier searches can). */
  complete: boolean;
}

/**
 * One (scenario, strategy) cell of the comparison: how often and how soon the bug was found.
 *
 * @example
 * ```ts
 * for (const cell of comparison.cells) console.log(cell.scenario, cell.strategy, `${cell.found}/${cell.runs}`, cell.reconcilesToBug.median);
 * ```
 */
export interface StrategyCell {
  scenario: string;
  strategy: string;
  /** Seeds run (empty for an unseeded strategy, run once). */
  seeds: number[];
  runs: number;
  found: number;
  /** Seeds whose run found the bug. */
  foundSeeds: number[];
  /** Over all runs; a run that did not find the bug counts as Infinity. */
  reconcilesToBug: Quartiles;
  statesToBug: Quartiles;
  msToBug: Quartiles;
  /** Over the runs that found the bug (undefined when none did). */
  counterexampleLength?: Quartiles;
}

/**
 * The comparison: its inputs, every run and the cells, scenario-major in the order given.
 *
 * @example
 * ```ts
 * const comparison: StrategyComparison = await compareStrategies(options);
 * writeFileSync("report.html", comparisonHtml(comparison));
 * ```
 */
export interface StrategyComparison {
  budget: Budget;
  /** The reduction asked for (`CompareOptions.reduction`); undefined: each scenario's own. */
  reduction?: Reduction;
  seeds: number[];
  scenarios: string[];
  strategies: string[];
  cells: StrategyCell[];
  runs: StrategyRun[];
}

/** Paths need not be enumerated past what a counterexample needs. */
const PATH_CAP = 10;

/**
 * Runs every strategy on every scenario (each seeded strategy once per seed) under a budget, and
 * reports for each pair how many runs found the bug and how soon: reconciles, states and wall time
 * to the first bug (median and interquartile range over the seeds) and the counterexample length.
 * A run stops as soon as its bug shows (checked at doubling state counts) or its budget is spent;
 * "how soon" is then read exactly from when the state showing the bug entered the graph. Bad input
 * (no scenarios, an unknown strategy, a budget of 0) throws a KameraError before anything runs; a
 * strategy that throws rejects with a KameraError naming the strategy, scenario and seed.
 *
 * @example
 * ```ts
 * const comparison = await compareStrategies({
 *   scenarios: bugCorpus.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample })),
 *   strategies: ["dfs", "bfs", "pct", "delay-bounded"],
 *   seeds: 10,
 *   budget: { reconciles: 5000 },
 * });
 * console.log(comparisonTable(comparison));
 * ```
 */
export async function compareStrategies(opts: CompareOptions): Promise<StrategyComparison> {
  if (!opts || !Array.isArray(opts.scenarios) || opts.scenarios.length === 0) throw new KameraError("compareStrategies needs at least one scenario");
  if (!Array.isArray(opts.strategies) || opts.strategies.length === 0) throw new KameraError("compareStrategies needs at least one strategy");
  checkBudget(opts.budget);
  if (opts.reduction !== undefined && !(REDUCTIONS as readonly string[]).includes(opts.reduction)) {
    throw new KameraError(`unknown reduction ${JSON.stringify(opts.reduction)}; reductions: ${REDUCTIONS.join(", ")}`);
  }
  const seeds = seedList(opts.seeds);
  const strategies = opts.strategies.map(comparedStrategyOf);
  const names = new Set<string>();
  for (const s of strategies) {
    if (names.has(s.name)) throw new KameraError(`strategy "${s.name}" is listed twice`);
    names.add(s.name);
  }
  const scenarios = opts.scenarios.map((s, i) => {
    if (!s || typeof s.scenario?.build !== "function" || typeof s.scenario.name !== "string") throw new KameraError(`scenarios[${i}] must be { scenario: Scenario, counterexample? }`);
    return s;
  });

  const runs: StrategyRun[] = [];
  const cells: StrategyCell[] = [];
  for (const target of scenarios) {
    for (const strategy of strategies) {
      const cellRuns: StrategyRun[] = [];
      for (const seed of strategy.seeded ? seeds : [undefined]) {
        if (opts.signal?.aborted) throw new KameraError("the comparison was stopped");
        const run = await runOnce(target, strategy, seed, opts.budget, opts.reduction, opts.signal);
        cellRuns.push(run);
        runs.push(run);
        opts.onRun?.(run);
      }
      cells.push(cellOf(target.scenario.name, strategy, cellRuns));
    }
  }
  const comparison: StrategyComparison = { budget: opts.budget, seeds, scenarios: scenarios.map((s) => s.scenario.name), strategies: strategies.map((s) => s.name), cells, runs };
  if (opts.reduction !== undefined) comparison.reduction = opts.reduction;
  return comparison;
}

function seedList(seeds: number | readonly number[]): number[] {
  if (typeof seeds === "number") {
    if (!Number.isInteger(seeds) || seeds < 1) throw new KameraError(`seeds must be a positive integer (the number of seeds) or a list of seeds, got ${seeds}`);
    return Array.from({ length: seeds }, (_, i) => i + 1);
  }
  if (!Array.isArray(seeds) || seeds.length === 0 || seeds.some((s) => !Number.isSafeInteger(s))) {
    throw new KameraError(`seeds must be a positive integer or a non-empty list of integers, got ${JSON.stringify(seeds)}`);
  }
  return [...seeds];
}

function cellOf(scenario: string, strategy: ComparedStrategy, runs: readonly StrategyRun[]): StrategyCell {
  const found = runs.filter((r) => r.found);
  const cell: StrategyCell = {
    scenario,
    strategy: strategy.name,
    seeds: runs.flatMap((r) => (r.seed !== undefined ? [r.seed] : [])),
    runs: runs.length,
    found: found.length,
    foundSeeds: found.flatMap((r) => (r.seed !== undefined ? [r.seed] : [])),
    reconcilesToBug: quartiles(runs.map((r) => (r.found ? r.reconcilesToBug! : Infinity))),
    statesToBug: quartiles(runs.map((r) => (r.found ? r.statesToBug! : Infinity))),
    msToBug: quartiles(runs.map((r) => (r.found ? r.msToBug! : Infinity))),
  };
  if (found.length > 0) cell.counterexampleLength = quartiles(found.map((r) => r.counterexampleLength!));
  return cell;
}

/** The default bug: an invariant violation, a livelock, or a reconciler that keeps failing. */
function anyFailure(result: ExploreResult): Path | undefined {
  return result.violations[0]?.path ?? result.nonConverging[0]?.paths[0] ?? result.keepsFailing[0]?.paths[0];
}

/**
 * One run: explores with the budget as a bound, checking for the bug whenever the state count
 * doubles (stopping as soon as it shows), then finds the first state that shows it by bisecting
 * the final result over the order states entered the graph.
 */
async function runOnce(
  target: ComparedScenario,
  strategy: ComparedStrategy,
  seed: number | undefined,
  budget: Budget,
  reduction: Reduction | undefined,
  signal: AbortSignal | undefined,
): Promise<StrategyRun> {
  const name = target.scenario.name;
  const where = `strategy "${strategy.name}" on scenario "${name}"${seed !== undefined ? ` with seed ${seed}` : ""}`;
  const counterexample = target.counterexample ?? target.scenario.counterexample?.bind(target.scenario) ?? anyFailure;
  let built: ReturnType<Scenario["build"]>;
  try {
    built = buildScenario(target.scenario);
  } catch (e) {
    // Its own check already names the scenario and what is wrong.
    if (e instanceof KameraError) throw e;
    throw new KameraError(`scenario "${name}": build() threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  const { builder, initial, options } = built;
  const opts: ExploreOptions = { ...options, strategy: strategy.strategy, pathCap: PATH_CAP };
  if (seed !== undefined) opts.seed = seed;
  if (reduction !== undefined) opts.reduction = reduction;
  if ("states" in budget) opts.maxStates = budget.states;
  if ("seconds" in budget) opts.timeoutMs = budget.seconds * 1000;
  if (signal) opts.signal = signal;

  // Per state, in the order states entered the graph: reconciles and ms spent until then.
  const reconcilesAt: number[] = [];
  const msAt: number[] = [];
  let edges = 0;
  let checkingMs = 0;
  let nextCheck = 16;
  let shown = false;
  const start = performance.now();
  const reconcileBudget = "reconciles" in budget ? budget.reconciles : Infinity;
  const explorer = builder.build();
  const run = explorer.start(initial, {
    ...opts,
    observers: [
      ...(opts.observers ?? []),
      {
        state: (s) => {
          // A state enters the graph before the edge that made it: that edge's reconcile counts.
          reconcilesAt[s] = s === 0 ? 0 : edges + 1;
          msAt[s] = performance.now() - start - checkingMs;
          if (s + 1 >= nextCheck && !shown) {
            nextCheck *= 2;
            const t = performance.now();
            shown = counterexample(buildExploreResult(run.graph, { complete: false, pathCap: PATH_CAP })) !== undefined;
            if (shown) run.stop();
            checkingMs += performance.now() - t;
          }
        },
        edge: () => {
          edges++;
          if (edges >= reconcileBudget) run.stop();
        },
      },
    ],
  });
  let end;
  try {
    end = await run.done;
  } catch (e) {
    throw new KameraError(`${where} failed: ${e instanceof Error ? e.message : String(e)}`);
  }
  const ms = performance.now() - start - checkingMs;
  const graph = run.graph;
  const n = graph.stateCount();
  const out: StrategyRun = { scenario: name, strategy: strategy.name, found: false, reconciles: edges, states: n, ms, complete: end.complete };
  if (seed !== undefined) out.seed = seed;
  const result = buildExploreResult(graph, { complete: end.complete, pathCap: PATH_CAP });
  let path: Path | undefined;
  try {
    path = counterexample(result);
  } catch (e) {
    throw new KameraError(`scenario "${name}": its counterexample() threw: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (path === undefined) return out;

  const order = new Map<string, number>();
  for (let s = 0; s < n; s++) order.set(graph.stateId(s), s);
  const at = (id: string) => order.get(id) ?? Infinity;
  const upTo = (t: number): ExploreResult => ({
    ...result,
    convergedStates: result.convergedStates.filter((s) => at(s.id) <= t),
    abortedStates: result.abortedStates.filter((s) => at(s.id) <= t),
    nonConverging: result.nonConverging.filter((s) => at(s.id) <= t),
    keepsFailing: result.keepsFailing.filter((s) => at(s.id) <= t),
    violations: result.violations.filter((v) => at(v.stateId) <= t),
  });
  // The least t whose prefix of the graph already shows the bug.
  let lo = 0;
  let hi = n - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (counterexample(upTo(mid)) !== undefined) hi = mid;
    else lo = mid + 1;
  }
  const first = counterexample(upTo(lo)) ?? path;
  out.reconcilesToBug = reconcilesAt[lo]!;
  out.statesToBug = lo + 1;
  out.msToBug = msAt[lo]!;
  out.counterexampleLength = first.length;
  out.bugState = graph.stateId(lo);
  out.found = withinBudget(budget, out);
  return out;
}

/** The bug showed before the budget ran out (a run stops at the next state once it has, so it may show just after). */
function withinBudget(budget: Budget, run: StrategyRun): boolean {
  if ("reconciles" in budget) return run.reconcilesToBug! <= budget.reconciles;
  if ("states" in budget) return run.statesToBug! <= budget.states;
  return run.msToBug! <= budget.seconds * 1000;
}
