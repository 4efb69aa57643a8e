import { randomUUID } from "node:crypto";
import type { NatsConnection } from "nats";
import { KameraError } from "../kameraError.ts";
import { COORDINATOR, encodeParts, PartAssembler } from "./natsWire.ts";
import type { WorkerPool } from "./parallelExploration.ts";
import type { ControlMessage, ShardJob, ToCoordinator } from "./shardMessages.ts";

/** The subject `kamera worker` processes listen on for shards to take (as one queue group). */
export const OFFER_SUBJECT = "kamera.offer";
export const WORKER_QUEUE = "kamera-workers";

/** A shard offered to a worker. */
export interface ShardOffer {
  /** Subjects of the job start with this. */
  base: string;
  shard: number;
  workers: number;
  job: ShardJob;
}

/** Options of `startNatsWorkers`. */
export interface NatsPoolOptions {
  /** How long to wait for enough workers to take the shards (default 30 s). */
  offerTimeoutMs?: number;
  /** A worker silent this long is lost and the exploration fails (default 10 s; heartbeats are sent every second). */
  silenceMs?: number;
}

const HEARTBEAT_MS = 1000;

/** Connects to a NATS server, with a message that says what to check when it cannot. */
export async function connectNats(url: string, name: string): Promise<NatsConnection> {
  const { connect } = await import("nats");
  try {
    return await connect({ servers: url, name, maxReconnectAttempts: 10, reconnectTimeWait: 500 });
  } catch (e) {
    throw new KameraError(`cannot reach the NATS server at ${url}: ${e instanceof Error ? e.message : String(e)}; is nats-server running there?`);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Hands the shards of one exploration to `kamera worker --nats <url>` processes: each shard is
 * offered on `kamera.offer` to the workers' queue group until an idle worker takes it. Messages of
 * the job go on `kamera.job.<id>.w.<shard>` (to a worker) and `kamera.job.<id>.c` (to this
 * coordinator). A worker that sends nothing for `silenceMs` (it sends a heartbeat every second)
 * is lost: the exploration fails rather than wait forever or return a partial result as complete.
 */
export async function startNatsWorkers(url: string, job: ShardJob, workers = 1, opts: NatsPoolOptions = {}): Promise<WorkerPool> {
  const nc = await connectNats(url, "kamera-coordinator");
  const base = `kamera.job.${randomUUID()}`;
  const assembler = new PartAssembler();
  let onMessage: (msg: ToCoordinator) => void = () => undefined;
  let onLost: (shard: number, reason: string) => void = () => undefined;
  const lastSeen: number[] = new Array(workers).fill(Date.now());
  const silenceMs = opts.silenceMs ?? 10_000;
  let closing = false;
  const early: ToCoordinator[] = [];
  let listening = false;

  nc.subscribe(`${base}.c`, {
    callback: (err, m) => {
      if (err || closing) return;
      const got = assembler.accept(m.data);
      if (!got) return;
      lastSeen[got.sender] = Date.now();
      const msg = got.msg as ToCoordinator;
      if (msg.type === "alive") return;
      if (listening) onMessage(msg);
      else early.push(msg);
    },
  });
  await nc.flush();

  const publish = (shard: number, msg: ControlMessage) => {
    for (const part of encodeParts(COORDINATOR, msg)) nc.publish(`${base}.w.${shard}`, part);
  };

  try {
    const deadline = Date.now() + (opts.offerTimeoutMs ?? 30_000);
    for (let shard = 0; shard < workers; shard++) {
      const offer: ShardOffer = { base, shard, workers, job };
      const [payload, ...more] = encodeParts(COORDINATOR, offer);
      if (more.length > 0) throw new KameraError("the initial state is too large to offer over NATS in one message (over 512 KiB serialized)");
      for (;;) {
        const reply = await nc.request(OFFER_SUBJECT, payload!, { timeout: 5000 }).catch(() => undefined);
        const answer = reply ? (new PartAssembler().accept(reply.data)?.msg as { accepted?: boolean } | undefined) : undefined;
        if (answer?.accepted) break;
        if (Date.now() > deadline) {
          throw new KameraError(
            `only ${shard} of ${workers} workers took a shard within ${Math.round((opts.offerTimeoutMs ?? 30_000) / 1000)} s on ${url}: start ${workers} with \`kamera worker --nats ${url}\` (each takes one shard at a time)`,
          );
        }
        await sleep(200);
      }
      lastSeen[shard] = Date.now();
    }
  } catch (e) {
    closing = true;
    for (let shard = 0; shard < workers; shard++) {
      publish(shard, { type: "stop" });
      publish(shard, { type: "release" });
    }
    await nc.drain().catch(() => undefined);
    throw e;
  }

  const heartbeat = setInterval(() => {
    for (let shard = 0; shard < workers; shard++) publish(shard, { type: "alive" });
    const now = Date.now();
    for (let shard = 0; shard < workers; shard++) {
      if (now - lastSeen[shard]! > silenceMs) onLost(shard, `no message from it for ${Math.round((now - lastSeen[shard]!) / 1000)} s: its process died or lost its connection to ${url}`);
    }
  }, HEARTBEAT_MS);
  void nc.closed().then((err) => {
    if (!closing) for (let shard = 0; shard < workers; shard++) onLost(shard, `the connection to ${url} closed${err ? `: ${err.message}` : ""}`);
  });

  return {
    size: workers,
    send: publish,
    listen(message, lost): void {
      onMessage = message;
      onLost = lost;
      listening = true;
      for (const msg of early.splice(0)) message(msg);
    },
    async close(): Promise<void> {
      if (closing) return;
      closing = true;
      clearInterval(heartbeat);
      // Workers that already sent `done` have left the job; the others (a failed run) stop, and
      // are released at once (a worker stopped in its search would otherwise wait for the replay).
      for (let shard = 0; shard < workers; shard++) {
        publish(shard, { type: "stop" });
        publish(shard, { type: "release" });
      }
      await nc.drain().catch(() => undefined);
    },
  };
}
