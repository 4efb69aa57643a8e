import { isNotFound } from "../apiserver/apiError.ts";
import type { Client, LabelSelector } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { childNames } from "./childNames.ts";
import { isConditionTrue, rfc3339, setCondition, type Condition } from "./conditions.ts";
import { claimObjects, isDeleting } from "./controllerRef.ts";
import { getOptional } from "./optionalGet.ts";
import { orphanTrigger } from "./orphanTrigger.ts";
import { podFromTemplate } from "./podFromTemplate.ts";
import { deletionOrder } from "./podDeletionOrder.ts";
import { isPodActive, isPodReady } from "./podState.ts";
import { selectorMatches } from "./selectorMatch.ts";
import { sameContent } from "./stableHash.ts";
import type { Job, Pod } from "./workloadObjects.ts";

/** Label the API server adds to a Job's pod template (and its generated selector): the Job's uid. */
export const CONTROLLER_UID_LABEL = "batch.kubernetes.io/controller-uid";
/** Label the API server adds to a Job's pod template: the Job's name. */
export const JOB_NAME_LABEL = "batch.kubernetes.io/job-name";
/** Annotation and label with an Indexed Job pod's completion index. */
export const COMPLETION_INDEX = "batch.kubernetes.io/job-completion-index";

function describe(job: Job): string {
  return `Job ${job.metadata?.namespace ?? ""}/${job.metadata?.name ?? ""}`;
}

function nonNegativeInt(job: Job, field: string, value: unknown, fallback: number | undefined): number | undefined {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    throw new Error(`${describe(job)} has ${field} ${JSON.stringify(value)}: expected a non-negative integer`);
  }
  return value;
}

/** Whether the Job has finished: a Complete or Failed condition that is True. */
export function isJobFinished(job: Job): boolean {
  return isConditionTrue(job.status?.conditions, "Complete") || isConditionTrue(job.status?.conditions, "Failed");
}

