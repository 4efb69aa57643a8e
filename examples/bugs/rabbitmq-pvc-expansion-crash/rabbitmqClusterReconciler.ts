import { type Client, ignoreNotFound, isNotFound, type KubeObject, type ReconcileContext, type Reconciler, type Request } from "../../../src/index.ts";

export const RMQ_KIND = "rabbitmq.com/RabbitmqCluster";
export const STS_KIND = "apps/StatefulSet";
export const PVC_KIND = "core/PersistentVolumeClaim";
/** The choice label of the crash Sieve injected between deleting the StatefulSet and resizing the claims. */
export const CRASH_AFTER_DELETE_STS = "operator crashes after deleteSts";

/** `rabbitmq.com/v1beta1` RabbitmqCluster (only what the model needs). */
export interface RabbitmqCluster extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { replicas: number; persistence: { storage: string } };
}

interface ClaimTemplate {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { accessModes?: string[]; resources: { requests: { storage: string } } };
}

interface StatefulSet extends KubeObject {
  spec: { replicas: number; volumeClaimTemplates: ClaimTemplate[] } & Record<string, unknown>;
}

interface Claim extends KubeObject {
  spec: { resources: { requests: { storage: string } } } & Record<string, unknown>;
}

/** The operator process dying at this point: the reconcile ends with an error and the request is retried. */
export class OperatorCrash extends Error {}

/** Gibibytes of a `<n>Gi` quantity (the only unit the model uses). */
export function gibibytes(quantity: string): number {
  const m = /^(\d+)Gi$/.exec(quantity);
  if (!m) throw new Error(`storage quantity ${JSON.stringify(quantity)} is not of the form <n>Gi`);
  return Number(m[1]);
}

export function serverName(rmq: RabbitmqCluster): string {
  return `${rmq.metadata.name}-server`;
}

/** The claim of member `i`: `persistence-<cluster>-server-<i>`, from the `persistence` volumeClaimTemplate. */
export function claimName(rmq: RabbitmqCluster, i: number): string {
  return `persistence-${serverName(rmq)}-${i}`;
}

/** The server StatefulSet: one `persistence` claim template of the cluster's storage size. */
export function serverStatefulSet(rmq: RabbitmqCluster): StatefulSet {
  const labels = { "app.kubernetes.io/name": rmq.metadata.name };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: {
      name: serverName(rmq),
      namespace: rmq.metadata.namespace,
      labels,
      ownerReferences: [{ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", name: rmq.metadata.name, uid: String(rmq.metadata.uid), controller: true, blockOwnerDeletion: true }],
    },
    spec: {
      replicas: rmq.spec.replicas,
      serviceName: `${rmq.metadata.name}-nodes`,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "rabbitmq", image: "rabbitmq:3.8.19-management" }] } },
      volumeClaimTemplates: [{ metadata: { name: "persistence", labels }, spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: rmq.spec.persistence.storage } } } }],
    },
  };
}

/**
 * The rabbitmq cluster-operator's persistence expansion (`reconcilePVC`), the subject of issue
 * #782. Before the fix, expansion ran only when the StatefulSet existed, and compared the cluster's
 * storage with the StatefulSet's claim template: when they differ, delete the StatefulSet (orphaning
 * its pods), then resize each claim; `CreateOrUpdate` then recreates the StatefulSet with the new
 * template. If the operator crashes between the delete and the resize, the restarted operator finds
 * no StatefulSet, recreates it with the new template, and from then on the template matches the
 * spec: the claims are never resized.
 *
 * The fixed variant follows rabbitmq/cluster-operator#838: it compares the spec with the live
 * claims, claim by claim, whether or not the StatefulSet exists.
 */
export class RabbitmqClusterReconciler implements Reconciler {
  /**
   * @param fixed run the logic of rabbitmq/cluster-operator#838 instead of the original
   * @param crashes explore a crash of the operator right after it deletes the StatefulSet
   */
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
    private readonly crashes = true,
  ) {}

  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    const rmq = await this.client.get<RabbitmqCluster>({ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!rmq) return;
    const current = await this.getOptional<StatefulSet>("apps/v1", "StatefulSet", rmq.metadata.namespace, serverName(rmq));
    if (this.fixed) await this.expandClaims(rmq, current, ctx);
    else if (current) await this.reconcilePVC(rmq, current, ctx);
    await this.createOrUpdateStatefulSet(rmq, current);
  }

  private async reconcilePVC(rmq: RabbitmqCluster, current: StatefulSet, ctx: ReconcileContext): Promise<void> {
    const template = current.spec.volumeClaimTemplates.find((t) => t.metadata.name === "persistence");
    if (!template) return;
    const desired = gibibytes(rmq.spec.persistence.storage);
    if (gibibytes(template.spec.resources.requests.storage) === desired) return;
    await this.deleteSts(current, ctx);
    for (let i = 0; i < current.spec.replicas; i++) {
      const claim = await this.getOptional<Claim>("v1", "PersistentVolumeClaim", rmq.metadata.namespace, claimName(rmq, i));
      if (claim) await this.resize(claim, rmq.spec.persistence.storage);
    }
  }

  private async expandClaims(rmq: RabbitmqCluster, current: StatefulSet | undefined, ctx: ReconcileContext): Promise<void> {
    const desired = gibibytes(rmq.spec.persistence.storage);
    let sts = current;
    for (let i = 0; i < rmq.spec.replicas; i++) {
      const claim = await this.getOptional<Claim>("v1", "PersistentVolumeClaim", rmq.metadata.namespace, claimName(rmq, i));
      if (!claim || gibibytes(claim.spec.resources.requests.storage) >= desired) continue;
      if (sts) {
        await this.deleteSts(sts, ctx);
        sts = undefined;
      }
      await this.resize(claim, rmq.spec.persistence.storage);
    }
  }

  private async deleteSts(sts: StatefulSet, ctx: ReconcileContext): Promise<void> {
    await this.client.delete(sts, { propagationPolicy: "Orphan" });
    // Sieve's intermediate-state test crashes the operator right here.
    if (this.crashes && ctx.choose(CRASH_AFTER_DELETE_STS, [false, true])) throw new OperatorCrash(`${CRASH_AFTER_DELETE_STS} ${sts.metadata?.name}`);
  }

  private async resize(claim: Claim, storage: string): Promise<void> {
    await this.client.update({ ...claim, spec: { ...claim.spec, resources: { ...claim.spec.resources, requests: { ...claim.spec.resources.requests, storage } } } });
  }

  private async createOrUpdateStatefulSet(rmq: RabbitmqCluster, current: StatefulSet | undefined): Promise<void> {
    const desired = serverStatefulSet(rmq);
    const live = current && (await this.getOptional<StatefulSet>("apps/v1", "StatefulSet", rmq.metadata.namespace, serverName(rmq)));
    if (!live) {
      await this.client.create(desired);
      return;
    }
    if (live.spec.replicas !== desired.spec.replicas) await this.client.update({ ...live, spec: { ...live.spec, replicas: desired.spec.replicas } });
  }

  private async getOptional<T extends KubeObject>(apiVersion: string, kind: string, namespace: string, name: string): Promise<T | undefined> {
    try {
      return await this.client.get<T>({ apiVersion, kind, namespace, name });
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }
}
