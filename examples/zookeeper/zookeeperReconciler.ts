import { isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../../src/index.ts";

/** `zookeeper.pravega.io/v1beta1` ZookeeperCluster (only what the model needs). */
export interface ZookeeperCluster extends KubeObject {
  apiVersion: "zookeeper.pravega.io/v1beta1";
  kind: "ZookeeperCluster";
  metadata: { name: string; namespace: string; uid?: string; deletionTimestamp?: string; finalizers?: string[] };
  spec: { size: number };
}

export const ZK_KIND = "zookeeper.pravega.io/ZookeeperCluster";
export const PVC_KIND = "core/PersistentVolumeClaim";

/** The PVC the operator keeps for member `i` of a cluster; the fixed operator labels it with the cluster's uid. */
export function pvcFor(cluster: ZookeeperCluster, i: number, fixed = false): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: {
      name: `${cluster.metadata.name}-pvc-${i}`,
      namespace: cluster.metadata.namespace,
      labels: fixed ? { app: cluster.metadata.name, uid: String(cluster.metadata.uid) } : { app: cluster.metadata.name },
      ownerReferences: [
        {
          apiVersion: cluster.apiVersion,
          kind: cluster.kind,
          name: cluster.metadata.name,
          uid: String(cluster.metadata.uid),
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "10Gi" } } },
  };
}

/**
 * The zookeeper-operator's PVC handling, with the ZK-312 bug: when the cluster is being deleted it
 * deletes PVCs by name label, not by owner uid — so acting on a stale view of a deleted cluster
 * deletes the volumes of a new cluster of the same name. The fixed variant (`fixed: true`) labels
 * each PVC with its cluster's uid and selects by that label too, as the upstream fix does.
 */
export class ZookeeperReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed = false,
  ) {}

  async reconcile(req: Request): Promise<void> {
    let cluster: ZookeeperCluster;
    try {
      cluster = await this.client.get<ZookeeperCluster>({ apiVersion: "zookeeper.pravega.io/v1beta1", kind: "ZookeeperCluster", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (cluster.metadata.deletionTimestamp) {
      const selector = this.fixed ? `app=${req.name},uid=${cluster.metadata.uid}` : `app=${req.name}`;
      const pvcs = await this.client.list("v1", "PersistentVolumeClaim", { namespace: req.namespace, labelSelector: selector });
      for (const pvc of pvcs) {
        if (!pvc.metadata?.deletionTimestamp) await this.client.delete(pvc);
      }
      return;
    }
    for (let i = 0; i < cluster.spec.size; i++) {
      const want = pvcFor(cluster, i, this.fixed);
      try {
        await this.client.get({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: req.namespace, name: want.metadata!.name! });
      } catch (e) {
        if (!isNotFound(e)) throw e;
        await this.client.create(want);
      }
    }
  }
}
