import type { ExploreOutcome } from "../../explore/explorer.ts";
import type { ExploreOptions } from "../../explore/exploreOptions.ts";
import { KameraError } from "../../kameraError.ts";
import { loadScenarioRun } from "../scenarioRun.ts";
import { runIsolated } from "./isolatedExploration.ts";
import { isolatedSource } from "./isolatedSource.ts";

/**
 * Explores a scenario module in a worker thread under a watchdog, as `kamera explore` does: a
 * reconcile or invariant that never returns (`while (true) {}`, a loop of microtasks) ends the
 * run with `stopReason: "runaway"` and a `stopDetail` naming it, and `opts.signal` and
 * `opts.timeoutMs` stop even such code. `spec` is what `kamera explore` takes: a module path
 * (relative to `cwd`) whose default or `scenario` export is a `Scenario` (a bundled example's
 * name works from the `kamera` executable, which registers the examples by module URL). The scenario is loaded here too (for its
 * configuration checks and warnings) and again in the worker.
 *
 * Options that are functions or objects cannot cross to the worker: `onProgress` and `signal` act
 * here; `observers` and a custom `strategy` must come from the scenario's own `options`, which
 * the worker builds itself (given here, they are a `KameraError`). The result's graph is a copy
 * streamed from the worker, numbered as the worker's.
 *
 * @example
 * ```ts
 * const outcome = await exploreIsolated("./scenario.ts", { reconcileTimeoutMs: 2_000, timeoutMs: 60_000 });
 * if (outcome.stopReason === "runaway") console.error(outcome.stopDetail);
 * ```
 */
export async function exploreIsolated(spec: string, opts: ExploreOptions = {}, cwd: string = process.cwd()): Promise<ExploreOutcome> {
  if (opts.observers !== undefined) throw new KameraError("exploreIsolated: observers run in the worker thread and cannot be passed from here; give them in the scenario's options");
  if (typeof opts.strategy === "object") throw new KameraError("exploreIsolated: a custom strategy runs in the worker thread and cannot be passed from here; give it in the scenario's options");
  const { scenario, builder, initial, options } = await loadScenarioRun(spec, {}, cwd);
  const source = isolatedSource(spec, scenario, {}, cwd);
  if (source === undefined) {
    throw new KameraError(`exploreIsolated: "${spec}" is a scenario registered in this thread only (not by module URL), which a worker thread cannot load; give the path of the module that exports it`);
  }
  return runIsolated({ source, flags: {}, explorer: builder.build(), initial, options: { ...options, ...opts } });
}
