import type { Explorer } from "../explore/explorer.ts";
import { validateExploreOptions } from "../explore/exploreOptions.ts";
import { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import { KameraError } from "../kameraError.ts";
import type { ShardJob } from "../parallel/shardMessages.ts";
import { resolveScenario } from "./scenarioSource.ts";
import type { Scenario } from "../scenario.ts";

/**
 * The explorer a worker builds for a job: the job's preloaded modules (which register bundled
 * scenarios), then the scenario resolved the way `kamera explore` resolves it, built afresh.
 * Each worker has its own reconcilers: they are code, and code does not travel in messages.
 */
export async function explorerOfJob(job: ShardJob, cwd: string): Promise<Explorer> {
  for (const url of job.preload) await import(url);
  return buildScenario(await resolveScenario(job.scenario, cwd)).builder.build();
}

/**
 * Calls `scenario.build()` and checks what it returned, its options included: module scenarios
 * are not type-checked against kamera's types, so a wrong shape is a clear error here rather than
 * deep in the search (options of `"bfs"` would otherwise spread into keys "0", "1", "2").
 *
 * @example
 * ```ts
 * const { builder, initial, options } = buildScenario(scenario);
 * ```
 */
export function buildScenario(scenario: Scenario): ReturnType<Scenario["build"]> {
  const built = scenario.build();
  if (!built || !(built.builder instanceof ExplorerBuilder) || typeof built.initial !== "object" || built.initial === null) {
    throw new KameraError(`scenario "${scenario.name}": build() must return { builder: ExplorerBuilder, initial: InitialState, options? }`);
  }
  if (built.options !== undefined) {
    try {
      validateExploreOptions(built.options);
    } catch (e) {
      if (e instanceof KameraError) throw new KameraError(`scenario "${scenario.name}": the options build() returned are not valid: ${e.message}`);
      throw e;
    }
  }
  return built;
}
