import { isNotFound } from "../apiserver/apiError.ts";
import type { Client } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { OwnerReference } from "../objects/kubeObject.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { claimObjects, isDeleting, newControllerRef } from "./controllerRef.ts";
import { getOptional } from "./optionalGet.ts";
import { orphanTrigger } from "./orphanTrigger.ts";
import { podFromTemplate } from "./podFromTemplate.ts";
import { isPodFinished, isPodRunningAndReady } from "./podState.ts";
import { podTemplateHash } from "./podTemplateHash.ts";
import { sameContent } from "./stableHash.ts";
import { desiredReplicas, type PersistentVolumeClaim, type Pod, type StatefulSet } from "./workloadObjects.ts";
import { validWorkloadSelector } from "./workloadSelector.ts";

/** Label with a StatefulSet pod's own name (so a Service can select exactly one pod). */
export const POD_NAME_LABEL = "statefulset.kubernetes.io/pod-name";
/** Label with a StatefulSet pod's ordinal. */
export const POD_INDEX_LABEL = "apps.kubernetes.io/pod-index";
/** Label with the revision of the template a pod was created from. */
export const REVISION_LABEL = "controller-revision-hash";

function describe(set: StatefulSet): string {
  return `StatefulSet ${set.metadata?.namespace ?? ""}/${set.metadata?.name ?? ""}`;
}

/** The revision name of a StatefulSet's current template (`<set>-<hash>`, like a ControllerRevision's name). */
export function statefulSetRevision(set: StatefulSet): string {
  return `${set.metadata?.name ?? ""}-${podTemplateHash(set.spec?.template)}`;
}

/** The name of the claim of template `template` for ordinal `ordinal` of `set`: `<template>-<set>-<ordinal>`. */
export function claimName(template: string, set: string, ordinal: number): string {
  return `${template}-${set}-${ordinal}`;
}

/**
 * The StatefulSet controller (`k8s.io/kubernetes/pkg/controller/statefulset`): pods named
 * `<set>-0 … <set>-(n-1)` with stable hostnames, one PersistentVolumeClaim per volume claim
 * template and ordinal (`<template>-<set>-<ordinal>`), created in order and each waiting for the
 * previous one to be Running and Ready (`OrderedReady`, the default) or all at once
 * (`Parallel`); scale-down from the highest ordinal; failed pods recreated; rolling updates from
 * the highest ordinal down to the partition, one pod at a time; status with revisions.
 *
 * @example
 * ```ts
 * eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
 * ```
 */
export class StatefulSetController implements Reconciler {
  constructor(private readonly client: Client) {}

  /** Syncs one StatefulSet with its pods and claims. */
  async reconcile(req: Request, _ctx: ReconcileContext): Promise<void> {
    const set = await getOptional<StatefulSet>(this.client, { apiVersion: "apps/v1", kind: "StatefulSet", namespace: req.namespace, name: req.name });
    if (!set || isDeleting(set)) return;
    await new StatefulSetSync(this.client, set).run();
  }
}

/** One sync of one StatefulSet. */
class StatefulSetSync {
  private readonly name: string;
  private readonly namespace: string;
  private readonly updateRevision: string;
  /** Member pods by ordinal, kept current as this sync creates and deletes. */
  private readonly pods = new Map<number, Pod>();
  private claims = new Set<string>();

  constructor(
    private readonly client: Client,
    private readonly set: StatefulSet,
  ) {
    this.name = set.metadata?.name ?? "";
    this.namespace = set.metadata?.namespace ?? "";
    this.updateRevision = statefulSetRevision(set);
  }

  async run(): Promise<void> {
    const selector = validWorkloadSelector(this.set);
    for (const t of this.set.spec?.volumeClaimTemplates ?? []) {
      if (!t.metadata?.name) throw new Error(`${describe(this.set)} has a volumeClaimTemplate without metadata.name`);
    }
    const all = await this.client.list<Pod>("v1", "Pod", { namespace: this.namespace });
    const member = new RegExp(`^${this.name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(0|[1-9]\\d*)$`);
    for (const pod of await claimObjects(this.client, this.set, selector, all)) {
      const m = member.exec(pod.metadata?.name ?? "");
      if (m) this.pods.set(Number(m[1]), pod);
    }
    if ((this.set.spec?.volumeClaimTemplates ?? []).length > 0) {
      const pvcs = await this.client.list<PersistentVolumeClaim>("v1", "PersistentVolumeClaim", { namespace: this.namespace });
      this.claims = new Set(pvcs.map((c) => c.metadata?.name ?? ""));
      for (const c of pvcs) {
        if (isDeleting(c)) this.claims.delete(c.metadata?.name ?? "");
      }
    }
    await this.act();
    await this.updateStatus();
  }

