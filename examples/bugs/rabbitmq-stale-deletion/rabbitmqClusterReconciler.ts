import { type Client, ignoreNotFound, isNotFound, type KubeObject, type Reconciler, type Request } from "../../../src/index.ts";

export const RMQ_KIND = "rabbitmq.com/RabbitmqCluster";
export const STS_KIND = "apps/StatefulSet";
export const DELETION_FINALIZER = "deletion.finalizers.rabbitmqclusters.rabbitmq.com";

/** `rabbitmq.com/v1beta1` RabbitmqCluster (only what the model needs). */
export interface RabbitmqCluster extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { replicas: number };
}

/** `ChildResourceName("server")`. */
export function serverName(rmq: RabbitmqCluster): string {
  return `${rmq.metadata.name}-server`;
}

/** The server StatefulSet the operator builds for a cluster (controller reference to it). */
export function serverStatefulSet(rmq: RabbitmqCluster): KubeObject {
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: serverName(rmq),
      namespace: rmq.metadata.namespace,
      labels: { "app.kubernetes.io/name": rmq.metadata.name },
      ownerReferences: [{ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", name: rmq.metadata.name, uid: String(rmq.metadata.uid), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: rmq.spec.replicas,
      serviceName: `${rmq.metadata.name}-nodes`,
      selector: { matchLabels: { "app.kubernetes.io/name": rmq.metadata.name } },
      template: { metadata: { labels: { "app.kubernetes.io/name": rmq.metadata.name } }, spec: { containers: [{ name: "rabbitmq", image: "rabbitmq:3.8.14-management" }] } },
    },
  };
}

/**
 * The rabbitmq cluster-operator's `Reconcile`, reduced to what issue #648 is about: a cluster with a
 * deletionTimestamp goes to `prepareForDeletion`, which deletes the StatefulSet *by name* and then
 * removes the finalizer; a live cluster gets its finalizer and its StatefulSet. After a restart
 * against an API server whose cache still shows an earlier, deleted cluster of the same name, the
 * operator deletes the StatefulSet of the cluster that replaced it.
 *
 * The fixed variant does what the issue proposes: before deleting, it checks that the StatefulSet
 * belongs to the cluster being deleted (the UID of its controller reference).
 */
export class RabbitmqClusterReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const rmq = await this.client.get<RabbitmqCluster>({ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!rmq) return;
    if (rmq.metadata.deletionTimestamp) {
      await this.prepareForDeletion(rmq);
      return;
    }
    if (!(rmq.metadata.finalizers ?? []).includes(DELETION_FINALIZER)) {
      await this.client.update({ ...rmq, metadata: { ...rmq.metadata, finalizers: [...(rmq.metadata.finalizers ?? []), DELETION_FINALIZER] } });
      return;
    }
    try {
      await this.client.get({ apiVersion: "apps/v1", kind: "StatefulSet", namespace: rmq.metadata.namespace, name: serverName(rmq) });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.client.create(serverStatefulSet(rmq));
    }
  }

  private async prepareForDeletion(rmq: RabbitmqCluster): Promise<void> {
    if (!(rmq.metadata.finalizers ?? []).includes(DELETION_FINALIZER)) return;
    const ref = { apiVersion: "apps/v1", kind: "StatefulSet", namespace: rmq.metadata.namespace, name: serverName(rmq) };
    try {
      if (this.fixed) {
        const sts = await this.client.get(ref);
        const owner = sts.metadata?.ownerReferences?.find((o) => o.controller);
        if (owner?.uid === rmq.metadata.uid) await this.client.delete(sts);
      } else {
        await this.client.delete(ref);
      }
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    // removeFinalizer: on a stale copy this update fails with a Conflict, and the request is retried.
    await this.client.update({ ...rmq, metadata: { ...rmq.metadata, finalizers: (rmq.metadata.finalizers ?? []).filter((f) => f !== DELETION_FINALIZER) } });
  }
}
