import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { isControlledBy } from "./controllerRef.ts";
import { GenReconciler } from "./genReconciler.ts";
import { resolveImageDigest } from "./imageDigest.ts";
import { makeDeployment } from "./resources/deployment.ts";
import { makePodAutoscaler } from "./resources/podAutoscaler.ts";
import { names } from "./resourceNames.ts";
import { semanticEqual } from "./semanticEqual.ts";
import { AUTOSCALING_API_VERSION, SERVING_API_VERSION, type Condition, type Deployment, type PodAutoscaler, type PodAutoscalerStatus, type Revision } from "./types.ts";

/** `revisionCondSet`: Ready needs ResourcesAvailable and ContainerHealthy; `Active` is informational. */
export const REVISION_CONDITIONS = new ConditionSet(["ResourcesAvailable", "ContainerHealthy"]);

/** `serving.TransformDeploymentStatus`'s set: a Deployment is ready when progressing and without replica failures. */
const DEPLOYMENT_CONDITIONS = new ConditionSet(["Progressing", "ReplicaSetReady"]);

const notOwned = (kind: string, name: string) => `There is an existing ${kind} "${name}" that we do not own.`;

/** The Deployment's own conditions folded into one Ready condition, as `TransformDeploymentStatus` does. */
function deploymentReadiness(dep: Deployment, now: Date): Condition {
  const scratch: { conditions?: Condition[] } = {};
  const m = DEPLOYMENT_CONDITIONS.manage(scratch, now);
  m.initializeConditions();
  m.markTrue("ReplicaSetReady");
  m.markUnknown("Progressing", "Deploying", "");
  const conds = dep.status?.conditions ?? [];
  for (const c of conds.filter((c) => c.type === "Progressing")) {
    if (c.status === "True") m.markTrue("Progressing");
    else if (c.status === "False") m.markFalse("Progressing", c.reason ?? "", c.message ?? "");
    else m.markUnknown("Progressing", c.reason ?? "", c.message ?? "");
  }
  for (const c of conds.filter((c) => c.type === "ReplicaFailure")) {
    if (c.status === "True") m.markFalse("ReplicaSetReady", c.reason ?? "", c.message ?? "");
    else if (c.status === "False") m.markTrue("ReplicaSetReady");
    else m.markUnknown("ReplicaSetReady", c.reason ?? "", c.message ?? "");
  }
  return m.get("Ready")!;
}

interface PodStatusView {
  conditions?: { type: string; status: string; reason?: string; message?: string }[];
  containerStatuses?: { name: string; lastState?: { terminated?: { exitCode: number; message?: string } } }[];
}

/**
 * `pkg/reconciler/revision`: resolves the image tag to a digest (recorded in
 * `status.containerStatuses`), then keeps the revision's Deployment (`<rev>-deployment`) and
 * PodAutoscaler (named like the revision) as the revision wants them, and folds their status into
 * ResourcesAvailable, ContainerHealthy and Active. Like the real one it reads children from the
 * informer cache, so right after creating the Deployment the PodAutoscaler phase does not see it
 * yet and the reconcile fails and is retried.
 */
export class RevisionReconciler extends GenReconciler<Revision> {
  protected readonly apiVersion = SERVING_API_VERSION;
  protected readonly kind = "Revision";
  protected readonly conditionSet = REVISION_CONDITIONS;

  protected async reconcileKind(rev: Revision, conditions: ConditionManager, ctx: { now(): Date }): Promise<void> {
    this.reconcileDigest(rev, conditions);
    const cached = await this.reconcileDeployment(rev, conditions, ctx.now());
    await this.reconcilePA(rev, conditions, cached);
  }

  /**
   * Digest resolution, done inline: the real controller resolves in the background and
   * re-enqueues the revision, which the model folds into one step (the registry is not modelled).
   */
  private reconcileDigest(rev: Revision, conditions: ConditionManager): void {
    const status = rev.status!;
    const wanted = rev.spec.containers.map((c) => c.name || "user-container");
    if (wanted.every((n, i) => status.containerStatuses?.[i]?.name === n && status.containerStatuses[i]!.imageDigest !== "")) return;
    try {
      status.containerStatuses = rev.spec.containers.map((c, i) => ({ name: wanted[i]!, imageDigest: resolveImageDigest(c.image) }));
    } catch (e) {
      conditions.markFalse("ContainerHealthy", "ContainerMissing", e instanceof Error ? e.message : String(e));
      throw e;
    }
  }

