import type { Msg } from "nats";
import type { ExplorerConfig } from "../explore/explorerConfig.ts";
import { encodeParts, PartAssembler, COORDINATOR } from "./natsWire.ts";
import { connectNats, OFFER_SUBJECT, WORKER_QUEUE, type ShardOffer } from "./natsWorkerPool.ts";
import { ShardExplorer, type ShardLink } from "./shardExplorer.ts";
import type { ShardJob, ToWorker } from "./shardMessages.ts";

/** Options of `serveNatsShards`. */
export interface NatsWorkerOptions {
  /** Exit after this many shards (default: serve until stopped). A Kubernetes Job's pods take 1. */
  jobs?: number;
  /** The coordinator silent this long abandons its shard (default 10 s; it sends a heartbeat every second). */
  silenceMs?: number;
  /** One line per event (a shard taken, finished, abandoned). */
  log?: (line: string) => void;
  /** Stops serving (after the shard in hand, if any, is abandoned). */
  signal?: AbortSignal;
}

const HEARTBEAT_MS = 1000;

/**
 * A `kamera worker --nats <url>` process: takes one shard at a time from the coordinators that
 * offer them on the server, loads the offered scenario with `explorerOf`, explores the shard and
 * goes back to waiting. Resolves when `jobs` shards are done or the signal fires.
 */
export async function serveNatsShards(url: string, explorerOf: (job: ShardJob) => Promise<{ config: ExplorerConfig }>, opts: NatsWorkerOptions = {}): Promise<void> {
  const nc = await connectNats(url, "kamera-worker");
  const log = opts.log ?? (() => undefined);
  let busy = false;
  let served = 0;
  let current: Promise<void> = Promise.resolve();
  let finished: () => void = () => undefined;
  const allDone = new Promise<void>((r) => (finished = r));

  const take = async (offer: ShardOffer): Promise<void> => {
    const { base, shard, workers, job } = offer;
    const assembler = new PartAssembler();
    let handler: (msg: ToWorker) => void = noop;
    const queued: ToWorker[] = [];
    let coordinatorSeen = Date.now();
    const sub = nc.subscribe(`${base}.w.${shard}`, {
      callback: (err, m) => {
        if (err) return;
        const got = assembler.accept(m.data);
        if (!got) return;
        if (got.sender === COORDINATOR) coordinatorSeen = Date.now();
        const msg = got.msg as ToWorker;
        if (msg.type === "alive") return;
        if (handler === noop) queued.push(msg);
        else handler(msg);
      },
    });
    await nc.flush();
    const publish = (subject: string, msg: unknown) => {
      for (const part of encodeParts(shard, msg)) nc.publish(subject, part);
    };
    const link: ShardLink = {
      shard,
      workers,
      toShard: (to, msg) => publish(`${base}.w.${to}`, msg),
      toCoordinator: (msg) => publish(`${base}.c`, msg),
      listen(h) {
        handler = h;
        for (const msg of queued.splice(0)) h(msg);
      },
    };
    // Stopped in its search, a shard would wait for the coordinator's replay: released at once.
    const abandon = () => {
      handler({ type: "stop" });
      handler({ type: "release" });
    };
    const silenceMs = opts.silenceMs ?? 10_000;
    const heartbeat = setInterval(() => {
      link.toCoordinator({ type: "alive", from: shard });
      if (Date.now() - coordinatorSeen > silenceMs) {
        log(`the coordinator of ${base} has been silent for ${Math.round(silenceMs / 1000)} s: abandoning shard ${shard}`);
        abandon();
      }
    }, HEARTBEAT_MS);
    const onAbort = () => abandon();
    opts.signal?.addEventListener("abort", onAbort, { once: true });
    log(`took shard ${shard} of ${workers} (${job.scenario})`);
    try {
      const explorer = await explorerOf(job).catch((e: unknown) => {
        link.toCoordinator({ type: "failed", from: shard, message: `could not load ${job.scenario}: ${e instanceof Error ? e.message : String(e)}` });
        return undefined;
      });
      if (explorer) await new ShardExplorer(explorer.config, job.initial, job.options, link).run();
      await nc.flush();
      log(`finished shard ${shard} of ${workers}`);
    } finally {
      clearInterval(heartbeat);
      opts.signal?.removeEventListener("abort", onAbort);
      sub.unsubscribe();
    }
  };

  const offers = nc.subscribe(OFFER_SUBJECT, {
    queue: WORKER_QUEUE,
    callback: (err, m: Msg) => {
      if (err) return;
      const reply = (accepted: boolean) => m.respond(encodeParts(COORDINATOR, { accepted })[0]!);
      if (busy || opts.signal?.aborted || (opts.jobs !== undefined && served >= opts.jobs)) {
        reply(false);
        return;
      }
      const offer = new PartAssembler().accept(m.data)?.msg as ShardOffer | undefined;
      if (!offer) {
        reply(false);
        return;
      }
      busy = true;
      served++;
      current = (async () => {
        try {
          // Subscribed to the shard's subject before saying yes: the coordinator may write at once.
          const running = take(offer);
          reply(true);
          await running;
        } catch (e) {
          log(`shard ${offer.shard} failed: ${e instanceof Error ? e.message : String(e)}`);
        } finally {
          busy = false;
          if (opts.jobs !== undefined && served >= opts.jobs) finished();
        }
      })();
    },
  });
  opts.signal?.addEventListener("abort", () => finished(), { once: true });
  log(`waiting for shards on ${url}`);
  await allDone;
  offers.unsubscribe();
  await current;
  await nc.drain();
}

const noop = (): void => undefined;
