import { isNotFound } from "../apiserver/apiError.ts";
import type { Client } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { childNames } from "./childNames.ts";
import { claimObjects, isDeleting } from "./controllerRef.ts";
import { getOptional } from "./optionalGet.ts";
import { podFromTemplate } from "./podFromTemplate.ts";
import { deletionOrder } from "./podDeletionOrder.ts";
import { isPodActive, isPodReady } from "./podState.ts";
import { orphanTrigger } from "./orphanTrigger.ts";
import { sameContent } from "./stableHash.ts";
import { desiredReplicas, type Pod, type ReplicaSet } from "./workloadObjects.ts";
import { validWorkloadSelector } from "./workloadSelector.ts";

/**
 * The ReplicaSet controller (`k8s.io/kubernetes/pkg/controller/replicaset`): creates and deletes
 * pods until the active pods it controls number `spec.replicas`, adopts orphan pods its selector
 * matches, releases pods it no longer matches, ignores pods that are finished or being deleted,
 * and reports replicas, fullyLabeledReplicas, readyReplicas, availableReplicas and
 * observedGeneration. Pods are named `<replicaset>-<suffix>` with suffixes that depend only on
 * which names are taken (see `childNames`).
 *
 * @example
 * ```ts
 * eb.withReconciler("ReplicaSetController", (client) => new ReplicaSetController(client))
 *   .for("apps/ReplicaSet").owns("core/Pod");
 * ```
 */
export class ReplicaSetController implements Reconciler {
  constructor(private readonly client: Client) {}

  /** Syncs one ReplicaSet with its pods. */
  async reconcile(req: Request, _ctx: ReconcileContext): Promise<void> {
    const client = this.client;
    const rs = await getOptional<ReplicaSet>(client, { apiVersion: "apps/v1", kind: "ReplicaSet", namespace: req.namespace, name: req.name });
    if (!rs) return;
    const selector = validWorkloadSelector(rs);
    const all = await client.list<Pod>("v1", "Pod", { namespace: req.namespace });
    let pods = await claimObjects(client, rs, selector, all.filter(isPodActive));
    if (!isDeleting(rs)) pods = await this.manageReplicas(rs, pods, all);
    await this.updateStatus(rs, pods);
  }

  /** Creates or deletes pods so that exactly `spec.replicas` active pods remain; returns them. */
  private async manageReplicas(rs: ReplicaSet, pods: Pod[], allPods: readonly Pod[]): Promise<Pod[]> {
    const diff = pods.length - desiredReplicas(rs);
    const name = rs.metadata!.name!;
    if (diff < 0) {
      const taken = new Set(allPods.map((p) => p.metadata?.name ?? ""));
      const created: Pod[] = [];
      for (const podName of childNames(name, taken, -diff)) {
        // A failed create (a name taken by a pod not yet in this view, a missing namespace) stops
        // the batch and fails the reconcile, which is retried, as the real controller does.
        created.push(await this.client.create(podFromTemplate(rs.spec?.template, rs, podName, `${name}-`)));
      }
      return [...pods, ...created];
    }
    if (diff > 0) {
      const victims = [...pods].sort(deletionOrder).slice(0, diff);
      for (const pod of victims) {
        try {
          await this.client.delete(pod);
        } catch (e) {
          if (!isNotFound(e)) throw e;
        }
      }
      return pods.filter((p) => !victims.includes(p));
    }
    return pods;
  }

  private async updateStatus(rs: ReplicaSet, pods: Pod[]): Promise<void> {
    const templateLabels = rs.spec?.template?.metadata?.labels ?? {};
    const ready = pods.filter(isPodReady).length;
    const next: NonNullable<ReplicaSet["status"]> = { replicas: pods.length };
    const fullyLabeled = pods.filter((p) => Object.entries(templateLabels).every(([k, v]) => p.metadata?.labels?.[k] === v)).length;
    if (fullyLabeled > 0) next.fullyLabeledReplicas = fullyLabeled;
    if (ready > 0) {
      next.readyReplicas = ready;
      // minReadySeconds is not modelled: a ready pod is available at once (docs/controllers.md).
      next.availableReplicas = ready;
    }
    if (rs.metadata?.generation !== undefined && rs.metadata.generation !== 0) next.observedGeneration = rs.metadata.generation;
    if (rs.status?.conditions && rs.status.conditions.length > 0) next.conditions = rs.status.conditions;
    if (sameContent(rs.status ?? {}, next)) return;
    await this.client.updateStatus<ReplicaSet>({ ...rs, status: next });
  }
}

/** The registration of the ReplicaSet controller: for ReplicaSets, owns Pods, adopts orphan Pods. */
export function replicaSetControllerRegistration(): ControllerRegistration {
  return {
    id: "ReplicaSetController",
    factory: (client) => new ReplicaSetController(client),
    for: "apps/ReplicaSet",
    owns: ["core/Pod"],
    watches: [],
    trigger: orphanTrigger("core/Pod", "apps/ReplicaSet"),
  };
}