  private get monotonic(): boolean {
    return (this.set.spec?.podManagementPolicy ?? "OrderedReady") !== "Parallel";
  }

  /** Creates, deletes and updates pods; returns early wherever OrderedReady must wait. */
  private async act(): Promise<void> {
    const replicas = desiredReplicas(this.set);
    const monotonic = this.monotonic;
    for (let i = 0; i < replicas; i++) {
      let pod = this.pods.get(i);
      if (pod && isPodFinished(pod) && !isDeleting(pod)) {
        // A failed (or, for restartPolicy Never, finished) member is replaced by a fresh pod.
        await this.deletePod(i, pod);
        // With finalizers the old pod lingers, terminating, and holds the name: wait for it.
        if ((pod.metadata?.finalizers ?? []).length > 0) {
          if (monotonic) return;
          continue;
        }
        pod = undefined;
      }
      if (!pod) {
        await this.createPod(i);
        if (monotonic) return;
        continue;
      }
      if (isDeleting(pod)) {
        if (monotonic) return;
        continue;
      }
      if (!isPodRunningAndReady(pod) && monotonic) return;
    }
    const condemned = [...this.pods.keys()].filter((i) => i >= replicas).sort((a, b) => b - a);
    const firstUnhealthy = [...this.pods.keys()].sort((a, b) => a - b).find((i) => !isPodRunningAndReady(this.pods.get(i)!));
    for (const i of condemned) {
      const pod = this.pods.get(i)!;
      if (isDeleting(pod)) {
        if (monotonic) return;
        continue;
      }
      if (!isPodRunningAndReady(pod) && monotonic && i !== firstUnhealthy) return;
      await this.deletePod(i, pod);
      if (monotonic) return;
    }
    await this.deleteScaledDownClaims(replicas);
    if ((this.set.spec?.updateStrategy?.type ?? "RollingUpdate") !== "RollingUpdate") return;
    const partition = this.set.spec?.updateStrategy?.rollingUpdate?.partition ?? 0;
    for (let i = replicas - 1; i >= partition; i--) {
      const pod = this.pods.get(i);
      if (!pod) return;
      if (pod.metadata?.labels?.[REVISION_LABEL] !== this.updateRevision && !isDeleting(pod)) {
        await this.deletePod(i, pod);
        return;
      }
      if (!isPodRunningAndReady(pod)) return;
    }
  }

