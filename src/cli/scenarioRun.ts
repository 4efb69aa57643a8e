import type { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import type { Scenario } from "../scenario.ts";
import { initialStateFromFile } from "../serveApi/initialStateFromFile.ts";
import { buildScenario } from "../explore/scenarioBuild.ts";
import { resolveScenario } from "./scenarioSource.ts";
import { givenFile } from "./givenFile.ts";
import { initialStateFromTraceFlags } from "./traceStartFlags.ts";

/** What `kamera explore <spec>` explores: the scenario, its built explorer builder, where it starts and its own options. */
export interface ScenarioRun {
  scenario: Scenario;
  builder: ExplorerBuilder;
  initial: InitialState;
  options: ReturnType<Scenario["build"]>["options"];
  /** What the start gave reason to warn about (a damaged trace, its controllers the scenario lacks); the command adds them to the result's warnings. */
  warnings: string[];
}

/**
 * Resolves and builds what `kamera explore <spec>` explores, starting where `--from`,
 * `--from-trace`/`--at` say (`opts` are the command's parsed options), else at the scenario's
 * initial state. The command and an isolated run's worker thread both load a scenario this way,
 * so both explore the same thing.
 *
 * @example
 * ```ts
 * const { scenario, builder, initial } = await loadScenarioRun("trivial", {}, process.cwd());
 * ```
 */
export async function loadScenarioRun(spec: string, opts: Record<string, unknown>, cwd: string): Promise<ScenarioRun> {
  const scenario = await resolveScenario(spec, cwd);
  const { builder, initial: scenarioInitial, options } = buildScenario(scenario);
  const traced = await initialStateFromTraceFlags(builder, opts, cwd);
  if (traced !== undefined) return { scenario, builder, initial: traced.initial, options, warnings: traced.warnings };
  const initial = typeof opts.from === "string" ? await initialStateFromFile(builder, scenarioInitial, await givenFile(opts.from, cwd, { flag: "--from", expected: "a manifest or a dump file", help: "kamera explore --help" })) : scenarioInitial;
  return { scenario, builder, initial, options, warnings: [] };
}
