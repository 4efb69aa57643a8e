/*
 * One independent single-worker exploration in a worker thread, for the parallel benchmark's
 * machine ceiling: it loads the scenario module it is given, explores it with the options it is
 * given, and posts back what it found and how long the search took. No messages pass between
 * copies: what two copies at once cost over one alone is the machine's own (cores shared with
 * each other's collector and compiler threads, caches, memory), not the parallel design's.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Scenario } from "../src/scenario.ts";
import type { ExploreOptions } from "../src/explore/exploreOptions.ts";

/** What the thread is started with. */
export interface CopyJob {
  /** The compiled copy of the scenario module (threadModule's `moduleUrl`). */
  scenario: string;
  options: ExploreOptions;
}

/** What the thread answers: the same counts as the run in the benchmark's own thread, or why not. */
export type CopyAnswer = { states: number; transitions: number; complete: boolean } | { failed: string };

const job = workerData as CopyJob;
try {
  const { scenario } = (await import(job.scenario)) as { scenario: Scenario };
  const { builder, initial } = scenario.build();
  const result = await builder.build().explore(initial, job.options);
  const answer: CopyAnswer = { states: result.stats.uniqueStates, transitions: result.stats.transitions, complete: result.complete };
  parentPort!.postMessage(answer);
} catch (e) {
  const answer: CopyAnswer = { failed: e instanceof Error ? e.message : String(e) };
  parentPort!.postMessage(answer);
}
