import { type Client, ignoreNotFound, type KubeObject, type Reconciler, type Request } from "../../../src/index.ts";

export const DC_KIND = "cassandra.datastax.com/CassandraDatacenter";
export const PVC_KIND = "core/PersistentVolumeClaim";
export const DC_FINALIZER = "finalizer.cassandra.datastax.com";
export const DATACENTER_LABEL = "cassandra.datastax.com/datacenter";
/** The label the fix adds to every claim: the UID of the datacenter it was made for. */
export const DATACENTER_UID_LABEL = "cassandra.datastax.com/datacenter-uid";

/** `cassandra.datastax.com/v1beta1` CassandraDatacenter (only what the model needs). */
export interface CassandraDatacenter extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { clusterName: string; size: number };
}

/**
 * The `server-data` claim of member `i`, as the StatefulSet's volumeClaimTemplate produces it.
 * The fixed operator puts the datacenter's UID into the template's labels.
 */
export function serverDataClaim(dc: CassandraDatacenter, i: number, fixed: boolean): KubeObject {
  const labels: Record<string, string> = { "cassandra.datastax.com/cluster": dc.spec.clusterName, [DATACENTER_LABEL]: dc.metadata.name };
  if (fixed) labels[DATACENTER_UID_LABEL] = String(dc.metadata.uid);
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: `server-data-${dc.spec.clusterName}-${dc.metadata.name}-default-sts-${i}`, namespace: dc.metadata.namespace, labels },
    spec: { accessModes: ["ReadWriteOnce"], storageClassName: "standard", resources: { requests: { storage: "5Gi" } } },
  };
}

/**
 * cass-operator's deletion handling (`ProcessDeletion`), which issue #412 is about: when the
 * datacenter has a deletionTimestamp, delete the claims `listPVCs` returns — selected by the
 * datacenter's *name* label — then remove the finalizer. A restarted operator that reads the
 * deleted predecessor of a same-name datacenter from a stale cache deletes the live datacenter's
 * volumes. The fixed variant selects by the datacenter's UID label, as the issue proposes.
 */
export class CassandraDatacenterReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const dc = await this.client.get<CassandraDatacenter>({ apiVersion: "cassandra.datastax.com/v1beta1", kind: "CassandraDatacenter", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!dc) return;
    if (!dc.metadata.deletionTimestamp) return; // creating and scaling racks is outside this model
    if (!(dc.metadata.finalizers ?? []).includes(DC_FINALIZER)) return;
    for (const pvc of await this.listPVCs(dc)) {
      if (!pvc.metadata?.deletionTimestamp) await this.client.delete(pvc);
    }
    await this.client.update({ ...dc, metadata: { ...dc.metadata, finalizers: (dc.metadata.finalizers ?? []).filter((f) => f !== DC_FINALIZER) } });
  }

  private listPVCs(dc: CassandraDatacenter): Promise<KubeObject[]> {
    const selector = this.fixed ? `${DATACENTER_UID_LABEL}=${dc.metadata.uid}` : `${DATACENTER_LABEL}=${dc.metadata.name}`;
    return this.client.list("v1", "PersistentVolumeClaim", { namespace: dc.metadata.namespace, labelSelector: selector });
  }
}
