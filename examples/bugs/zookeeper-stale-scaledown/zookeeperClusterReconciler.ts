import { type Client, ignoreNotFound, isNotFound, type KubeObject, type Reconciler, type Request } from "../../../src/index.ts";

export const ZK_KIND = "zookeeper.pravega.io/ZookeeperCluster";
export const STS_KIND = "apps/StatefulSet";
export const PVC_KIND = "core/PersistentVolumeClaim";
const FINALIZER = "cleanUpZookeeperPVC";
/** Where the fixed operator records which generation of the cluster spec the StatefulSet was last built from. */
export const SPEC_GENERATION_ANNOTATION = "zookeeper.pravega.io/spec-generation";

/** `zookeeper.pravega.io/v1beta1` ZookeeperCluster (only what the model needs). */
export interface ZookeeperCluster extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { replicas: number; persistence: { reclaimPolicy: "Delete" | "Retain" } };
}

interface StatefulSet extends KubeObject {
  spec: { replicas: number } & Record<string, unknown>;
  status?: { readyReplicas?: number };
}

/** `IsPVCOrphan`: the ordinal at the end of the claim's name is at or beyond the desired size. */
function isPvcOrphan(name: string, replicas: number): boolean {
  const ordinal = Number(name.slice(name.lastIndexOf("-") + 1));
  return Number.isInteger(ordinal) && ordinal >= replicas;
}

/**
 * The pravega zookeeper-operator's ZookeeperCluster reconcile, reduced to the parts issue #314 is
 * about: `reconcileFinalizers` (with `reclaimPolicy: Delete`, `cleanupOrphanPVCs` deletes the claims
 * of ordinals at or beyond `spec.replicas` once the StatefulSet's ready replicas equal
 * `spec.replicas`) and `reconcileStatefulSet` (creates the StatefulSet, or sets its replicas to
 * `spec.replicas`). Both trust the cluster object they read; read from a lagging API server after a
 * restart, a `spec.replicas` from before a scale-up makes them scale the StatefulSet back down and
 * then delete the volume of the member the user asked for.
 *
 * The fixed variant records on the StatefulSet the cluster generation it was built from and will
 * not act on a cluster object older than that.
 */
export class ZookeeperClusterReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const zk = await this.client.get<ZookeeperCluster>({ apiVersion: "zookeeper.pravega.io/v1beta1", kind: "ZookeeperCluster", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!zk) return;
    const sts = await this.getStatefulSet(zk);
    if (this.fixed && sts && Number(sts.metadata?.annotations?.[SPEC_GENERATION_ANNOTATION] ?? 0) > (zk.metadata.generation ?? 0)) {
      // Our copy of the cluster is older than the spec the StatefulSet already follows: a stale read.
      return;
    }
    if (!(await this.reconcileFinalizers(zk, sts))) return;
    await this.reconcileStatefulSet(zk, sts);
  }

  private async getStatefulSet(zk: ZookeeperCluster): Promise<StatefulSet | undefined> {
    try {
      return await this.client.get<StatefulSet>({ apiVersion: "apps/v1", kind: "StatefulSet", namespace: zk.metadata.namespace, name: zk.metadata.name });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** False when the reconcile should stop here (the finalizer was just added: the update re-triggers us). */
  private async reconcileFinalizers(zk: ZookeeperCluster, sts: StatefulSet | undefined): Promise<boolean> {
    if (zk.spec.persistence.reclaimPolicy !== "Delete") return true;
    if (zk.metadata.deletionTimestamp) return true;
    if (!(zk.metadata.finalizers ?? []).includes(FINALIZER)) {
      await this.client.update({ ...zk, metadata: { ...zk.metadata, finalizers: [...(zk.metadata.finalizers ?? []), FINALIZER] } });
      return false;
    }
    await this.cleanupOrphanPVCs(zk, sts);
    return true;
  }

  private async cleanupOrphanPVCs(zk: ZookeeperCluster, sts: StatefulSet | undefined): Promise<void> {
    // "this check should make sure we do not delete the PVCs before the STS has scaled down"
    const ready = sts?.status?.readyReplicas ?? 0;
    if (ready !== zk.spec.replicas) return;
    const pvcs = await this.client.list("v1", "PersistentVolumeClaim", { namespace: zk.metadata.namespace, labelSelector: `app=${zk.metadata.name}` });
    if (pvcs.length <= ready) return;
    for (const pvc of pvcs) {
      if (isPvcOrphan(pvc.metadata!.name!, zk.spec.replicas) && !pvc.metadata?.deletionTimestamp) await this.client.delete(pvc);
    }
  }

  private async reconcileStatefulSet(zk: ZookeeperCluster, sts: StatefulSet | undefined): Promise<void> {
    const generation = String(zk.metadata.generation ?? 0);
    if (!sts) {
      await this.client.create(statefulSetFor(zk, this.fixed));
      return;
    }
    const recorded = sts.metadata?.annotations?.[SPEC_GENERATION_ANNOTATION];
    if (sts.spec.replicas === zk.spec.replicas && (!this.fixed || recorded === generation)) return;
    const annotations = this.fixed ? { ...sts.metadata?.annotations, [SPEC_GENERATION_ANNOTATION]: generation } : sts.metadata?.annotations;
    await this.client.update({ ...sts, metadata: { ...sts.metadata, ...(annotations ? { annotations } : {}) }, spec: { ...sts.spec, replicas: zk.spec.replicas } });
  }
}

/**
 * `MakeStatefulSet`: OrderedReady pods, one `data` claim per member labelled with the cluster name;
 * the fixed operator also records the cluster generation it was built from.
 */
export function statefulSetFor(zk: ZookeeperCluster, fixed: boolean): KubeObject {
  const { name, namespace } = zk.metadata;
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name,
      namespace,
      labels: { app: name },
      ...(fixed ? { annotations: { [SPEC_GENERATION_ANNOTATION]: String(zk.metadata.generation ?? 0) } } : {}),
      ownerReferences: [{ apiVersion: zk.apiVersion!, kind: zk.kind!, name, uid: String(zk.metadata.uid), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: zk.spec.replicas,
      serviceName: `${name}-headless`,
      podManagementPolicy: "OrderedReady",
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: "zookeeper", image: "pravega/zookeeper:0.2.10" }] },
      },
      volumeClaimTemplates: [
        {
          metadata: { name: "data", labels: { app: name } },
          spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "20Gi" } } },
        },
      ],
    },
  };
}
