import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { MessageChannel, Worker, type MessagePort } from "node:worker_threads";
import type { WorkerPool } from "./parallelExploration.ts";
import type { ControlMessage, ShardJob, ToCoordinator } from "./shardMessages.ts";

/** What a worker thread is started with (its `workerData`). */
export interface ThreadWorkerData {
  job: ShardJob;
  shard: number;
  workers: number;
  /** A port to every other worker (undefined at the worker's own index). */
  peers: (MessagePort | undefined)[];
}

/**
 * The module a thread runs: `entry` itself when it is JavaScript; for TypeScript sources (kamera
 * run from a clone, or under a test runner) a bootstrap that registers tsx's loader in the thread
 * first (a loader registered in the parent does not reach worker threads).
 */
function threadModule(entry: URL): URL {
  if (!/\.(c|m)?ts$/.test(entry.pathname)) return entry;
  // require.resolve answers with the package's CommonJS build; the ES module build sits beside it (tsx's "exports").
  const api = pathToFileURL(createRequire(import.meta.url).resolve("tsx/esm/api").replace(/\.cjs$/, ".mjs")).href;
  const code = `const { register } = await import(${JSON.stringify(api)}); register(); await import(${JSON.stringify(entry.href)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

/**
 * Starts `size` worker threads running `entry` (a module that reads `ThreadWorkerData` and runs a
 * shard: src/cli/exploreWorkerThread.ts), each pair joined by its own message channel so that
 * states go from worker to worker without passing through this thread.
 */
export function startThreadWorkers(entry: URL, job: ShardJob, size: number): WorkerPool {
  const ports: (MessagePort | undefined)[][] = Array.from({ length: size }, () => new Array<MessagePort | undefined>(size).fill(undefined));
  for (let i = 0; i < size; i++) {
    for (let j = i + 1; j < size; j++) {
      const { port1, port2 } = new MessageChannel();
      ports[i]![j] = port1;
      ports[j]![i] = port2;
    }
  }
  const module = threadModule(entry);
  const threads: Worker[] = [];
  const exited = new Set<number>();
  let onMessage: (msg: ToCoordinator) => void = () => undefined;
  let onLost: (shard: number, reason: string) => void = () => undefined;
  let closing = false;
  for (let i = 0; i < size; i++) {
    const peers = ports[i]!;
    const data: ThreadWorkerData = { job, shard: i, workers: size, peers };
    const worker = new Worker(module, { workerData: data, transferList: peers.filter((p) => p !== undefined) });
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
