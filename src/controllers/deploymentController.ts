import { isAlreadyExists, isNotFound } from "../apiserver/apiError.ts";
import type { Client } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import { getCondition, removeCondition, rfc3339, setCondition, type Condition } from "./conditions.ts";
import { claimObjects, controllerRefOf, isDeleting, newControllerRef } from "./controllerRef.ts";
import { scaledIntOrPercent } from "./intOrPercent.ts";
import { getOptional } from "./optionalGet.ts";
import { orphanTrigger } from "./orphanTrigger.ts";
import { equalIgnoreHash } from "./podTemplateEquality.ts";
import { podTemplateHash, POD_TEMPLATE_HASH_LABEL } from "./podTemplateHash.ts";
import { sameContent } from "./stableHash.ts";
import { desiredReplicas, type Deployment, type Pod, type ReplicaSet } from "./workloadObjects.ts";
import { validWorkloadSelector } from "./workloadSelector.ts";

/** Annotation with a ReplicaSet's (and its Deployment's) rollout revision. */
export const REVISION_ANNOTATION = "deployment.kubernetes.io/revision";
const REVISION_HISTORY_ANNOTATION = "deployment.kubernetes.io/revision-history";
/** Annotation with the Deployment's `spec.replicas` when the ReplicaSet was last scaled. */
export const DESIRED_REPLICAS_ANNOTATION = "deployment.kubernetes.io/desired-replicas";
/** Annotation with the Deployment's `spec.replicas + maxSurge` when the ReplicaSet was last scaled. */
export const MAX_REPLICAS_ANNOTATION = "deployment.kubernetes.io/max-replicas";

/** Deployment annotations never copied to ReplicaSets (`skipCopyAnnotation`). */
const SKIP_COPY = new Set([
  "kubectl.kubernetes.io/last-applied-configuration",
  REVISION_ANNOTATION,
  REVISION_HISTORY_ANNOTATION,
  DESIRED_REPLICAS_ANNOTATION,
  MAX_REPLICAS_ANNOTATION,
  "deprecated.deployment.rollback.to",
]);

/** `progressDeadlineSeconds` value meaning "no deadline" (math.MaxInt32). */
const NO_PROGRESS_DEADLINE = 2147483647;

function revisionOf(rs: ReplicaSet): number {
  const v = rs.metadata?.annotations?.[REVISION_ANNOTATION];
  const n = v === undefined ? 0 : Number(v);
  return Number.isInteger(n) && n >= 0 ? n : 0;
}

/**
 * Oldest first. The real controller orders by creationTimestamp; creation timestamps depend on
 * the path taken (and are left out of state identity), so the model orders by revision, which
 * grows with every ReplicaSet the Deployment creates, then by name.
 */
function olderFirst(a: ReplicaSet, b: ReplicaSet): number {
  return revisionOf(a) - revisionOf(b) || compareNames(a, b);
}

function compareNames(a: KubeObject, b: KubeObject): number {
  const x = a.metadata?.name ?? "";
  const y = b.metadata?.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}

const specReplicas = (rs: ReplicaSet): number => desiredReplicas(rs);
const sum = (rss: readonly ReplicaSet[], f: (rs: ReplicaSet) => number): number => rss.reduce((n, rs) => n + f(rs), 0);
const replicaCount = (rss: readonly ReplicaSet[]): number => sum(rss, specReplicas);
const actualCount = (rss: readonly ReplicaSet[]): number => sum(rss, (rs) => rs.status?.replicas ?? 0);
const readyCount = (rss: readonly ReplicaSet[]): number => sum(rss, (rs) => rs.status?.readyReplicas ?? 0);
const availableCount = (rss: readonly ReplicaSet[]): number => sum(rss, (rs) => rs.status?.availableReplicas ?? 0);
const active = (rss: readonly (ReplicaSet | undefined)[]): ReplicaSet[] => rss.filter((rs): rs is ReplicaSet => rs !== undefined && specReplicas(rs) > 0);

function intAnnotation(obj: KubeObject, key: string): number | undefined {
  const v = obj.metadata?.annotations?.[key];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) ? n : undefined;
}

function isRollingUpdate(d: Deployment): boolean {
  return (d.spec?.strategy?.type ?? "RollingUpdate") === "RollingUpdate";
}