  private async deletePod(ordinal: number, pod: Pod): Promise<void> {
    try {
      await this.client.delete(pod);
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    // With finalizers the pod lingers (terminating); the next sync sees it and waits.
    this.pods.delete(ordinal);
  }

  private claimOwnerRefs(): OwnerReference[] | undefined {
    return this.set.spec?.persistentVolumeClaimRetentionPolicy?.whenDeleted === "Delete" ? [newControllerRef(this.set)] : undefined;
  }

  private async createPod(ordinal: number): Promise<void> {
    const podName = `${this.name}-${ordinal}`;
    const templates = this.set.spec?.volumeClaimTemplates ?? [];
    for (const t of templates) {
      const name = claimName(t.metadata!.name!, this.name, ordinal);
      if (this.claims.has(name)) continue;
      const claim: PersistentVolumeClaim = {
        apiVersion: "v1",
        kind: "PersistentVolumeClaim",
        metadata: {
          name,
          namespace: this.namespace,
          labels: { ...(t.metadata?.labels ?? {}), ...(this.set.spec?.selector?.matchLabels ?? {}) },
        },
        spec: structuredClone(t.spec ?? {}),
      };
      if (t.metadata?.annotations) claim.metadata!.annotations = { ...t.metadata.annotations };
      const owners = this.claimOwnerRefs();
      if (owners) claim.metadata!.ownerReferences = owners;
      await this.client.create(claim);
      this.claims.add(name);
    }
    const pod = podFromTemplate(this.set.spec?.template, this.set, podName);
    pod.metadata!.labels = {
      ...(pod.metadata!.labels ?? {}),
      [POD_NAME_LABEL]: podName,
      [POD_INDEX_LABEL]: String(ordinal),
      [REVISION_LABEL]: this.updateRevision,
    };
    const spec = { ...pod.spec, hostname: podName };
    if (this.set.spec?.serviceName) spec.subdomain = this.set.spec.serviceName;
    if (templates.length > 0) {
      const claimVolumes = templates.map((t) => ({ name: t.metadata!.name!, persistentVolumeClaim: { claimName: claimName(t.metadata!.name!, this.name, ordinal) } }));
      const names = new Set(claimVolumes.map((v) => v.name));
      spec.volumes = [...(spec.volumes ?? []).filter((v) => !names.has(v.name)), ...claimVolumes];
    }
    pod.spec = spec;
    this.pods.set(ordinal, await this.client.create(pod));
  }

  /** With `whenScaled: Delete`, the claims of ordinals beyond the replicas go once their pod is gone. */
  private async deleteScaledDownClaims(replicas: number): Promise<void> {
    if (this.set.spec?.persistentVolumeClaimRetentionPolicy?.whenScaled !== "Delete") return;
    const set = this.name;
    const templates = (this.set.spec?.volumeClaimTemplates ?? []).map((t) => t.metadata!.name!);
    const pattern = new RegExp(`^(${templates.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|")})-${set.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(0|[1-9]\\d*)$`);
    for (const name of [...this.claims].sort()) {
      const m = pattern.exec(name);
      if (!m || Number(m[2]) < replicas || this.pods.has(Number(m[2]))) continue;
      try {
        await this.client.delete({ apiVersion: "v1", kind: "PersistentVolumeClaim", namespace: this.namespace, name });
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      this.claims.delete(name);
    }
  }

  private async updateStatus(): Promise<void> {
    const set = this.set;
    const pods = [...this.pods.values()];
    const currentRevision = set.status?.currentRevision ?? this.updateRevision;
    const live = pods.filter((p) => !isDeleting(p));
    const ready = pods.filter(isPodRunningAndReady).length;
    const status: NonNullable<StatefulSet["status"]> = {
      replicas: pods.length,
      readyReplicas: ready,
      currentReplicas: live.filter((p) => p.metadata?.labels?.[REVISION_LABEL] === currentRevision).length,
      updatedReplicas: live.filter((p) => p.metadata?.labels?.[REVISION_LABEL] === this.updateRevision).length,
      // minReadySeconds is not modelled: a ready pod is available at once.
      availableReplicas: ready,
      currentRevision,
      updateRevision: this.updateRevision,
    };
    const rolling = (set.spec?.updateStrategy?.type ?? "RollingUpdate") === "RollingUpdate";
    if (rolling && status.updatedReplicas === status.replicas && status.readyReplicas === status.replicas) {
      status.currentReplicas = status.updatedReplicas;
      status.currentRevision = this.updateRevision;
    }
    if (set.metadata?.generation) status.observedGeneration = set.metadata.generation;
    if (set.status?.collisionCount !== undefined) status.collisionCount = set.status.collisionCount;
    for (const k of ["readyReplicas", "currentReplicas", "updatedReplicas"] as const) {
      if (status[k] === 0) delete status[k];
    }
    if (sameContent(set.status ?? {}, status)) return;
    await this.client.updateStatus<StatefulSet>({ ...set, status });
  }
}

/** The registration of the StatefulSet controller: for StatefulSets, owns Pods and PersistentVolumeClaims, adopts orphan Pods. */
export function statefulSetControllerRegistration(): ControllerRegistration {
  return {
    id: "StatefulSetController",
    factory: (client) => new StatefulSetController(client),
    for: "apps/StatefulSet",
    owns: ["core/Pod", "core/PersistentVolumeClaim"],
    watches: [],
    trigger: orphanTrigger("core/Pod", "apps/StatefulSet"),
  };
}
