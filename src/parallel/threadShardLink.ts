import type { MessagePort } from "node:worker_threads";
import type { ShardLink } from "./shardExplorer.ts";
import type { StatesMessage, ToCoordinator, ToWorker } from "./shardMessages.ts";
import type { ThreadWorkerData } from "./threadWorkerPool.ts";

/**
 * A worker thread's link: the parent port to the coordinator, a port to each other worker. The
 * packed states are transferred, not copied.
 */
export function threadShardLink(parent: MessagePort, data: ThreadWorkerData): ShardLink {
  return {
    shard: data.shard,
    workers: data.workers,
    keepsEarlyMessages: true,
    waiting: data.waiting,
    toShard(to: number, msg: StatesMessage): void {
      data.peers[to]!.postMessage(msg, [msg.states.buffer as ArrayBuffer]);
    },
    toCoordinator(msg: ToCoordinator): void {
      parent.postMessage(msg, msg.type === "expansions" ? [msg.records.buffer as ArrayBuffer] : []);
    },
    listen(handler: (msg: ToWorker) => void): void {
      parent.on("message", handler);
      for (const port of data.peers) port?.on("message", handler);
    },
  };
}
