/*
 * The module each worker thread of `--workers N` runs: it loads the scenario and explores its
 * shard, talking to the coordinator and the other threads through the ports it was given.
 */
import { parentPort, workerData } from "node:worker_threads";
import { ShardExplorer } from "../parallel/shardExplorer.ts";
import { threadShardLink } from "../parallel/threadShardLink.ts";
import type { ThreadWorkerData } from "../parallel/threadWorkerPool.ts";
import { explorerOfJob } from "./shardScenario.ts";

const data = workerData as ThreadWorkerData;
const port = parentPort!;
try {
  const explorer = await explorerOfJob(data.job, process.cwd());
  await new ShardExplorer(explorer.config, data.job.initial, data.job.options, threadShardLink(port, data)).run();
} catch (e) {
  port.postMessage({ type: "failed", from: data.shard, message: e instanceof Error ? e.message : String(e) });
}
