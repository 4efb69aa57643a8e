import { KubeConfig, KubernetesObjectApi, Watch } from "@kubernetes/client-node";
import { traceClient, traceReconciler, type Reconciler, type Request, type TraceSink, type KubernetesObjectApiLike } from "../../src/index.ts";

/** A running controller: reconciles queued requests one at a time. */
export interface LiveController {
  /** Resolves when nothing is queued or running (after the watch has delivered what it will). */
  idle(): Promise<void>;
  /** Reconcile errors so far (a failed reconcile is retried on the next change, not in a loop). */
  readonly errors: string[];
  stop(): Promise<void>;
}

/**
 * Runs a reconciler as a controller does: a watch on ConfigMaps in `namespace` queues their
 * requests (deduplicated), and one worker reconciles them in order — every call recorded through
 * `traceClient` and every reconcile through `traceReconciler`.
 */
export async function startLiveController(options: {
  kubeconfig: string;
  namespace: string;
  controller: string;
  sink: TraceSink;
  make: (api: KubernetesObjectApiLike) => Reconciler;
}): Promise<LiveController> {
  const kc = new KubeConfig();
  kc.loadFromString(options.kubeconfig);
  const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: options.controller, sink: options.sink });
  const reconciler = traceReconciler(options.make(api), { controller: options.controller, sink: options.sink });
  const queue: Request[] = [];
  const errors: string[] = [];
  let running: Promise<void> | undefined;
  let waiters: (() => void)[] = [];
  const ctx = {
    now: () => new Date(),
    choose: <T>(_label: string, opts: readonly T[]) => opts[0]!,
    signal: new AbortController().signal,
    log: () => undefined,
  };
  const work = async () => {
    while (queue.length > 0) {
      const req = queue.shift()!;
      try {
        await reconciler.reconcile(req, ctx);
      } catch (e) {
        errors.push(`${req.namespace}/${req.name}: ${(e as Error).message}`);
      }
    }
    running = undefined;
    const w = waiters;
    waiters = [];
    for (const f of w) f();
  };
  const enqueue = (req: Request) => {
    if (!queue.some((q) => q.namespace === req.namespace && q.name === req.name)) queue.push(req);
    running ??= work();
  };
  const watch = new Watch(kc);
  const abort = await watch.watch(
    `/api/v1/namespaces/${options.namespace}/configmaps`,
    {},
    (_phase, obj: { metadata?: { name?: string; namespace?: string } }) => {
      if (obj?.metadata?.name) enqueue({ namespace: obj.metadata.namespace ?? options.namespace, name: obj.metadata.name });
    },
    (err) => {
      if (err && (err as Error).name !== "AbortError") errors.push(`watch ended: ${(err as Error).message ?? String(err)}`);
    },
  );
  return {
    errors,
    idle: () => (running ? new Promise<void>((r) => waiters.push(r)) : Promise.resolve()),
    async stop() {
      abort.abort();
      await running;
    },
  };
}
