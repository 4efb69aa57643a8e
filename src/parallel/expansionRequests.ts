import type { StateCodec } from "../explore/stateCodec.ts";
import { KameraError } from "../kameraError.ts";
import { IncarnationIds, Outbox } from "./outbox.ts";
import type { ExpandMessage } from "./shardMessages.ts";

interface Waiter {
  promise: Promise<void>;
  resolve: () => void;
  reject: (e: Error) => void;
  answered: boolean;
}

/**
 * The coordinator's requests that workers expand states after their search, with the incarnation
 * counts of a single-worker run's first path to each (docs/scale-out.md, "Server bookkeeping").
 * Requests are packed per owner with the coordinator's own ids (each worker is sent a key, version,
 * request or counts entry once) and go out together on `flush`, so that the states asked for while
 * one state's successors are made cost one message per owner. A request is answered when its
 * expansion record arrives (`answered`); an answer message that leaves one of its states out fails
 * the run rather than leaving the replay waiting.
 *
 * @example
 * ```ts
 * const requests = new ExpansionRequests(codec, 2, (shard, msg) => pool.send(shard, msg));
 * requests.ask(1, key, fp, depth, counts, core.slots(s), core.pending(s));
 * requests.flush();
 * await requests.wait(key);
 * ```
 */
export class ExpansionRequests {
  private readonly boxes: Outbox[] = [];
  private readonly waiters = new Map<string, Waiter>();
  /** Per batch sent: the states it asked for. */
  private readonly batches = new Map<number, string[]>();
  private readonly pendingKeys: string[][] = [];
  private nextBatch = 0;
  private failure: Error | undefined;

  constructor(
    codec: StateCodec,
    workers: number,
    private readonly send: (shard: number, msg: ExpandMessage) => void,
  ) {
    const ids = new IncarnationIds();
    for (let i = 0; i < workers; i++) {
      this.boxes.push(new Outbox(codec, ids));
      this.pendingKeys.push([]);
    }
  }

  /** Whether `key` (a state with given counts) was asked for already. */
  has(key: string): boolean {
    return this.waiters.has(key);
  }

  /** Asks `owner` to expand the state `fp` (contents `slots`, `pending`) at `depth` with `incarnations`; sent on the next `flush`. */
  ask(owner: number, key: string, fp: bigint, depth: number, incarnations: ReadonlyMap<string, number>, slots: Uint32Array, pending: Uint32Array): void {
    if (this.waiters.has(key)) return;
    let resolve!: () => void;
    let reject!: (e: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A failure may come while nobody waits for this state yet: it is seen by the next wait.
    promise.catch(() => undefined);
    this.waiters.set(key, { promise, resolve, reject, answered: false });
    if (this.failure) reject(this.failure);
    const box = this.boxes[owner]!;
    box.buf.push(Number(fp >> 32n), Number(fp & 0xffffffffn), depth, box.incarnationRef(incarnations));
    box.packInto(slots, pending);
    box.count++;
    this.pendingKeys[owner]!.push(key);
  }

  /** Sends what was asked since the last flush, one message per owner. */
  flush(): void {
    for (let shard = 0; shard < this.boxes.length; shard++) {
      const box = this.boxes[shard]!;
      if (box.count === 0) continue;
      const batch = this.nextBatch++;
      const { dict, packed } = box.take();
      this.batches.set(batch, this.pendingKeys[shard]!.splice(0));
      this.send(shard, { type: "expand", batch, dict, states: packed });
    }
  }

  /** Resolves when the expansion asked for as `key` has arrived; rejects if the run fails first. */
  wait(key: string): Promise<void> {
    const w = this.waiters.get(key);
    if (w === undefined) throw new KameraError(`internal error: the replay waits for an expansion of ${key} that it never asked for`);
    return w.promise;
  }

  /** The expansion asked for as `key` arrived. */
  answered(key: string): void {
    const w = this.waiters.get(key);
    if (w === undefined) throw new KameraError(`internal error: a worker sent an expansion of ${key}, which the coordinator did not ask for`);
    w.answered = true;
    w.resolve();
  }

  /** The last message of `worker`'s answer to `batch` arrived: every state it asked for must have been answered. */
  batchAnswered(worker: number, batch: number): void {
    const keys = this.batches.get(batch);
    if (keys === undefined) throw new KameraError(`internal error: worker ${worker} answered expansion request ${batch}, which was never sent`);
    this.batches.delete(batch);
    const missing = keys.find((k) => !this.waiters.get(k)!.answered);
    if (missing !== undefined) throw new KameraError(`internal error: worker ${worker} answered expansion request ${batch} without expanding ${missing}`);
  }

  /** The run failed: every wait rejects with `e`. */
  fail(e: Error): void {
    this.failure ??= e;
    for (const w of this.waiters.values()) if (!w.answered) w.reject(e);
  }
}
