import type { Explorer } from "../../src/explore/explorer.ts";
import type { InitialState } from "../../src/explore/initialStateBuilder.ts";
import type { WorkerPool } from "../../src/parallel/parallelExploration.ts";
import { ShardExplorer, type ShardLink } from "../../src/parallel/shardExplorer.ts";
import type { ControlMessage, ShardOptions, StatesMessage, ToCoordinator, ToWorker } from "../../src/parallel/shardMessages.ts";

/**
 * When one shard's states reach another. `held` delivers a shard's incoming states only once it
 * has said it is idle (its own paths always come first), in the order `order` gives the held
 * messages: `"sent"`, as sent; `"lastSenderFirst"`, the messages of the highest-numbered sender
 * first. Each sender's messages keep their order (a message may use dictionary entries an
 * earlier one carried, as the `ShardLink` contract says). `immediate` delivers each at once.
 */
export type Delivery = { kind: "immediate" } | { kind: "held"; order: "sent" | "lastSenderFirst" };

/** A pool that also says what the coordinator sent its workers. */
export interface InProcessPool extends WorkerPool {
  /** Every control message the coordinator sent, with the shard it went to, in order. */
  readonly sent: { shard: number; msg: ControlMessage }[];
}

/**
 * What the test does to the pool besides delivering: `loseOnExpand` reports the worker asked to
 * expand states after the search as lost instead; `onExpand` is called when such a request is sent.
 */
export interface PoolFaults {
  loseOnExpand?: boolean;
  onExpand?: (shard: number) => void;
}

/**
 * Every shard of a parallel exploration in this thread, on `explorer`'s own configuration, with a
 * delivery order fixed by the test instead of by thread timing: the deterministic way to make
 * paths reach a state's owner in an order of the test's choosing.
 */
export function inProcessPool(explorer: Explorer, initial: InitialState, options: ShardOptions, size: number, delivery: Delivery, faults: PoolFaults = {}): InProcessPool {
  const handlers: ((msg: ToWorker) => void)[] = [];
  const held: StatesMessage[][] = Array.from({ length: size }, () => []);
  /** Whether a shard's last word was that it is idle (and nothing was delivered to it since). */
  const idle: boolean[] = new Array<boolean>(size).fill(false);
  let onMessage: (msg: ToCoordinator) => void = () => undefined;
  let onLost: (shard: number, reason: string) => void = () => undefined;
  const sent: { shard: number; msg: ControlMessage }[] = [];
  const release = (shard: number) => {
    idle[shard] = false;
    const msgs = held[shard]!.splice(0);
    // A stable sort: each sender's messages stay in the order it sent them.
    if (delivery.kind === "held" && delivery.order === "lastSenderFirst") msgs.sort((a, b) => b.from - a.from);
    for (const m of msgs) queueMicrotask(() => handlers[shard]!(m));
  };
  const link = (shard: number): ShardLink => ({
    shard,
    workers: size,
    toShard(to: number, msg: StatesMessage): void {
      const copy = structuredClone(msg);
      if (delivery.kind === "immediate") queueMicrotask(() => handlers[to]!(copy));
      else {
        held[to]!.push(copy);
        // An idle shard waits for messages: it would not say idle again to have these released.
        if (idle[to]) release(to);
      }
    },
    toCoordinator(msg: ToCoordinator): void {
      if (msg.type === "status" && msg.wave < 0) {
        idle[shard] = msg.idle;
        // Not idle for long: what was held back arrives now (it says idle again once it has handled it).
        if (msg.idle && held[shard]!.length > 0) release(shard);
      }
      const copy = structuredClone(msg);
      queueMicrotask(() => onMessage(copy));
    },
    listen(handler: (msg: ToWorker) => void): void {
      handlers[shard] = handler;
    },
  });
  let started = false;
  return {
    size,
    sent,
    send(shard: number, msg: ControlMessage): void {
      sent.push({ shard, msg });
      if (msg.type === "expand") faults.onExpand?.(shard);
      if (msg.type === "expand" && faults.loseOnExpand) {
        queueMicrotask(() => onLost(shard, "the test lost it"));
        return;
      }
      const copy = structuredClone(msg);
      queueMicrotask(() => handlers[shard]!(copy));
    },
    listen(message, lost): void {
      onMessage = message;
      onLost = lost;
      if (started) return;
      started = true;
      for (let i = 0; i < size; i++) void new ShardExplorer(explorer.config, initial, options, link(i)).run();
    },
    async close(): Promise<void> {},
  };
}