/** `ResolveFenceposts`: maxSurge rounded up, maxUnavailable rounded down, never both zero. */
function fenceposts(d: Deployment): { surge: number; unavailable: number } {
  const ru = d.spec?.strategy?.rollingUpdate ?? {};
  const desired = desiredReplicas(d);
  const surge = scaledIntOrPercent(ru.maxSurge ?? "25%", desired, true, "spec.strategy.rollingUpdate.maxSurge");
  let unavailable = scaledIntOrPercent(ru.maxUnavailable ?? "25%", desired, false, "spec.strategy.rollingUpdate.maxUnavailable");
  if (surge === 0 && unavailable === 0) unavailable = 1;
  return { surge, unavailable };
}

/** The Deployment's resolved maxSurge (0 for Recreate). */
export function maxSurge(d: Deployment): number {
  return isRollingUpdate(d) ? fenceposts(d).surge : 0;
}

/** The Deployment's resolved maxUnavailable (0 for Recreate or zero replicas; at most spec.replicas). */
export function maxUnavailable(d: Deployment): number {
  const desired = desiredReplicas(d);
  if (!isRollingUpdate(d) || desired === 0) return 0;
  return Math.min(fenceposts(d).unavailable, desired);
}

function hasProgressDeadline(d: Deployment): boolean {
  return (d.spec?.progressDeadlineSeconds ?? 600) !== NO_PROGRESS_DEADLINE;
}

function describe(d: KubeObject): string {
  return `Deployment ${d.metadata?.namespace ?? ""}/${d.metadata?.name ?? ""}`;
}

/** Deployment status counters are `omitempty` in the real API: zeros are left out. */
function withoutZeros<T extends Record<string, unknown>>(status: T): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(status)) {
    if (v === undefined || v === 0 || (Array.isArray(v) && v.length === 0)) continue;
    out[k] = v;
  }
  return out as T;
}

/**
 * The Deployment controller (`k8s.io/kubernetes/pkg/controller/deployment`): one ReplicaSet per
 * pod template (named `<deployment>-<pod-template-hash>`), rolling updates honouring maxSurge
 * and maxUnavailable, Recreate, proportional scaling, paused Deployments, revision history
 * cleanup, and status with the Available and Progressing conditions. What it leaves out is
 * listed in docs/controllers.md.
 *
 * @example
 * ```ts
 * eb.withReconciler("DeploymentController", (client) => new DeploymentController(client))
 *   .for("apps/Deployment").owns("apps/ReplicaSet");
 * ```
 */
export class DeploymentController implements Reconciler {
  constructor(private readonly client: Client) {}

  /** Syncs one Deployment with its ReplicaSets. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    const d = await getOptional<Deployment>(this.client, { apiVersion: "apps/v1", kind: "Deployment", namespace: req.namespace, name: req.name });
    if (!d) return;
    await new DeploymentSync(this.client, d, ctx.now()).run();
  }
}

/** One sync of one Deployment: the Deployment and its claimed ReplicaSets as this reconcile sees them. */
class DeploymentSync {
  /** Claimed ReplicaSets, oldest first; replaced in place as writes return newer versions. */
  private rsList: ReplicaSet[] = [];

  constructor(
    private readonly client: Client,
    private d: Deployment,
    private readonly now: Date,
  ) {}

  private get namespace(): string {
    return this.d.metadata?.namespace ?? "";
  }

  private get replicas(): number {
    return desiredReplicas(this.d);
  }

  async run(): Promise<void> {
    const selector = validWorkloadSelector(this.d);
    const candidates = await this.client.list<ReplicaSet>("apps/v1", "ReplicaSet", { namespace: this.namespace });
    this.rsList = (await claimObjects(this.client, this.d, selector, candidates)).sort(olderFirst);
    if (isDeleting(this.d)) {
      const { newRS, oldRSs } = await this.newAndOld(false);
      return this.syncDeploymentStatus([...oldRSs, newRS], newRS);
    }
    await this.checkPausedConditions();
    if (this.d.spec?.paused || (await this.isScalingEvent())) return this.sync();
    if (isRollingUpdate(this.d)) return this.rolloutRolling();
    if (this.d.spec?.strategy?.type === "Recreate") return this.rolloutRecreate();
    throw new Error(`${describe(this.d)} has spec.strategy.type ${JSON.stringify(this.d.spec?.strategy?.type)}: expected "RollingUpdate" or "Recreate"`);
  }

  // ---- finding (and creating) the new ReplicaSet ----

