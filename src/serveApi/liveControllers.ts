import { createClient } from "../client/reconcileClient.ts";
import { builtinControllers } from "../controllers/builtinControllers.ts";
import { garbageCollectorRegistration } from "../controllers/garbageCollector.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import { TriggerIndex } from "../explore/triggerIndex.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ChangeEvent, LiveCluster } from "./liveCluster.ts";

/**
 * Which controllers run live: none, or the garbage collector plus the built-in controllers.
 *
 * @example
 * ```ts
 * await startApiServer({ controllers: "builtin" satisfies LiveControllerSet });
 * ```
 */
export type LiveControllerSet = "none" | "builtin";

/** Options of `startLiveControllers`. */
export interface LiveControllerOptions {
  /** Reconciles run before the loop yields to the server's I/O (default 200). */
  batch?: number;
  /** How many times in a row one request may fail or ask to requeue before it is dropped (default 10). */
  maxAttempts?: number;
  /** Told when a reconcile fails or a request is dropped. */
  onWarning?: (message: string) => void;
}

/** A running controller loop. */
export interface LiveControllers {
  /** Resolves when no reconcile is queued or running (timers of `requeueAfter` aside). */
  idle(): Promise<void>;
  /** Stops the loop; queued reconciles are dropped. */
  stop(): void;
}

interface Queued {
  reg: number;
  request: Request;
  key: string;
}

/**
 * Runs the garbage collector and the built-in controllers against a served cluster, as a real
 * control plane does: every write the cluster accepts (from clients or from the controllers)
 * enqueues the reconciles the explorer's watch rules name (`TriggerIndex`), and a single loop runs
 * them one at a time, in the order they were enqueued (a request already queued is not queued
 * twice), each as one write transaction over the current world, reading that world (no staleness).
 *
 * Deterministic: for the same sequence of client writes the controllers make the same writes.
 * Bounded: at most `batch` reconciles run before the loop lets requests in; a request that keeps
 * failing or asking to requeue is retried at most `maxAttempts` times in a row, then dropped with a
 * warning; `requeueAfter` uses a real timer. `ctx.choose` takes the first option.
 *
 * @example
 * ```ts
 * const controllers = startLiveControllers(server.cluster, "builtin");
 * await controllers.idle();   // every pod of every deployment exists
 * controllers.stop();
 * ```
 */
export function startLiveControllers(cluster: LiveCluster, set: LiveControllerSet, opts: LiveControllerOptions = {}): LiveControllers {
  const regs: ControllerRegistration[] = set === "builtin" ? [garbageCollectorRegistration(), ...builtinControllers()] : [];
  const triggers = new TriggerIndex(regs);
  const batch = opts.batch ?? 200;
  const maxAttempts = opts.maxAttempts ?? 10;
  const warn = opts.onWarning ?? (() => {});
  const queue: Queued[] = [];
  const queued = new Set<string>();
  const attempts = new Map<string, number>();
  const timers = new Set<NodeJS.Timeout>();
  const abort = new AbortController();
  let running = false;
  let stopped = false;
  let idleWaiters: (() => void)[] = [];

  const enqueue = (reg: number, request: Request) => {
    const key = `${reg}\u0000${request.namespace}\u0000${request.name}`;
    if (queued.has(key)) return;
    queued.add(key);
    queue.push({ reg, request, key });
  };
  const onEffects = (effects: readonly Effect[]) => {
    for (const e of effects) {
      try {
        for (const t of triggers.triggered(e, cluster.world)) enqueue(t.reconciler, t.request);
      } catch (err) {
        // The write is committed; a failing watch mapper must not turn the client's answer into an error.
        warn(`no reconcile was triggered by ${e.op} ${e.kind} ${describe(e)}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    schedule();
  };
  const schedule = () => {
    if (running || stopped) return;
    if (queue.length === 0) {
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
      return;
    }
    running = true;
    setImmediate(() => void drain());
  };

  const ctxFor = (id: string): ReconcileContext => ({
    now: cluster.now,
    choose: <T>(_label: string, options: readonly T[]): T => {
      if (options.length === 0) throw new Error(`${id}: ctx.choose was given no options`);
      return options[0]!;
    },
    signal: abort.signal,
    log: () => {},
  });

  const runOne = async (item: Queued): Promise<void> => {
    const reg = regs[item.reg]!;
    let result: Awaited<ReturnType<Reconciler["reconcile"]>>;
    try {
      const done = await cluster.writeAsync(async (txn, world) => {
        const client = createClient({ view: world, txn, kinds: cluster.kinds });
        return reg.factory(client, world).reconcile(item.request, ctxFor(reg.id));
      });
      if (done === undefined) {
        retry(item, `${reg.id} ${describe(item.request)}: the world kept changing while it ran`);
        return;
      }
      result = done.result;
    } catch (e) {
      retry(item, `${reg.id} ${describe(item.request)} failed: ${e instanceof Error ? e.message : String(e)}`);
      return;
    }
    if (result && result.requeue) {
      retry(item, `${reg.id} ${describe(item.request)} keeps asking to requeue`);
    } else {
      attempts.delete(item.key);
      if (result && typeof result.requeueAfter === "number" && result.requeueAfter > 0) {
        const t = setTimeout(() => {
          timers.delete(t);
          enqueue(item.reg, item.request);
          schedule();
        }, result.requeueAfter);
        timers.add(t);
      }
    }
  };

  const retry = (item: Queued, why: string) => {
    const n = (attempts.get(item.key) ?? 0) + 1;
    if (n >= maxAttempts) {
      attempts.delete(item.key);
      warn(`${why}; dropped after ${n} attempts`);
      return;
    }
    attempts.set(item.key, n);
    enqueue(item.reg, item.request);
  };

  const drain = async () => {
    for (let i = 0; i < batch && queue.length > 0 && !stopped; i++) {
      const item = queue.shift()!;
      queued.delete(item.key);
      await runOne(item);
    }
    running = false;
    schedule();
  };

  const unsubscribe = cluster.subscribe((events: readonly ChangeEvent[]) => onEffects(events.map((e) => e.effect)));
  // What is already in the cluster is reconciled once, as controllers do after their first list.
  onEffects(
    cluster.world.entries().map((e): Effect => {
      const m = e.object.metadata ?? {};
      return { op: "CREATE", kind: e.kind, namespace: m.namespace ?? "", name: m.name ?? "", after: e.object };
    }),
  );

  return {
    idle() {
      if (!running && queue.length === 0) return Promise.resolve();
      return new Promise((resolve) => idleWaiters.push(resolve));
    },
    stop() {
      stopped = true;
      unsubscribe();
      abort.abort();
      for (const t of timers) clearTimeout(t);
      timers.clear();
      queue.length = 0;
      queued.clear();
      const waiters = idleWaiters;
      idleWaiters = [];
      for (const w of waiters) w();
    },
  };
}

function describe(r: Request): string {
  return r.namespace ? `${r.namespace}/${r.name}` : r.name;
}