  /** Returns the Deployment as the cache had it (undefined when this reconcile had to create it). */
  private async reconcileDeployment(rev: Revision, conditions: ConditionManager, now: Date): Promise<Deployment | undefined> {
    const { namespace } = rev.metadata;
    const name = names.deployment(rev.metadata.name);
    const have = await this.getIfExists<Deployment>({ apiVersion: "apps/v1", kind: "Deployment", namespace, name });
    if (!have) {
      conditions.markUnknown("ResourcesAvailable", "Deploying", "");
      conditions.markUnknown("ContainerHealthy", "Deploying", "");
      await this.client.create(makeDeployment(rev));
      return undefined;
    }
    if (!isControlledBy(have, rev)) {
      conditions.markFalse("ResourcesAvailable", "NotOwned", notOwned("Deployment", name));
      throw new Error(`revision: "${rev.metadata.name}" does not own Deployment: "${name}"`);
    }
    // checkAndUpdateDeployment: the autoscaler owns replicas, and the selector is immutable.
    const want = makeDeployment(rev);
    want.spec.replicas = have.spec.replicas;
    want.spec.selector = have.spec.selector;
    let deployment = have;
    if (!semanticEqual(have.spec, want.spec)) {
      deployment = await this.client.update({ ...have, spec: want.spec, metadata: { ...have.metadata, labels: { ...have.metadata.labels, ...want.metadata.labels } } });
    }

    // PropagateDeploymentStatus
    const ready = deploymentReadiness(deployment, now);
    if (ready.status === "True") conditions.markTrue("ResourcesAvailable");
    else if (ready.status === "False") conditions.markFalse("ResourcesAvailable", ready.reason ?? "", ready.message ?? "");
    else conditions.markUnknown("ResourcesAvailable", ready.reason ?? "", ready.message ?? "");

    // Pods that cannot be scheduled or keep exiting explain why nothing becomes available.
    if ((deployment.spec.replicas ?? 1) > 0 && (deployment.status?.availableReplicas ?? 0) === 0) {
      const pods = await this.client.list("v1", "Pod", { namespace, labelSelector: { matchLabels: deployment.spec.selector.matchLabels } });
      const pod = pods[0] as { status?: PodStatusView } | undefined;
      const unschedulable = pod?.status?.conditions?.find((c) => c.type === "PodScheduled" && c.status === "False");
      if (unschedulable) conditions.markFalse("ResourcesAvailable", unschedulable.reason ?? "", unschedulable.message ?? "");
      const userName = rev.spec.containers[0]?.name || "user-container";
      const terminated = pod?.status?.containerStatuses?.find((s) => s.name === userName)?.lastState?.terminated;
      if (terminated) {
        conditions.markFalse("ContainerHealthy", `ExitCode${terminated.exitCode}`, `Container failed with: ${terminated.message || "container exited with no error"}`);
      }
    }
    return deployment;
  }

  private async reconcilePA(rev: Revision, conditions: ConditionManager, cached: Deployment | undefined): Promise<void> {
    const { namespace } = rev.metadata;
    // A lister read: a Deployment created earlier in this reconcile is not in the cache yet, so this fails with NotFound.
    if (!cached) await this.client.get<Deployment>({ apiVersion: "apps/v1", kind: "Deployment", namespace, name: names.deployment(rev.metadata.name) });
    const paName = names.podAutoscaler(rev.metadata.name);
    const want = makePodAutoscaler(rev);
    let pa = await this.getIfExists<PodAutoscaler>({ apiVersion: AUTOSCALING_API_VERSION, kind: "PodAutoscaler", namespace, name: paName });
    if (!pa) {
      pa = await this.client.create(want);
    } else if (!isControlledBy(pa, rev)) {
      conditions.markFalse("ResourcesAvailable", "NotOwned", notOwned("PodAutoscaler", paName));
      throw new Error(`revision: "${rev.metadata.name}" does not own PodAutoscaler: "${paName}"`);
    } else if (!semanticEqual(want.spec, pa.spec)) {
      pa = await this.client.update({ ...pa, spec: want.spec });
    }
    propagateAutoscalerStatus(rev, conditions, pa.status ?? {});
  }
}

/** `RevisionStatus.PropagateAutoscalerStatus`: an active PodAutoscaler means the revision's resources work. */
function propagateAutoscalerStatus(rev: Revision, conditions: ConditionManager, ps: PodAutoscalerStatus): void {
  const status = rev.status!;
  status.actualReplicas = ps.actualScale !== undefined && ps.actualScale >= 0 ? ps.actualScale : undefined;
  status.desiredReplicas = ps.desiredScale !== undefined && ps.desiredScale >= 0 ? ps.desiredScale : undefined;
  const cond = ps.conditions?.find((c) => c.type === "Ready");
  if (!cond) {
    conditions.markUnknown("Active", "Deploying", "");
    return;
  }
  const resourcesUnavailable = conditions.get("ResourcesAvailable")?.status === "False";
  const initialized = ps.conditions?.find((c) => c.type === "ScaleTargetInitialized")?.status === "True";
  if (initialized && !resourcesUnavailable) {
    conditions.markTrue("ResourcesAvailable");
    conditions.markTrue("ContainerHealthy");
  }
  if (cond.status === "Unknown") {
    conditions.markUnknown("Active", cond.reason ?? "", cond.message ?? "");
  } else if (cond.status === "False") {
    conditions.markFalse("Active", cond.reason ?? "", cond.message ?? "");
  } else {
    conditions.markTrue("Active");
    conditions.markTrue("ResourcesAvailable");
    conditions.markTrue("ContainerHealthy");
  }
}