/** `"0-2,5"`: the real `completedIndexes` format for a set of indexes. */
export function formatIndexes(indexes: readonly number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

function completionIndex(pod: Pod): number | undefined {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  return v !== undefined && /^(0|[1-9]\d*)$/.test(v) ? Number(v) : undefined;
}

/**
 * The Job controller (`k8s.io/kubernetes/pkg/controller/job`): runs pods until `completions`
 * have succeeded (or, without `completions`, until one has succeeded and none is left running),
 * at most `parallelism` at a time; `Indexed` completion mode with one pod per index; fails the
 * Job once more than `backoffLimit` pods have failed; `suspend` deletes the running pods; status
 * with active/ready/succeeded/failed counts, start and completion times, and the Complete,
 * Failed and Suspended conditions. Pods finish through the pod lifecycle model (see
 * `EXIT_CODE_ANNOTATION` in podLifecycle.ts).
 *
 * @example
 * ```ts
 * eb.withControllers(builtinControllers({ only: ["JobController", "PodLifecycle"] }));
 * ```
 */
export class JobController implements Reconciler {
  constructor(private readonly client: Client) {}

  /** Syncs one Job with its pods. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    const job = await getOptional<Job>(this.client, { apiVersion: "batch/v1", kind: "Job", namespace: req.namespace, name: req.name });
    if (!job || isDeleting(job) || isJobFinished(job)) return;
    await new JobSync(this.client, job, rfc3339(ctx.now())).run();
  }
}

/** One sync of one Job. */
class JobSync {
  private readonly name: string;
  private readonly namespace: string;

  constructor(
    private readonly client: Client,
    private readonly job: Job,
    private readonly now: string,
  ) {
    this.name = job.metadata?.name ?? "";
    this.namespace = job.metadata?.namespace ?? "";
  }

  /** The selector: the user's (manualSelector) or the one the real API server generates from the Job's uid. */
  private selector(): { selector: LabelSelector; extraLabels: Record<string, string> } {
    const spec = this.job.spec ?? {};
    if (spec.selector) {
      if (!selectorMatches(spec.selector, spec.template?.metadata?.labels)) {
        throw new Error(`${describe(this.job)}: spec.selector does not match spec.template.metadata.labels (the real API server rejects this Job)`);
      }
      return { selector: spec.selector, extraLabels: {} };
    }
    const uid = this.job.metadata?.uid;
    if (!uid) throw new Error(`${describe(this.job)} has no metadata.uid; read it from the API server before reconciling`);
    return {
      selector: { matchLabels: { [CONTROLLER_UID_LABEL]: uid } },
      extraLabels: { [CONTROLLER_UID_LABEL]: uid, [JOB_NAME_LABEL]: this.name, "controller-uid": uid, "job-name": this.name },
    };
  }

  async run(): Promise<void> {
    const job = this.job;
    const spec = job.spec ?? {};
    const policy = spec.template?.spec?.restartPolicy;
    if (policy !== "Never" && policy !== "OnFailure") {
      throw new Error(`${describe(job)} has spec.template.spec.restartPolicy ${JSON.stringify(policy)}: a Job's pods need "Never" or "OnFailure"`);
    }
    const parallelism = nonNegativeInt(job, "spec.parallelism", spec.parallelism, 1)!;
    const completions = nonNegativeInt(job, "spec.completions", spec.completions, undefined);
    const backoffLimit = nonNegativeInt(job, "spec.backoffLimit", spec.backoffLimit, 6)!;
    const indexed = (spec.completionMode ?? "NonIndexed") === "Indexed";
    if (indexed && completions === undefined) throw new Error(`${describe(job)} is Indexed but has no spec.completions`);
    const { selector, extraLabels } = this.selector();

    const allPods = await this.client.list<Pod>("v1", "Pod", { namespace: this.namespace });
    const pods = await claimObjects(this.client, job, selector, allPods);
    let active = pods.filter(isPodActive);
    const succeededPods = pods.filter((p) => p.status?.phase === "Succeeded");
    const failed = pods.filter((p) => p.status?.phase === "Failed").length;
    const succeededIndexes = indexed
      ? [...new Set(succeededPods.map(completionIndex).filter((i): i is number => i !== undefined && i < completions!))]
      : [];
    const succeeded = indexed ? succeededIndexes.length : succeededPods.length;

    let conditions = job.status?.conditions ?? [];
    let completionTime = job.status?.completionTime;
    const cond = (type: string, status: Condition["status"], reason: string, message: string): Condition => ({
      type,
      status,
      reason,
      message,
      lastProbeTime: this.now,
      lastTransitionTime: this.now,
    });

    let finished: Condition | undefined;
    if (failed > backoffLimit) finished = cond("Failed", "True", "BackoffLimitExceeded", "Job has reached the specified backoff limit");
    else if (completions !== undefined ? succeeded >= completions : succeeded > 0 && active.length === 0) {
      finished = cond("Complete", "True", "CompletionsReached", "Reached expected number of succeeded pods");
    }

    if (finished) {
      await this.deletePods(active);
      active = [];
      conditions = setCondition(conditions, finished);
      if (finished.type === "Complete") completionTime = this.now;
    } else if (spec.suspend) {
      await this.deletePods(active);
      active = [];
      conditions = setCondition(conditions, cond("Suspended", "True", "JobSuspended", "Job suspended"));
    } else {
      if (isConditionTrue(conditions, "Suspended")) conditions = setCondition(conditions, cond("Suspended", "False", "JobResumed", "Job resumed"));
      const taken = new Set(allPods.map((p) => p.metadata?.name ?? ""));
      active = indexed
        ? await this.manageIndexed(active, new Set(succeededIndexes), completions!, parallelism, taken, extraLabels)
        : await this.manageNonIndexed(active, succeeded, completions, parallelism, taken, extraLabels);
    }

    const status: NonNullable<Job["status"]> = {};
    const startTime = job.status?.startTime ?? (spec.suspend ? undefined : this.now);
    if (startTime !== undefined) status.startTime = startTime;
    if (completionTime !== undefined) status.completionTime = completionTime;
    if (active.length > 0) status.active = active.length;
    status.ready = active.filter(isPodReady).length;
    if (succeeded > 0) status.succeeded = succeeded;
    if (failed > 0) status.failed = failed;
    if (indexed && succeededIndexes.length > 0) status.completedIndexes = formatIndexes(succeededIndexes);
    if (conditions.length > 0) status.conditions = conditions;
    if (sameContent(job.status ?? {}, status)) return;
    await this.client.updateStatus<Job>({ ...job, status });
  }

  private async manageNonIndexed(
    active: Pod[],
    succeeded: number,
    completions: number | undefined,
    parallelism: number,
    taken: Set<string>,
    extraLabels: Record<string, string>,
  ): Promise<Pod[]> {
    // Without completions, the first success means "the work is done": start nothing new.
    const want = completions === undefined ? (succeeded > 0 ? active.length : parallelism) : Math.max(0, Math.min(parallelism, completions - succeeded));
    if (active.length > want) {
      const victims = [...active].sort(deletionOrder).slice(0, active.length - want);
      await this.deletePods(victims);
      return active.filter((p) => !victims.includes(p));
    }
    const created: Pod[] = [];
    for (const podName of childNames(this.name, taken, want - active.length)) {
      created.push(await this.client.create(this.newPod(podName, extraLabels, undefined)));
    }
    return [...active, ...created];
  }

  private async manageIndexed(
    active: Pod[],
    succeeded: ReadonlySet<number>,
    completions: number,
    parallelism: number,
    taken: Set<string>,
    extraLabels: Record<string, string>,
  ): Promise<Pod[]> {
    // Pods with no valid index, a succeeded index, or a duplicate of another active pod's index go.
    const byIndex = new Map<number, Pod>();
    const surplus: Pod[] = [];
    for (const pod of [...active].sort((a, b) => ((a.metadata?.name ?? "") < (b.metadata?.name ?? "") ? -1 : 1))) {
      const i = completionIndex(pod);
      if (i === undefined || i >= completions || succeeded.has(i) || byIndex.has(i)) surplus.push(pod);
      else byIndex.set(i, pod);
    }
    const kept = [...byIndex.entries()].sort(([a], [b]) => a - b);
    while (kept.length > parallelism) surplus.push(kept.pop()![1]);
    await this.deletePods(surplus);
    const running = kept.map(([, p]) => p);
    const created: Pod[] = [];
    for (let i = 0; i < completions && running.length + created.length < parallelism; i++) {
      if (succeeded.has(i) || byIndex.has(i)) continue;
      const [podName] = childNames(`${this.name}-${i}`, taken, 1);
      taken.add(podName!);
      created.push(await this.client.create(this.newPod(podName!, extraLabels, i)));
    }
    return [...running, ...created];
  }

  private newPod(name: string, extraLabels: Record<string, string>, index: number | undefined): Pod {
    const pod = podFromTemplate(this.job.spec?.template, this.job, name, `${this.name}-`);
    const labels = { ...(pod.metadata!.labels ?? {}), ...extraLabels };
    if (index !== undefined) {
      labels[COMPLETION_INDEX] = String(index);
      pod.metadata!.annotations = { ...(pod.metadata!.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
      pod.metadata!.generateName = `${this.name}-${index}-`;
      const env = { name: "JOB_COMPLETION_INDEX", valueFrom: { fieldRef: { fieldPath: `metadata.labels['${COMPLETION_INDEX}']` } } };
      pod.spec = {
        ...pod.spec,
        hostname: `${this.name}-${index}`,
        containers: (pod.spec?.containers ?? []).map((c) => ({ ...c, env: [...((c.env as unknown[] | undefined) ?? []), env] })),
      };
    }
    if (Object.keys(labels).length > 0) pod.metadata!.labels = labels;
    return pod;
  }

  private async deletePods(pods: readonly Pod[]): Promise<void> {
    for (const pod of pods) {
      try {
        await this.client.delete(pod);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
  }
}

/** The registration of the Job controller: for Jobs, owns Pods. */
export function jobControllerRegistration(): ControllerRegistration {
  return {
    id: "JobController",
    factory: (client) => new JobController(client),
    for: "batch/Job",
    owns: ["core/Pod"],
    watches: [],
    trigger: orphanTrigger("core/Pod", "batch/Job"),
  };
}
