import { isAbsolute } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { MessageChannel, type MessagePort, type Worker } from "node:worker_threads";
import type { ExplorerConfig } from "../explore/explorerConfig.ts";
import type { WorkerPool } from "./parallelExploration.ts";
import { ShardExplorer, type ShardLink } from "./shardExplorer.ts";
import type { ControlMessage, ShardJob, StatesMessage, ToCoordinator, ToWorker } from "./shardMessages.ts";
import { startThread } from "./threadExecArgv.ts";
import { threadModule } from "./threadModule.ts";

/** What a worker thread is started with (its `workerData`). */
export interface ThreadWorkerData {
  job: ShardJob;
  shard: number;
  workers: number;
  /** A port to every other worker (undefined at the worker's own index). */
  peers: (MessagePort | undefined)[];
  /** Which shards wait for states, shared by every thread (`ShardLink.waiting`). */
  waiting: Int32Array;
}

/**
 * Starts a pool of `size` shards joined pairwise by message channels, so that states go from
 * shard to shard without passing through the coordinator. Shards 1… run in worker threads on
 * `entry` (a module that reads `ThreadWorkerData` and runs a shard: src/cli/exploreWorkerThread.ts).
 * Shard 0 runs in this thread on `config` (the explorer this thread built from the same scenario):
 * `size` shards take `size` threads, the coordinator's included, rather than `size` + 1, and that
 * shard needs no start-up (the scenario is loaded here already). The coordinator's own work while
 * the shards explore is small (filing the expansions it is sent); it replays them at the end.
 */
export async function startThreadWorkers(entry: URL, job: ShardJob, size: number, config: ExplorerConfig): Promise<WorkerPool> {
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
  const waiting = new Int32Array(new SharedArrayBuffer(4 * size));
  const threads: (Worker | undefined)[] = [undefined];
  const exited = new Set<number>();
  let onMessage: (msg: ToCoordinator) => void = () => undefined;
  let onLost: (shard: number, reason: string) => void = () => undefined;
  let closing = false;
  for (let i = 1; i < size; i++) {
    const peers = ports[i]!;
    const data: ThreadWorkerData = { job: threadJob, shard: i, workers: size, peers, waiting };
    const worker = startThread(module.url, { workerData: data, transferList: peers.filter((p) => p !== undefined) }, module.compiled);
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

  // Shard 0, here: messages between it and the coordinator are queued as a port would queue them (never handled re-entrantly).
  const localPorts = ports[0]!.filter((p) => p !== undefined);
  let toLocal: (msg: ToWorker) => void = () => undefined;
  let local: ShardExplorer | undefined;
  const link: ShardLink = {
    shard: 0,
    workers: size,
    keepsEarlyMessages: true,
    waiting,
    toShard(to: number, msg: StatesMessage): void {
      ports[0]![to]!.postMessage(msg, [msg.states.buffer as ArrayBuffer]);
    },
    toCoordinator(msg: ToCoordinator): void {
      queueMicrotask(() => onMessage(msg));
    },
    listen(handler: (msg: ToWorker) => void): void {
      toLocal = handler;
      for (const port of localPorts) port.on("message", handler);
    },
  };
  return {
    size,
    send(shard: number, msg: ControlMessage): void {
      if (shard === 0) queueMicrotask(() => toLocal(msg));
      else if (!exited.has(shard)) threads[shard]!.postMessage(msg);
    },
    listen(message, lost): void {
      onMessage = message;
      onLost = lost;
      if (local !== undefined) return;
      // Started once the coordinator listens, so that its first message (ready) is not lost.
      local = new ShardExplorer(config, job.initial, job.options, link);
      void local.run();
    },
    async close(): Promise<void> {
      closing = true;
      // After a failure elsewhere the local shard may still be exploring: stop it (it stops at its next yield).
      toLocal({ type: "stop" });
      toLocal({ type: "release" });
      for (const port of localPorts) port.close();
      await Promise.all(threads.map((t) => t?.terminate()));
    },
  };
}

