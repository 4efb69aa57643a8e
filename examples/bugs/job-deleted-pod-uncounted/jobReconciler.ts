import { type Client, ignoreNotFound, type KubeObject, type Reconciler, type Request } from "../../../src/index.ts";

export const JOB_KIND = "batch/Job";
export const POD_KIND = "core/Pod";
/** The finalizer the fixed controller puts on its pods until it has counted them. */
export const JOB_TRACKING_FINALIZER = "batch.kubernetes.io/job-tracking";
const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";

/** `batch/v1` Job, NonIndexed (only what the model needs). */
export interface Job extends KubeObject {
  metadata: KubeObject["metadata"] & { name: string; namespace: string };
  spec: { completions: number; parallelism: number; template: { spec: Record<string, unknown> } };
  status?: {
    active?: number;
    succeeded?: number;
    uncountedTerminatedPods?: { succeeded?: string[] };
    conditions?: { type: string; status: string }[];
  };
}

type Pod = KubeObject & { status?: { phase?: string } };

function isFinished(job: Job): boolean {
  return (job.status?.conditions ?? []).some((c) => c.type === "Complete" && c.status === "True");
}

/**
 * The Kubernetes Job controller's `syncJob` for NonIndexed Jobs, in the two versions that
 * kubernetes/kubernetes#28486 separates.
 *
 * Before the fix, the controller computed `succeeded` from the pods that exist: a succeeded pod
 * deleted before the controller saw it (by the pod garbage collector, or a user) is simply not
 * there, and the controller starts another pod — the Job's work runs again, more often than
 * `completions` says.
 *
 * The fixed version (kubernetes/kubernetes#98238, "job tracking with finalizers", KEP-2307)
 * creates pods with the `batch.kubernetes.io/job-tracking` finalizer, so a finished pod cannot
 * disappear before it is counted: the controller records it in `status.uncountedTerminatedPods`,
 * removes the finalizer, and then moves it into `status.succeeded`.
 */
export class JobReconciler implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly fixed: boolean,
  ) {}

  async reconcile(req: Request): Promise<void> {
    const found = await this.client.get<Job>({ apiVersion: "batch/v1", kind: "Job", namespace: req.namespace, name: req.name }).catch(ignoreNotFound);
    if (!found) return;
    let job = found;
    if (job.metadata.deletionTimestamp || isFinished(job)) return;
    const pods = ((await this.client.list("v1", "Pod", { namespace: req.namespace, labelSelector: `${JOB_NAME_LABEL}=${req.name}` })) as Pod[]).filter(
      (p) => p.metadata?.ownerReferences?.some((o) => o.controller && o.uid === job.metadata.uid),
    );
    if (this.fixed) job = await this.trackFinishedPods(job, pods);
    const active = pods.filter((p) => !p.metadata?.deletionTimestamp && p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed").length;
    const succeeded = this.fixed ? (job.status?.succeeded ?? 0) : pods.filter((p) => p.status?.phase === "Succeeded").length;

    if (succeeded >= job.spec.completions) {
      await this.client.updateStatus({ ...job, status: { ...job.status, active, succeeded, conditions: [{ type: "Complete", status: "True" }] } });
      return;
    }
    const want = Math.min(job.spec.parallelism, job.spec.completions - succeeded);
    for (let i = active; i < want; i++) await this.client.create(this.podFor(job));
    const created = Math.max(0, want - active);
    if (job.status?.active !== active + created || (job.status?.succeeded ?? 0) !== succeeded) {
      await this.client.updateStatus({ ...job, status: { ...job.status, active: active + created, succeeded } });
    }
  }

  /** `trackJobStatusAndRemoveFinalizers`: record finished pods as uncounted, release them, then count them. */
  private async trackFinishedPods(job: Job, pods: Pod[]): Promise<Job> {
    const uncounted = new Set(job.status?.uncountedTerminatedPods?.succeeded ?? []);
    const finished = pods.filter((p) => p.status?.phase === "Succeeded" && (p.metadata?.finalizers ?? []).includes(JOB_TRACKING_FINALIZER));
    const fresh = finished.filter((p) => !uncounted.has(String(p.metadata?.uid)));
    if (fresh.length === 0 && uncounted.size === 0) return job;
    for (const p of fresh) uncounted.add(String(p.metadata?.uid));
    // 1. Record them, so that a crash after releasing a pod cannot lose it.
    let current = job;
    if (fresh.length > 0) {
      current = await this.client.updateStatus<Job>({ ...current, status: { ...current.status, uncountedTerminatedPods: { succeeded: [...uncounted].sort() } } });
    }
    // 2. Release them.
    for (const p of finished) {
      await this.client.update({ ...p, metadata: { ...p.metadata, finalizers: (p.metadata?.finalizers ?? []).filter((f) => f !== JOB_TRACKING_FINALIZER) } });
    }
    // 3. Count them.
    return this.client.updateStatus<Job>({
      ...current,
      status: { ...current.status, succeeded: (current.status?.succeeded ?? 0) + uncounted.size, uncountedTerminatedPods: {} },
    });
  }

  private podFor(job: Job): KubeObject {
    return {
      apiVersion: "v1",
      kind: "Pod",
      metadata: {
        generateName: `${job.metadata.name}-`,
        namespace: job.metadata.namespace,
        labels: { [JOB_NAME_LABEL]: job.metadata.name },
        ...(this.fixed ? { finalizers: [JOB_TRACKING_FINALIZER] } : {}),
        ownerReferences: [{ apiVersion: "batch/v1", kind: "Job", name: job.metadata.name, uid: String(job.metadata.uid), controller: true, blockOwnerDeletion: true }],
      },
      spec: job.spec.template.spec,
    };
  }
}
