import type { Explorer } from "../explore/explorer.ts";
import type { ShardJob } from "../parallel/shardMessages.ts";
import { buildScenario } from "../explore/scenarioBuild.ts";
import { resolveScenario } from "./scenarioSource.ts";

/**
 * The explorer a worker builds for a job: the job's preloaded modules (which register bundled
 * scenarios), then the scenario resolved the way `kamera explore` resolves it, built afresh.
 * Each worker has its own reconcilers: they are code, and code does not travel in messages.
 */
export async function explorerOfJob(job: ShardJob, cwd: string): Promise<Explorer> {
  for (const url of job.preload) await import(url);
  return buildScenario(await resolveScenario(job.scenario, cwd)).builder.build();
}
