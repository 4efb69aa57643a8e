import type { Client } from "../client/client.ts";
import { kindOf } from "../kinds.ts";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { KameraError } from "../kameraError.ts";

/** Verbs a strategy records. */
export type RecordedOp = "CREATE" | "UPDATE" | "PATCH" | "DELETE";

/**
 * What a `withStrategy` factory receives: records the writes of a controller that does not use a
 * client (the original kamera's strategy interface). Each write is validated like a client write.
 */
export interface StrategyRecorder {
  recordEffect(obj: KubeObject, op: RecordedOp, opts?: { status?: boolean }): Promise<KubernetesObjectLike | void>;
}

/**
 * A controller that reconciles from a snapshot of every object instead of through a client.
 *
 * @example
 * ```ts
 * eb.withStrategy("Legacy", (rec) => ({
 *   async reconcileAtState(objects, req) {
 *     const foo = objects.find((o) => o.metadata?.name === req.name);
 *     if (foo) await rec.recordEffect({ ...foo, status: { state: "Seen" } }, "UPDATE", { status: true });
 *   },
 * })).for("webapp.example.com/Foo");
 * ```
 */
export interface Strategy {
  reconcileAtState(objects: readonly KubeObject[], req: Request, ctx: ReconcileContext): Promise<unknown> | unknown;
}

/** Adapts a strategy to a reconciler: the snapshot is the view, recorded effects go through the client. */
export function reconcilerOfStrategy(
  client: Client,
  listAll: () => readonly KubeObject[],
  factory: (recorder: StrategyRecorder) => Strategy,
): Reconciler {
  const recorder: StrategyRecorder = {
    async recordEffect(obj, op, opts) {
      kindOf(obj);
      const meta = obj.metadata ?? {};
      const ref = { apiVersion: obj.apiVersion!, kind: obj.kind!, namespace: meta.namespace, name: meta.name ?? "" };
      switch (op) {
        case "CREATE":
          return client.create(obj);
        case "UPDATE":
          return opts?.status ? client.updateStatus(obj) : client.update(obj);
        case "PATCH":
          return opts?.status ? client.patchStatus(ref, obj, "merge") : client.patch(ref, obj, "merge");
        case "DELETE":
          return client.delete(obj);
        default:
          throw new KameraError(`recordEffect: unknown op ${JSON.stringify(op)}; expected CREATE, UPDATE, PATCH or DELETE`);
      }
    },
  };
  const strategy = factory(recorder);
  return {
    async reconcile(req, ctx) {
      await strategy.reconcileAtState(listAll(), req, ctx);
    },
  };
}
