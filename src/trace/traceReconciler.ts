import type { ReconcileContext, ReconcileResult, Reconciler, Request } from "../reconciler.ts";
import type { TraceReconcileEnd, TraceReconcileStart } from "./traceFormat.ts";
import { randomId, type NewId } from "./traceIds.ts";
import { reconcileScope } from "./reconcileScope.ts";
import type { TraceSink } from "./traceSink.ts";

/** Options of `traceReconciler`. */
export interface TraceReconcilerOptions {
  /** The controller's name in the trace; `--from-trace` matches it to a scenario's reconciler id. */
  controller: string;
  sink: TraceSink;
  /** Id generator (random UUIDs by default). */
  newId?: NewId;
}

/**
 * Gives every reconcile of `reconciler` an id: the calls its traced clients make inside it are
 * recorded with that id and the causal root it read, and the sink is flushed when it ends. The
 * reconcile's result and errors pass through unchanged.
 *
 * @example
 * ```ts
 * const sink = await openTraceFile("trace.jsonl");
 * const traced = traceReconciler(new MirrorReconciler(traceClient(api, { controller: "mirror", sink })), { controller: "mirror", sink });
 * await traced.reconcile({ namespace: "default", name: "web" }, ctx);
 * ```
 */
export function traceReconciler(reconciler: Reconciler, options: TraceReconcilerOptions): Reconciler {
  const { controller, sink } = options;
  const newId = options.newId ?? randomId;
  return {
    async reconcile(req: Request, ctx: ReconcileContext): Promise<ReconcileResult | void> {
      const id = newId();
      const start: TraceReconcileStart = { type: "reconcile", id, ts: new Date().toISOString(), controller, namespace: req.namespace, name: req.name };
      sink.write(JSON.stringify(start));
      let result: ReconcileResult | void;
      try {
        result = await reconcileScope().run({ id, controller, rootId: null }, () => reconciler.reconcile(req, ctx));
      } catch (e) {
        const end: TraceReconcileEnd = { type: "reconciled", id, ts: new Date().toISOString(), error: e instanceof Error ? e.message : String(e) };
        sink.write(JSON.stringify(end));
        await sink.flush();
        throw e;
      }
      const end: TraceReconcileEnd = { type: "reconciled", id, ts: new Date().toISOString() };
      sink.write(JSON.stringify(end));
      await sink.flush();
      return result;
    },
  };
}
