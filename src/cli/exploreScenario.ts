import { isAbsolute, resolve } from "node:path";
import { validateExploreOptions, type ExploreOptions } from "../explore/exploreOptions.ts";
import type { Explorer, ExploreOutcome } from "../explore/explorer.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { scenarioOptions } from "../explore/scenarioOptions.ts";
import { exploreInParallel, shardOptionsOf } from "../parallel/parallelExploration.ts";
import { startThreadWorkers } from "../parallel/threadWorkerPool.ts";
import { startNatsWorkers } from "../parallel/natsWorkerPool.ts";
import { bundledScenarioModules, loadBundledScenarios } from "../scenarioRegistry.ts";
import { buildScenario } from "../explore/scenarioBuild.ts";
import { resolveScenario } from "./scenarioSource.ts";

/** Options of `exploreScenario`: the explore options, and where the scenario is found. */
export interface ScenarioExploreOptions extends ExploreOptions {
  /** Where a relative module path is resolved (default: the process's working directory). */
  cwd?: string;
  /** Start from this state instead of the scenario's (it is sent to every worker). */
  initial?: InitialState;
  /** Modules the workers import before resolving a scenario name (default: those registered with `registerScenarioLoader(load, url)`). */
  preload?: readonly string[];
}

/** The module each worker thread runs. */
const THREAD_ENTRY = new URL(import.meta.url.endsWith(".ts") ? "./exploreWorkerThread.ts" : "./exploreWorkerThread.js", import.meta.url);

/**
 * Explores a bundled scenario (by name) or a scenario module (by path), with `workers` worker
 * threads when asked: each thread loads the scenario the same way, explores the states it owns,
 * and the result is the one a single worker gives (see docs/scale-out.md).
 *
 * @example
 * ```ts
 * const result = await exploreScenario("knative-serving", { workers: 2, memoizeReconciles: false });
 * console.log(result.stats.uniqueStates);
 * ```
 */
export async function exploreScenario(spec: string, opts: ScenarioExploreOptions = {}): Promise<ExploreOutcome> {
  const { cwd = process.cwd(), initial: given, preload = bundledScenarioModules(), ...explore } = opts;
  const source = await scenarioSpecForWorkers(spec, cwd);
  const built = buildScenario(await resolveScenario(source, cwd));
  const { options, note } = scenarioOptions(built.options, explore, (explore.workers ?? built.options?.workers ?? 1) > 1);
  const result = await exploreWithWorkers(built.builder.build(), given ?? built.initial, options, source, preload);
  if (note !== undefined) result.warnings.push(note);
  return result;
}

/**
 * Explores with `opts.workers` threads (one: in this thread), the workers loading `scenario`
 * after importing `preload`. `explorer` must be the one that scenario builds.
 */
export async function exploreWithWorkers(
  explorer: Explorer,
  initial: InitialState,
  opts: ExploreOptions,
  scenario: string,
  preload: readonly string[],
  nats?: string,
): Promise<ExploreOutcome> {
  validateExploreOptions(opts);
  const workers = opts.workers ?? 1;
  const { workers: _n, ...single } = opts;
  if (workers <= 1 && nats === undefined) return explorer.explore(initial, single);
  const options = shardOptionsOf(explorer, opts);
  const job = { scenario, preload: [...preload], initial: plain(initial), options };
  const pool = nats !== undefined ? await startNatsWorkers(nats, job, opts.workers) : await startThreadWorkers(THREAD_ENTRY, job, workers, explorer.config);
  return exploreInParallel(explorer, initial, single, pool);
}

/** A bundled name stays a name; a module path becomes absolute (workers may run elsewhere). */
export async function scenarioSpecForWorkers(spec: string, cwd: string): Promise<string> {
  const bundled = await loadBundledScenarios();
  if (bundled.some((s) => s.name === spec)) return spec;
  return isAbsolute(spec) ? spec : resolve(cwd, spec);
}

/** The initial state as plain data (what crosses to a thread or a machine). */
function plain(initial: InitialState): InitialState {
  return { objects: initial.objects, events: initial.events, pending: initial.pending };
}
