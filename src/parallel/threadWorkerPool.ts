import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { WorkerPool } from "./parallelExploration.ts";
import type { ControlMessage, ShardJob, ToCoordinator } from "./shardMessages.ts";
import { threadModule } from "./threadModule.ts";

/** What a worker thread is started with (its `workerData`). */
export interface ThreadWorkerData {
  job: ShardJob;
  shard: number;
  workers: number;
  /** A port to every other worker (undefined at the worker's own index). */
  peers: (MessagePort | undefined)[];
}

/**
 * Starts `size` worker threads running `entry` (a module that reads `ThreadWorkerData` and runs a
 * shard: src/cli/exploreWorkerThread.ts), each pair joined by its own message channel so that
 * states go from worker to worker without passing through this thread.
 */
export async function startThreadWorkers(entry: URL, job: ShardJob, size: number): Promise<WorkerPool> {
  // Every thread imports the same compiled copy of the entry, the preloaded modules and the scenario's module (see threadModule.ts).
  const scenarioUrl = isAbsolute(job.scenario) ? pathToFileURL(job.scenario).href : undefined;
  const module = await threadModule(entry, scenarioUrl === undefined ? job.preload : [...job.preload, scenarioUrl]);
  const threadJob: ShardJob = { ...job, preload: job.preload.map((u) => module.moduleUrl(u)) };
  if (scenarioUrl !== undefined) threadJob.scenario = fileURLToPath(module.moduleUrl(scenarioUrl));
  const ports: (MessagePort | undefined)[][] = Array.from({ length: size }, () => new Array<MessagePort | undefined>(size).fill(undefined));
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i]![j] = port1;
      ports[j]![i] = port2;
    }
  }
  const threads: Worker[] = [];
  const exited = new Set<number>();
  let onMessage: (msg: ToCoordinator) => void = () => undefined;
  let onLost: (shard: number, reason: string) => void = () => undefined;
  let closing = false;
  for (let i = 0; i < size; i++) {
    const peers = ports[i]!;
    const data: ThreadWorkerData = { job: threadJob, shard: i, workers: size, peers };
    const worker = new Worker(module.url, { workerData: data, transferList: peers.filter((p) => p !== undefined) });
    worker.on("message", (msg: ToCoordinator) => onMessage(msg));
    worker.on("error", (e) => {
      if (!closing) onLost(i, `it threw ${e instanceof Error ? e.message : String(e)}`);
    });
    worker.on("exit", (code) => {
      exited.add(i);
      if (!closing) onLost(i, `its thread exited with code ${code}`);
    });
    threads.push(worker);
  }
  return {
    size,
    send(shard: number, msg: ControlMessage): void {
      if (!exited.has(shard)) threads[shard]!.postMessage(msg);
    },
    listen(message, lost): void {
      onMessage = message;
      onLost = lost;
    },
    async close(): Promise<void> {
      closing = true;
      await Promise.all(threads.map((t) => t.terminate()));
    },
  };
}
