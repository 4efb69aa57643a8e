import type { Client } from "../client/client.ts";
import { kindOf } from "../kinds.ts";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { KameraError } from "../kameraError.ts";

/** Verbs a snapshot controller records. */
export type RecordedOp = "CREATE" | "UPDATE" | "PATCH" | "DELETE";

/**
 * What a `withSnapshotController` factory receives: records the writes of a controller that does
 * not use a client (the original kamera's "strategy" interface). Each write is validated like a
 * client write.
 *
 * @example
 * ```ts
 * eb.withSnapshotController("Legacy", (rec: SnapshotRecorder) => ({
 *   reconcileAtState: (objects, req) => rec.recordEffect({ ...objects[0]!, status: { seen: true } }, "UPDATE", { status: true }),
 * })).for("webapp.example.com/Foo");
 * ```
 */
export interface SnapshotRecorder {
  recordEffect(obj: KubeObject, op: RecordedOp, opts?: { status?: boolean }): Promise<KubernetesObjectLike | void>;
}

/**
 * A controller that reconciles from a snapshot of every object instead of through a client (the
 * original kamera's "strategy" interface; in kamera "strategy" means the search order).
 *
 * @example
 * ```ts
 * eb.withSnapshotController("Legacy", (rec) => ({
 *   async reconcileAtState(objects, req) {
 *     const foo = objects.find((o) => o.metadata?.name === req.name);
 *     if (foo) await rec.recordEffect({ ...foo, status: { state: "Seen" } }, "UPDATE", { status: true });
 *   },
 * })).for("webapp.example.com/Foo");
 * ```
 */
export interface SnapshotController {
  reconcileAtState(objects: readonly KubeObject[], req: Request, ctx: ReconcileContext): Promise<unknown> | unknown;
}

/**
 * The former name of `SnapshotController`.
 *
 * @deprecated Use `SnapshotController`; "strategy" now means only the search order.
 * @example
 * ```ts
 * const legacy: Strategy = { reconcileAtState: () => undefined };
 * ```
 */
export type Strategy = SnapshotController;

/**
 * The former name of `SnapshotRecorder`.
 *
 * @deprecated Use `SnapshotRecorder`.
 * @example
 * ```ts
 * const make = (rec: StrategyRecorder): Strategy => ({ reconcileAtState: () => undefined });
 * ```
 */
export type StrategyRecorder = SnapshotRecorder;

/** Adapts a snapshot controller to a reconciler: the snapshot is the view, recorded effects go through the client. */
export function reconcilerOfSnapshotController(
  client: Client,
  listAll: () => readonly KubeObject[],
  factory: (recorder: SnapshotRecorder) => SnapshotController,
): Reconciler {
  const recorder: SnapshotRecorder = {
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
  const controller = factory(recorder);
  return {
    async reconcile(req, ctx) {
      await controller.reconcileAtState(listAll(), req, ctx);
    },
  };
}
