import type { Scenario } from "../../scenario.ts";
import { bundledScenarioModules, bundledScenarios } from "../../scenarioRegistry.ts";
import type { IsolatedScenarioSource } from "./isolatedProtocol.ts";

/**
 * Where an isolated run's worker thread finds the scenario `kamera explore <spec>` resolved to, or
 * undefined when it cannot: a bundled scenario registered directly rather than through a module
 * URL (`registerScenarioModule`), as when a program imports the examples itself. Such a run
 * explores in-process.
 *
 * @example
 * ```ts
 * const source = isolatedSource("./scenario.ts", scenario, { from: "start.yaml" }, process.cwd());
 * ```
 */
export function isolatedSource(spec: string, scenario: Scenario, opts: Record<string, unknown>, cwd: string): IsolatedScenarioSource | undefined {
  const modules = [...bundledScenarioModules()];
  if (bundledScenarios.includes(scenario) && modules.length === 0) return undefined;
  const start: IsolatedScenarioSource["start"] = {};
  if (typeof opts.from === "string") start.from = opts.from;
  if (typeof opts.fromTrace === "string") start.fromTrace = opts.fromTrace;
  if (typeof opts.at === "string") start.at = opts.at;
  return { spec, cwd, start, scenarioModules: modules };
}
