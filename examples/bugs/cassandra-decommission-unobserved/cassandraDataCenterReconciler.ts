import { type Client, ignoreNotFound, isNotFound, type KubeObject, type Reconciler, type ReconcileResult, type Request } from "../../../src/index.ts";

export const CDC_KIND = "cassandraoperator.instaclustr.com/CassandraDataCenter";
export const STS_KIND = "apps/StatefulSet";
/**
 * The Cassandra node's operation mode as the sidecar reports it. The model keeps it on the pod:
 * the sidecar's decommission call sets it, and a new pod starts without it (NORMAL).
 */
export const OPERATION_MODE_ANNOTATION = "cassandra-operator.instaclustr.com/operation-mode";
export const DECOMMISSIONED = "DECOMMISSIONED";
const RACK = "rack1";

/** `cassandraoperator.instaclustr.com/v1alpha1` CassandraDataCenter (only what the model needs). */
export interface CassandraDataCenter extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { nodes: number };
}

interface StatefulSet extends KubeObject {
  spec: { replicas: number } & Record<string, unknown>;
}

/** The rack's StatefulSet: `cassandra-<cdc>-<rack>`. */
export function rackName(cdc: CassandraDataCenter): string {
  return `cassandra-${cdc.metadata.name}-${RACK}`;
}

export function isDecommissioned(pod: KubeObject): boolean {
  return pod.metadata?.annotations?.[OPERATION_MODE_ANNOTATION] === DECOMMISSIONED;
}

function rackStatefulSet(cdc: CassandraDataCenter): KubeObject {
  const labels = { "cassandra-operator.instaclustr.com/datacenter": cdc.metadata.name, "cassandra-operator.instaclustr.com/rack": RACK };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: rackName(cdc),
      namespace: cdc.metadata.namespace,
      labels,
      ownerReferences: [{ apiVersion: "cassandraoperator.instaclustr.com/v1alpha1", kind: "CassandraDataCenter", name: cdc.metadata.name, uid: String(cdc.metadata.uid), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: cdc.spec.nodes,
      serviceName: `cassandra-${cdc.metadata.name}-seeds`,
      podManagementPolicy: "OrderedReady",
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "cassandra", image: "gcr.io/cassandra-operator/cassandra-3.11.9:latest" }, { name: "sidecar", image: "gcr.io/cassandra-operator/instaclustr-icarus:latest" }] } },
      volumeClaimTemplates: [{ metadata: { name: "data-volume", labels }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: "500Mi" } } } }],
    },
  };
}

/**
 * The instaclustr cassandra-operator's rack scaling (`scaleStatefulSet`), the subject of issue #410:
 *
 *     if desiredSpecReplicas < currentSpecReplicas {
 *       if len(decommissionedNodes) == 0 { decommission the last node }      // ends this reconcile
 *       else if len(decommissionedNodes) == 1 { scale the StatefulSet down by one }
 *     }
 *
 * Scaling down takes two reconciles. If the user scales back up before the second one, the
 * operator finds desired == current and never looks at the decommissioned node again: it stays
 * in the StatefulSet, decommissioned, for good.
 *
 * The fixed variant replaces a decommissioned node the spec still wants: it deletes the node's pod
 * and claim, and the StatefulSet controller recreates both, so the node bootstraps afresh.
 */
export class CassandraDataCenterReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
  ) {}

  async reconcile(req: Request): Promise<ReconcileResult | void> {
    const cdc = await this.client.get<CassandraDataCenter>({ apiVersion: "cassandraoperator.instaclustr.com/v1alpha1", kind: "CassandraDataCenter", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!cdc) return;
    let sts: StatefulSet;
    try {
      sts = await this.client.get<StatefulSet>({ apiVersion: "apps/v1", kind: "StatefulSet", namespace: cdc.metadata.namespace, name: rackName(cdc) });
    } catch (e) {
      if (!isNotFound(e)) throw e;
      await this.client.create(rackStatefulSet(cdc));
      return;
    }
    return this.scaleStatefulSet(cdc, sts);
  }

  private async scaleStatefulSet(cdc: CassandraDataCenter, sts: StatefulSet): Promise<ReconcileResult | void> {
    const current = sts.spec.replicas;
    const desired = cdc.spec.nodes;
    const pods = (await this.client.list("v1", "Pod", { namespace: cdc.metadata.namespace, labelSelector: `cassandra-operator.instaclustr.com/datacenter=${cdc.metadata.name}` })).filter((p) => !p.metadata?.deletionTimestamp);
    const decommissioned = pods.filter(isDecommissioned);
    if (desired > current) {
      await this.client.update({ ...sts, spec: { ...sts.spec, replicas: desired } });
    } else if (desired < current) {
      if (decommissioned.length === 0) {
        const last = pods.find((p) => p.metadata?.name === `${sts.metadata!.name}-${current - 1}`);
        if (!last) return { requeueAfter: 5_000 };
        // The sidecar's decommission: the node streams its data away and leaves the ring.
        await this.client.update({ ...last, metadata: { ...last.metadata, annotations: { ...last.metadata?.annotations, [OPERATION_MODE_ANNOTATION]: DECOMMISSIONED } } });
        return { requeueAfter: 5_000 };
      } else if (decommissioned.length === 1) {
        await this.client.update({ ...sts, spec: { ...sts.spec, replicas: current - 1 } });
      } else {
        throw new Error(`rack ${sts.metadata!.name} has ${decommissioned.length} decommissioned nodes; expected at most one`);
      }
    } else if (this.fixed) {
      for (const pod of decommissioned) {
        await this.client.delete({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: cdc.metadata.namespace, name: `data-volume-${pod.metadata!.name}` });
        await this.client.delete(pod);
      }
    }
  }
}