  private findNewReplicaSet(): ReplicaSet | undefined {
    return this.rsList.find((rs) => equalIgnoreHash(rs.spec?.template, this.d.spec?.template));
  }

  /** `getAllReplicaSetsAndSyncRevision`: the new ReplicaSet (created when `create`) and the old ones. */
  private async newAndOld(create: boolean): Promise<{ newRS: ReplicaSet | undefined; oldRSs: ReplicaSet[] }> {
    const existing = this.findNewReplicaSet();
    const oldRSs = this.rsList.filter((rs) => rs !== existing);
    const newRevision = Math.max(0, ...oldRSs.map(revisionOf)) + 1;
    if (existing) return { newRS: await this.syncExistingNewReplicaSet(existing, newRevision), oldRSs };
    if (!create) return { newRS: undefined, oldRSs };
    return { newRS: await this.createNewReplicaSet(oldRSs, newRevision), oldRSs };
  }

  private annotationsFor(rs: ReplicaSet, newRevision: number, exists: boolean): { annotations: Record<string, string>; changed: boolean } {
    const annotations = { ...(rs.metadata?.annotations ?? {}) };
    let changed = false;
    for (const [k, v] of Object.entries(this.d.metadata?.annotations ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      if (SKIP_COPY.has(k) || annotations[k] === v) continue;
      annotations[k] = v;
      changed = true;
    }
    const old = annotations[REVISION_ANNOTATION];
    const oldRevision = old === undefined ? 0 : Number(old);
    if (Number.isInteger(oldRevision) && oldRevision < newRevision) {
      annotations[REVISION_ANNOTATION] = String(newRevision);
      if (old !== undefined) {
        // Rolling back to this ReplicaSet: keep its earlier revisions, as the real controller does.
        const history = annotations[REVISION_HISTORY_ANNOTATION];
        annotations[REVISION_HISTORY_ANNOTATION] = history ? `${history},${old}` : old;
      }
      changed = true;
    }
    if (!exists) {
      annotations[DESIRED_REPLICAS_ANNOTATION] = String(this.replicas);
      annotations[MAX_REPLICAS_ANNOTATION] = String(this.replicas + maxSurge(this.d));
      changed = true;
    }
    return { annotations, changed };
  }

  private async syncExistingNewReplicaSet(existing: ReplicaSet, newRevision: number): Promise<ReplicaSet> {
    const { annotations, changed } = this.annotationsFor(existing, newRevision, true);
    const minReadySeconds = this.d.spec?.minReadySeconds;
    if (changed || existing.spec?.minReadySeconds !== minReadySeconds) {
      const updated = await this.client.update<ReplicaSet>({
        ...existing,
        metadata: { ...existing.metadata, annotations },
        spec: { ...existing.spec, minReadySeconds },
      });
      this.replace(existing, updated);
      return updated;
    }
    await this.setDeploymentRevision(existing.metadata?.annotations?.[REVISION_ANNOTATION]);
    if (hasProgressDeadline(this.d) && !getCondition(this.d.status?.conditions, "Progressing")) {
      await this.writeStatus({
        ...this.d.status,
        conditions: setCondition(this.d.status?.conditions, this.condition("Progressing", "True", "FoundNewReplicaSet", `Found new replica set "${existing.metadata?.name}"`)),
      });
    }
    return existing;
  }

  private async createNewReplicaSet(oldRSs: ReplicaSet[], newRevision: number): Promise<ReplicaSet> {
    const d = this.d;
    const template = d.spec?.template ?? {};
    const hash = podTemplateHash(template, d.status?.collisionCount);
    const labels = { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = d.spec!.selector!;
    const draft: ReplicaSet = {
      apiVersion: "apps/v1",
      kind: "ReplicaSet",
      metadata: { name: `${d.metadata!.name}-${hash}`, namespace: this.namespace, labels, ownerReferences: [newControllerRef(d)] },
      spec: {
        replicas: 0,
        minReadySeconds: d.spec?.minReadySeconds,
        selector: { ...selector, matchLabels: { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } },
        template: { ...template, metadata: { ...(template.metadata ?? {}), labels } },
      },
    };
    draft.spec!.replicas = this.newReplicaSetReplicas([...oldRSs, draft], draft);
    draft.metadata!.annotations = this.annotationsFor(draft, newRevision, false).annotations;
    let created: ReplicaSet;
    try {
      created = await this.client.create(draft);
    } catch (e) {
      if (!isAlreadyExists(e)) throw e;
      const found = await getOptional<ReplicaSet>(this.client, { apiVersion: "apps/v1", kind: "ReplicaSet", namespace: this.namespace, name: draft.metadata!.name! });
      if (!found) throw e; // exists on the server but not in this reconcile's view yet: retry later
      const ref = controllerRefOf(found);
      if (ref?.uid === d.metadata?.uid && equalIgnoreHash(found.spec?.template, template)) {
        this.rsList.push(found);
        return found;
      }
      // A different ReplicaSet holds the name: bump the collision count so the next hash differs.
      await this.writeStatus({ ...d.status, collisionCount: (d.status?.collisionCount ?? 0) + 1 });
      throw e;
    }
    this.rsList.push(created);
    await this.setDeploymentRevision(String(newRevision));
    if (hasProgressDeadline(this.d)) {
      await this.writeStatus({
        ...this.d.status,
        conditions: setCondition(this.d.status?.conditions, this.condition("Progressing", "True", "NewReplicaSetCreated", `Created new replica set "${created.metadata?.name}"`)),
      });
    }
    return created;
  }

  /** The real controller records the new ReplicaSet's revision on the Deployment (`SetDeploymentRevision`). */
  private async setDeploymentRevision(revision: string | undefined): Promise<void> {
    if (revision === undefined || this.d.metadata?.annotations?.[REVISION_ANNOTATION] === revision) return;
    this.d = await this.client.update<Deployment>({
      ...this.d,
      metadata: { ...this.d.metadata, annotations: { ...(this.d.metadata?.annotations ?? {}), [REVISION_ANNOTATION]: revision } },
    });
  }

  /** `NewRSNewReplicas`: how far the new ReplicaSet may grow now. */
  private newReplicaSetReplicas(allRSs: readonly ReplicaSet[], newRS: ReplicaSet): number {
    if (!isRollingUpdate(this.d)) return this.replicas;
    const surge = scaledIntOrPercent(this.d.spec?.strategy?.rollingUpdate?.maxSurge ?? "25%", this.replicas, true, "spec.strategy.rollingUpdate.maxSurge");
    const current = replicaCount(allRSs);
    const maxTotal = this.replicas + surge;
    if (current >= maxTotal) return specReplicas(newRS);
    const scaleUp = Math.min(maxTotal - current, this.replicas - specReplicas(newRS));
    return specReplicas(newRS) + scaleUp;
  }

  // ---- scaling ----

  private replace(old: ReplicaSet, updated: ReplicaSet): void {
    const i = this.rsList.indexOf(old);
    if (i >= 0) this.rsList[i] = updated;
  }

  /** `scaleReplicaSet`: sets replicas and the replicas annotations; returns whether the size changed. */
  private async scaleReplicaSet(rs: ReplicaSet, newScale: number): Promise<{ scaled: boolean; rs: ReplicaSet }> {
    const sizeChanged = specReplicas(rs) !== newScale;
    const desired = String(this.replicas);
    const max = String(this.replicas + maxSurge(this.d));
    const ann = rs.metadata?.annotations ?? {};
    if (!sizeChanged && ann[DESIRED_REPLICAS_ANNOTATION] === desired && ann[MAX_REPLICAS_ANNOTATION] === max) return { scaled: false, rs };
    const updated = await this.client.update<ReplicaSet>({
      ...rs,
      metadata: { ...rs.metadata, annotations: { ...ann, [DESIRED_REPLICAS_ANNOTATION]: desired, [MAX_REPLICAS_ANNOTATION]: max } },
      spec: { ...rs.spec, replicas: newScale },
    });
    this.replace(rs, updated);
    return { scaled: sizeChanged, rs: updated };
  }

  private async isScalingEvent(): Promise<boolean> {
    const { newRS, oldRSs } = await this.newAndOld(false);
    return active([...oldRSs, newRS]).some((rs) => {
      const desired = intAnnotation(rs, DESIRED_REPLICAS_ANNOTATION);
      return desired !== undefined && desired !== this.replicas;
    });
  }

  /** `sync`: scaling and paused Deployments. */
  private async sync(): Promise<void> {
    const { newRS, oldRSs } = await this.newAndOld(false);
    await this.scale(newRS, oldRSs);
    if (this.d.spec?.paused) await this.cleanup(this.current(oldRSs));
    const fresh = this.currentOrUndefined(newRS);
    await this.syncDeploymentStatus([...this.current(oldRSs), fresh], fresh);
  }

  private current(rss: readonly ReplicaSet[]): ReplicaSet[] {
    return rss.map((rs) => this.currentOrUndefined(rs)).filter((rs): rs is ReplicaSet => rs !== undefined);
  }

  /** The latest version of `rs` held by this sync (writes replace entries of `rsList`). */
  private currentOrUndefined(rs: ReplicaSet | undefined): ReplicaSet | undefined {
    if (!rs) return undefined;
    return this.rsList.find((x) => x.metadata?.name === rs.metadata?.name);
  }

  /** `scale`: proportional scaling of the active ReplicaSets. */
  private async scale(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<void> {
    const activeOrLatest = this.findActiveOrLatest(newRS, oldRSs);
    if (activeOrLatest) {
      if (specReplicas(activeOrLatest) !== this.replicas) await this.scaleReplicaSet(activeOrLatest, this.replicas);
      return;
    }
    if (newRS && this.isSaturated(newRS)) {
      for (const old of active(oldRSs)) await this.scaleReplicaSet(old, 0);
      return;
    }
    if (!isRollingUpdate(this.d)) return;
    const all = active([...oldRSs, newRS]);
    const allowed = this.replicas > 0 ? this.replicas + maxSurge(this.d) : 0;
    const toAdd = allowed - replicaCount(all);
    // Larger first; on ties newer first when growing, older first when shrinking (ReplicaSetsBySizeNewer/Older).
    all.sort((a, b) => specReplicas(b) - specReplicas(a) || (toAdd > 0 ? -olderFirst(a, b) : olderFirst(a, b)));
    const sizes = new Map<ReplicaSet, number>();
    let added = 0;
    for (const rs of all) {
      if (toAdd === 0) {
        sizes.set(rs, specReplicas(rs));
        continue;
      }
      const proportion = this.proportion(rs, toAdd, added);
      sizes.set(rs, specReplicas(rs) + proportion);
      added += proportion;
    }
    for (let i = 0; i < all.length; i++) {
      const rs = all[i]!;
      let size = sizes.get(rs)!;
      if (i === 0 && toAdd !== 0) size = Math.max(0, size + (toAdd - added));
      await this.scaleReplicaSet(rs, size);
    }
  }

  /** `GetProportion`. */
  private proportion(rs: ReplicaSet, toAdd: number, added: number): number {
    if (specReplicas(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
    const fraction = this.fraction(rs);
    const allowed = toAdd - added;
    return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
  }

  /** `getReplicaSetFraction`. */
  private fraction(rs: ReplicaSet): number {
    if (this.replicas === 0) return -specReplicas(rs);
    const maxNow = this.replicas + maxSurge(this.d);
    let maxBefore = intAnnotation(rs, MAX_REPLICAS_ANNOTATION) ?? 0;
    if (maxBefore === 0) {
      maxBefore = this.d.status?.replicas ?? 0;
      if (maxBefore === 0) return 0;
    }
    // Go's RoundToInt32 rounds half away from zero; sizes are non-negative here.
    return Math.round((specReplicas(rs) * maxNow) / maxBefore) - specReplicas(rs);
  }

  private findActiveOrLatest(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): ReplicaSet | undefined {
    if (!newRS && oldRSs.length === 0) return undefined;
    const all = active([...oldRSs, newRS]);
    if (all.length === 0) return newRS ?? [...oldRSs].sort(olderFirst)[oldRSs.length - 1];
    return all.length === 1 ? all[0] : undefined;
  }

  private isSaturated(newRS: ReplicaSet): boolean {
    return (
      specReplicas(newRS) === this.replicas &&
      intAnnotation(newRS, DESIRED_REPLICAS_ANNOTATION) === this.replicas &&
      (newRS.status?.availableReplicas ?? 0) === this.replicas
    );
  }

  // ---- rollouts ----

  private async rolloutRolling(): Promise<void> {
    const { newRS, oldRSs } = await this.newAndOld(true);
    let fresh = newRS!;
    if (await this.reconcileNewReplicaSet(fresh)) return this.syncRolloutStatus(this.current(oldRSs), this.currentOrUndefined(fresh));
    fresh = this.currentOrUndefined(fresh)!;
    if (await this.reconcileOldReplicaSets(this.current(oldRSs), fresh)) return this.syncRolloutStatus(this.current(oldRSs), fresh);
    if (this.deploymentComplete(this.d.status ?? {})) await this.cleanup(this.current(oldRSs));
    return this.syncRolloutStatus(this.current(oldRSs), fresh);
  }

  private async reconcileNewReplicaSet(newRS: ReplicaSet): Promise<boolean> {
    if (specReplicas(newRS) === this.replicas) return false;
    if (specReplicas(newRS) > this.replicas) return (await this.scaleReplicaSet(newRS, this.replicas)).scaled;
    const count = this.newReplicaSetReplicas(this.rsList, newRS);
    return (await this.scaleReplicaSet(newRS, count)).scaled;
  }

  private async reconcileOldReplicaSets(oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<boolean> {
    if (replicaCount(oldRSs) === 0) return false;
    const allPods = replicaCount([...oldRSs, newRS]);
    const minAvailable = this.replicas - maxUnavailable(this.d);
    const newUnavailable = specReplicas(newRS) - (newRS.status?.availableReplicas ?? 0);
    const maxScaledDown = allPods - minAvailable - newUnavailable;
    if (maxScaledDown <= 0) return false;
    const cleaned = await this.cleanupUnhealthyReplicas(oldRSs, maxScaledDown);
    const scaledDown = await this.scaleDownOldReplicaSetsForRollingUpdate(this.current(oldRSs), newRS);
    return cleaned + scaledDown > 0;
  }

  /** Scales down old ReplicaSets' unavailable pods first: they cost no availability. */
  private async cleanupUnhealthyReplicas(oldRSs: ReplicaSet[], maxCleanup: number): Promise<number> {
    let total = 0;
    for (const rs of [...oldRSs].sort(olderFirst)) {
      if (total >= maxCleanup) break;
      const replicas = specReplicas(rs);
      const availableNow = rs.status?.availableReplicas ?? 0;
      if (replicas === 0 || replicas === availableNow) continue;
      const count = Math.min(maxCleanup - total, replicas - availableNow);
      if (count <= 0) continue;
      await this.scaleReplicaSet(rs, replicas - count);
      total += count;
    }
    return total;
  }

  private async scaleDownOldReplicaSetsForRollingUpdate(oldRSs: ReplicaSet[], newRS: ReplicaSet): Promise<number> {
    const minAvailable = this.replicas - maxUnavailable(this.d);
    const availableNow = availableCount([...oldRSs, newRS]);
    if (availableNow <= minAvailable) return 0;
    const target = availableNow - minAvailable;
    let total = 0;
    for (const rs of [...oldRSs].sort(olderFirst)) {
      if (total >= target) break;
      if (specReplicas(rs) === 0) continue;
      const count = Math.min(specReplicas(rs), target - total);
      await this.scaleReplicaSet(rs, specReplicas(rs) - count);
      total += count;
    }
    return total;
  }

  private async rolloutRecreate(): Promise<void> {
    let { newRS, oldRSs } = await this.newAndOld(false);
    let scaledDown = false;
    for (const rs of active(oldRSs)) {
      if ((await this.scaleReplicaSet(rs, 0)).scaled) scaledDown = true;
    }
    if (scaledDown) return this.syncRolloutStatus(this.current(oldRSs), this.currentOrUndefined(newRS));
    if (await this.oldPodsRunning(newRS, this.current(oldRSs))) return this.syncRolloutStatus(this.current(oldRSs), this.currentOrUndefined(newRS));
    if (!newRS) ({ newRS, oldRSs } = await this.newAndOld(true));
    const fresh = this.currentOrUndefined(newRS)!;
    if (specReplicas(fresh) !== this.replicas) await this.scaleReplicaSet(fresh, this.replicas);
    if (this.deploymentComplete(this.d.status ?? {})) await this.cleanup(this.current(oldRSs));
    return this.syncRolloutStatus(this.current(oldRSs), this.currentOrUndefined(newRS));
  }

  /** Recreate waits until no pod of an old ReplicaSet is left running (finished pods do not count). */
  private async oldPodsRunning(newRS: ReplicaSet | undefined, oldRSs: ReplicaSet[]): Promise<boolean> {
    if (actualCount(oldRSs) > 0) return true;
    const oldUids = new Set(oldRSs.map((rs) => rs.metadata?.uid).filter((u) => u !== undefined));
    if (oldUids.size === 0) return false;
    const pods = await this.client.list<Pod>("v1", "Pod", { namespace: this.namespace });
    return pods.some((p) => {
      const ref = controllerRefOf(p);
      if (!ref || !oldUids.has(ref.uid) || ref.uid === newRS?.metadata?.uid) return false;
      return p.status?.phase !== "Succeeded" && p.status?.phase !== "Failed";
    });
  }

  /** Deletes old, fully scaled-down ReplicaSets beyond `revisionHistoryLimit` (default 10), oldest revision first. */
  private async cleanup(oldRSs: ReplicaSet[]): Promise<void> {
    const limit = this.d.spec?.revisionHistoryLimit ?? 10;
    const cleanable = oldRSs.filter((rs) => !isDeleting(rs)).sort(olderFirst);
    const diff = cleanable.length - limit;
    for (let i = 0; i < diff; i++) {
      const rs = cleanable[i]!;
      if ((rs.status?.replicas ?? 0) !== 0 || specReplicas(rs) !== 0) continue;
      if ((rs.metadata?.generation ?? 0) > (rs.status?.observedGeneration ?? 0)) continue;
      try {
        await this.client.delete(rs);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.rsList = this.rsList.filter((x) => x !== rs);
    }
  }

  // ---- status ----

  private condition(type: string, status: Condition["status"], reason: string, message: string): Condition {
    const t = rfc3339(this.now);
    return { type, status, lastUpdateTime: t, lastTransitionTime: t, reason, message };
  }

  private async writeStatus(status: NonNullable<Deployment["status"]>): Promise<void> {
    this.d = await this.client.updateStatus<Deployment>({ ...this.d, status });
  }

  private async checkPausedConditions(): Promise<void> {
    if (!hasProgressDeadline(this.d)) return;
    const cond = getCondition(this.d.status?.conditions, "Progressing");
    if (cond?.reason === "ProgressDeadlineExceeded") return;
    const paused = this.d.spec?.paused === true;
    let next: Condition | undefined;
    if (paused && cond?.reason !== "DeploymentPaused") next = this.condition("Progressing", "Unknown", "DeploymentPaused", "Deployment is paused");
    else if (!paused && cond?.reason === "DeploymentPaused") next = this.condition("Progressing", "Unknown", "DeploymentResumed", "Deployment is resumed");
    if (next) await this.writeStatus({ ...this.d.status, conditions: setCondition(this.d.status?.conditions, next) });
  }

  /** `calculateStatus`. */
  private calculateStatus(allRSs: ReplicaSet[], newRS: ReplicaSet | undefined): NonNullable<Deployment["status"]> {
    const available = availableCount(allRSs);
    const hasMinAvailability = available >= this.replicas - maxUnavailable(this.d);
    const conditions = setCondition(
      this.d.status?.conditions,
      hasMinAvailability
        ? this.condition("Available", "True", "MinimumReplicasAvailable", "Deployment has minimum availability.")
        : this.condition("Available", "False", "MinimumReplicasUnavailable", "Deployment does not have minimum availability."),
    );
    const status = withoutZeros({
      observedGeneration: this.d.metadata?.generation,
      replicas: actualCount(allRSs),
      updatedReplicas: newRS ? actualCount([newRS]) : 0,
      readyReplicas: readyCount(allRSs),
      availableReplicas: available,
      unavailableReplicas: Math.max(0, replicaCount(allRSs) - available),
      conditions,
    });
    // collisionCount is a pointer in the real API: kept even when zero.
    if (this.d.status?.collisionCount !== undefined) return { ...status, collisionCount: this.d.status.collisionCount };
    return status;
  }

  private deploymentComplete(status: NonNullable<Deployment["status"]>): boolean {
    const r = this.replicas;
    return (
      (status.updatedReplicas ?? 0) === r &&
      (status.replicas ?? 0) === r &&
      (status.availableReplicas ?? 0) === r &&
      (status.observedGeneration ?? 0) >= (this.d.metadata?.generation ?? 0)
    );
  }

  private async syncDeploymentStatus(allRSs: (ReplicaSet | undefined)[], newRS: ReplicaSet | undefined): Promise<void> {
    const status = this.calculateStatus(allRSs.filter((rs): rs is ReplicaSet => rs !== undefined), newRS);
    if (sameContent(this.d.status ?? {}, status)) return;
    await this.writeStatus(status);
  }

  /** `syncRolloutStatus`: status plus the Progressing condition (no deadline is ever exceeded, see docs). */
  private async syncRolloutStatus(oldRSs: ReplicaSet[], newRS: ReplicaSet | undefined): Promise<void> {
    const allRSs = newRS ? [...oldRSs, newRS] : oldRSs;
    const status = this.calculateStatus(allRSs, newRS);
    const old = this.d.status ?? {};
    if (!hasProgressDeadline(this.d)) status.conditions = removeCondition(status.conditions, "Progressing");
    const current = getCondition(old.conditions, "Progressing");
    const complete = (status.replicas ?? 0) === (status.updatedReplicas ?? 0) && current?.reason === "NewReplicaSetAvailable";
    if (hasProgressDeadline(this.d) && !complete) {
      const name = newRS?.metadata?.name ?? "";
      if (this.deploymentComplete(status)) {
        status.conditions = setCondition(status.conditions, this.condition("Progressing", "True", "NewReplicaSetAvailable", `ReplicaSet "${name}" has successfully progressed.`));
      } else if (this.deploymentProgressing(old, status)) {
        // Progress refreshes lastUpdateTime even when the reason stays the same (the real controller's special case).
        const next = this.condition("Progressing", "True", "ReplicaSetUpdated", `ReplicaSet "${name}" is progressing.`);
        if (current?.status === "True" && current.lastTransitionTime !== undefined) next.lastTransitionTime = current.lastTransitionTime;
        status.conditions = setConditionAt(status.conditions ?? [], next);
      }
    }
    if (status.conditions && status.conditions.length === 0) delete status.conditions;
    if (sameContent(old, status)) return;
    await this.writeStatus(status);
  }

  private deploymentProgressing(old: NonNullable<Deployment["status"]>, next: NonNullable<Deployment["status"]>): boolean {
    const oldOld = (old.replicas ?? 0) - (old.updatedReplicas ?? 0);
    const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
    return (
      (next.updatedReplicas ?? 0) > (old.updatedReplicas ?? 0) ||
      newOld < oldOld ||
      (next.readyReplicas ?? 0) > (old.readyReplicas ?? 0) ||
      (next.availableReplicas ?? 0) > (old.availableReplicas ?? 0)
    );
  }
}

/** Replaces the condition of the same type where it stands (unconditionally, unlike `setCondition`). */
function setConditionAt(conditions: Condition[], next: Condition): Condition[] {
  const i = conditions.findIndex((c) => c.type === next.type);
  if (i < 0) return [...conditions, next];
  const out = [...conditions];
  out[i] = next;
  return out;
}

/**
 * A Recreate rollout waits for the old ReplicaSets' pods to be gone; the removal of such a pod
 * enqueues its Deployment (the real controller's pod delete handler does the same).
 */
function recreatePodRemovalTrigger(effect: Effect, world: WorldReader): Request[] {
  if (effect.kind !== "core/Pod" || effect.op !== "REMOVE" || !effect.before) return [];
  const rsRef = controllerRefOf(effect.before);
  if (!rsRef || rsRef.kind !== "ReplicaSet") return [];
  const rs = world.get("apps/ReplicaSet", effect.namespace, rsRef.name);
  if (!rs || rs.metadata?.uid !== rsRef.uid) return [];
  const dRef = controllerRefOf(rs);
  if (!dRef || dRef.kind !== "Deployment") return [];
  const d = world.get("apps/Deployment", effect.namespace, dRef.name) as Deployment | undefined;
  if (!d || d.metadata?.uid !== dRef.uid || d.spec?.strategy?.type !== "Recreate") return [];
  return [{ namespace: effect.namespace, name: dRef.name }];
}

const adoptOrphanReplicaSets = orphanTrigger("apps/ReplicaSet", "apps/Deployment");

/** The registration of the Deployment controller: for Deployments, owns ReplicaSets, adopts orphan ReplicaSets. */
export function deploymentControllerRegistration(): ControllerRegistration {
  return {
    id: "DeploymentController",
    factory: (client) => new DeploymentController(client),
    for: "apps/Deployment",
    owns: ["apps/ReplicaSet"],
    watches: [],
    trigger: (effect, world) => [...adoptOrphanReplicaSets(effect, world), ...recreatePodRemovalTrigger(effect, world)],
  };
}
