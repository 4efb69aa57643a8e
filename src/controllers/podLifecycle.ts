import type { Client } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import { getCondition, isConditionTrue, rfc3339, setCondition, type Condition } from "./conditions.ts";
import { isDeleting } from "./controllerRef.ts";
import { getOptional } from "./optionalGet.ts";
import { isPodFinished } from "./podState.ts";
import { fnv32a, sameContent } from "./stableHash.ts";
import type { Node, Pod } from "./workloadObjects.ts";

/**
 * Annotation on a pod (or a workload's pod template) that keeps its containers from ever
 * becoming ready: `"false"` → the pod runs but its Ready condition stays False. `"true"` (or no
 * annotation) → ready as soon as it runs.
 */
export const READY_ANNOTATION = "kamera.dev/ready";

/**
 * Annotation with the exit code of a pod that runs to completion (restartPolicy `Never` or
 * `OnFailure`, as Job pods have): `"0"` (the default) → phase Succeeded, anything else → Failed.
 * A comma-separated list (`"0,1"`) lets the exploration try each exit code (`ctx.choose`).
 */
export const EXIT_CODE_ANNOTATION = "kamera.dev/exit-code";

/** Options of the pod lifecycle model. */
export interface PodLifecycleOptions {
  /** The node pods are bound to when the world has no Node objects (default `"node-1"`). */
  defaultNodeName?: string;
}

const DEFAULT_NODE = "node-1";
const DEFAULT_HOST_IP = "10.0.0.1";

function describe(pod: Pod): string {
  return `Pod ${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`;
}

/** A pod's IP: a pure function of its namespace and name in 10.244.0.0/16, so equal worlds get equal IPs on every path. */
export function podIpOf(namespace: string, name: string): string {
  const h = fnv32a(`${namespace}/${name}`);
  return `10.244.${(h >>> 8) & 255}.${(h % 254) + 1}`;
}

function nodeIsSchedulable(node: Node): boolean {
  if (node.spec?.unschedulable) return false;
  const ready = getCondition(node.status?.conditions, "Ready");
  // Nodes written into a scenario often carry no status at all: treat those as ready.
  return ready === undefined || ready.status === "True";
}

function internalIp(node: Node | undefined): string {
  return node?.status?.addresses?.find((a) => a.type === "InternalIP")?.address ?? DEFAULT_HOST_IP;
}

function readinessWanted(pod: Pod): boolean {
  const v = pod.metadata?.annotations?.[READY_ANNOTATION];
  if (v === undefined || v === "true") return true;
  if (v === "false") return false;
  throw new Error(`${describe(pod)} has annotation ${READY_ANNOTATION}: ${JSON.stringify(v)}; expected "true" or "false"`);
}

function exitCodes(pod: Pod): number[] {
  const v = pod.metadata?.annotations?.[EXIT_CODE_ANNOTATION];
  if (v === undefined) return [0];
  const codes = v.split(",").map((s) => s.trim());
  if (codes.length === 0 || codes.some((c) => !/^\d+$/.test(c))) {
    throw new Error(`${describe(pod)} has annotation ${EXIT_CODE_ANNOTATION}: ${JSON.stringify(v)}; expected an exit code such as "0" or a list such as "0,1"`);
  }
  return codes.map(Number);
}

function runsToCompletion(pod: Pod): boolean {
  const policy = pod.spec?.restartPolicy ?? "Always";
  return policy === "Never" || policy === "OnFailure";
}

/**
 * The node lifecycle of pods, in place of the scheduler and the kubelet: binds an unscheduled
 * pod to a node, starts it (phase Running, Initialized/ContainersReady/Ready/PodScheduled
 * conditions, pod IP, container statuses), keeps its readiness in line with the
 * `kamera.dev/ready` annotation, and finishes pods that run to completion (restartPolicy `Never`
 * or `OnFailure`) on a later reconcile with the exit code of `kamera.dev/exit-code`.
 * Pods being deleted and finished pods are left alone. See docs/controllers.md for what is
 * simplified.
 *
 * @example
 * ```ts
 * eb.withReconciler("PodLifecycle", (client) => new PodLifecycle(client)).for("core/Pod");
 * ```
 */
export class PodLifecycle implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly opts: PodLifecycleOptions = {},
  ) {}

  /** Moves one pod one stage further in its life, or does nothing when it is where it should be. */
  async reconcile(req: Request, ctx: ReconcileContext): Promise<void> {
    let pod = await getOptional<Pod>(this.client, { apiVersion: "v1", kind: "Pod", namespace: req.namespace, name: req.name });
    if (!pod || isDeleting(pod) || isPodFinished(pod)) return;
    const now = rfc3339(ctx.now());
    let node: Node | undefined;
    if (!pod.spec?.nodeName) {
      const placement = await this.schedule(pod);
      if (placement.unschedulable !== undefined) {
        const conditions = setCondition(pod.status?.conditions, {
          type: "PodScheduled",
          status: "False",
          reason: "Unschedulable",
          message: placement.unschedulable,
          lastProbeTime: null,
          lastTransitionTime: now,
        });
        if (!sameContent(conditions, pod.status?.conditions ?? [])) {
          await this.client.updateStatus<Pod>({ ...pod, status: { phase: "Pending", ...pod.status, conditions } });
        }
        return;
      }
      node = placement.node;
      // The binding subresource sets spec.nodeName; an update is what the simulated server offers for it.
      pod = await this.client.update<Pod>({ ...pod, spec: { ...pod.spec, nodeName: placement.nodeName } });
    } else if (pod.status?.phase !== "Running") {
      node = await getOptional<Node>(this.client, { apiVersion: "v1", kind: "Node", name: pod.spec.nodeName });
    }
    if (pod.status?.phase !== "Running") {
      await this.client.updateStatus<Pod>({ ...pod, status: this.runningStatus(pod, node, now) });
      return;
    }
    if (runsToCompletion(pod)) {
      const code = ctx.choose(`exit code of ${describe(pod)}`, exitCodes(pod));
      await this.client.updateStatus<Pod>({ ...pod, status: this.finishedStatus(pod, code, now) });
      return;
    }
    const status = { ...pod.status, conditions: this.readinessConditions(pod, now), containerStatuses: this.containerStatuses(pod, now, readinessWanted(pod)) };
    if (!sameContent(status, pod.status)) await this.client.updateStatus<Pod>({ ...pod, status });
  }

  /**
   * Picks a node: with no Node objects, the default node; otherwise one of the schedulable
   * nodes whose labels match the pod's nodeSelector, chosen by a hash of the pod's name (the
   * real scheduler scores nodes; any deterministic spread will do for controllers, which cannot
   * depend on placement).
   */
  private async schedule(pod: Pod): Promise<{ nodeName: string; node?: Node; unschedulable?: undefined } | { unschedulable: string }> {
    const nodes = await this.client.list<Node>("v1", "Node");
    if (nodes.length === 0) return { nodeName: this.opts.defaultNodeName ?? DEFAULT_NODE };
    const selector = pod.spec?.nodeSelector ?? {};
    const feasible = nodes.filter((n) => nodeIsSchedulable(n) && Object.entries(selector).every(([k, v]) => n.metadata?.labels?.[k] === v));
    if (feasible.length === 0) {
      return { unschedulable: `0/${nodes.length} nodes are available: no schedulable node matches the pod's node selector.` };
    }
    const node = feasible[fnv32a(`${pod.metadata?.namespace ?? ""}/${pod.metadata?.name ?? ""}`) % feasible.length]!;
    return { nodeName: node.metadata!.name!, node };
  }

  private readinessConditions(pod: Pod, now: string): Condition[] {
    const containersReady = readinessWanted(pod);
    const names = (pod.spec?.containers ?? []).map((c) => c.name);
    const gates = ((pod.spec?.readinessGates as { conditionType: string }[] | undefined) ?? []).map((g) => g.conditionType);
    const gatesOk = gates.every((g) => isConditionTrue(pod.status?.conditions, g));
    const ready = containersReady && gatesOk;
    const notReady = `containers with unready status: [${names.join(" ")}]`;
    let conds = pod.status?.conditions ?? [];
    conds = setCondition(conds, { type: "Initialized", status: "True", lastProbeTime: null, lastTransitionTime: now });
    conds = setCondition(
      conds,
      ready
        ? { type: "Ready", status: "True", lastProbeTime: null, lastTransitionTime: now }
        : containersReady
          ? { type: "Ready", status: "False", reason: "ReadinessGatesNotReady", message: `corresponding condition of pod readiness gate "${gates.find((g) => !isConditionTrue(pod.status?.conditions, g))}" does not exist.`, lastProbeTime: null, lastTransitionTime: now }
          : { type: "Ready", status: "False", reason: "ContainersNotReady", message: notReady, lastProbeTime: null, lastTransitionTime: now },
    );
    conds = setCondition(
      conds,
      containersReady
        ? { type: "ContainersReady", status: "True", lastProbeTime: null, lastTransitionTime: now }
        : { type: "ContainersReady", status: "False", reason: "ContainersNotReady", message: notReady, lastProbeTime: null, lastTransitionTime: now },
    );
    conds = setCondition(conds, { type: "PodScheduled", status: "True", lastProbeTime: null, lastTransitionTime: now });
    return conds;
  }

  /** Running container statuses; a container already running keeps its start time. */
  private containerStatuses(pod: Pod, now: string, ready: boolean): Record<string, unknown>[] {
    return (pod.spec?.containers ?? []).map((c) => {
      const before = pod.status?.containerStatuses?.find((s) => s.name === c.name) as { state?: { running?: { startedAt?: string } } } | undefined;
      const startedAt = before?.state?.running?.startedAt ?? now;
      return { name: c.name, image: c.image ?? "", ready, started: true, restartCount: 0, state: { running: { startedAt } } };
    });
  }

  private runningStatus(pod: Pod, node: Node | undefined, now: string): NonNullable<Pod["status"]> {
    const hostIP = internalIp(node);
    const podIP = pod.spec?.hostNetwork === true ? hostIP : podIpOf(pod.metadata?.namespace ?? "", pod.metadata?.name ?? "");
    return {
      ...pod.status,
      phase: "Running",
      conditions: this.readinessConditions(pod, now),
      hostIP,
      hostIPs: [{ ip: hostIP }],
      podIP,
      podIPs: [{ ip: podIP }],
      startTime: now,
      containerStatuses: this.containerStatuses(pod, now, readinessWanted(pod)),
    };
  }

  private finishedStatus(pod: Pod, exitCode: number, now: string): NonNullable<Pod["status"]> {
    const done = (type: string): Condition => ({ type, status: "False", reason: "PodCompleted", lastProbeTime: null, lastTransitionTime: now });
    let conds = setCondition(pod.status?.conditions, done("Ready"));
    conds = setCondition(conds, done("ContainersReady"));
    return {
      ...pod.status,
      phase: exitCode === 0 ? "Succeeded" : "Failed",
      conditions: conds,
      containerStatuses: (pod.spec?.containers ?? []).map((c) => {
        const before = pod.status?.containerStatuses?.find((s) => s.name === c.name) as { state?: { running?: { startedAt?: string } } } | undefined;
        return {
          name: c.name,
          image: c.image ?? "",
          ready: false,
          started: false,
          restartCount: 0,
          state: { terminated: { exitCode, reason: exitCode === 0 ? "Completed" : "Error", startedAt: before?.state?.running?.startedAt ?? now, finishedAt: now } },
        };
      }),
    };
  }
}

/**
 * The registration of the pod lifecycle model: for Pods; a change to a Node retries the pods
 * still waiting for one (the scheduler's node event handlers).
 */
export function podLifecycleRegistration(opts: PodLifecycleOptions = {}): ControllerRegistration {
  return {
    id: "PodLifecycle",
    factory: (client) => new PodLifecycle(client, opts),
    for: "core/Pod",
    owns: [],
    watches: [],
    trigger: (effect, world) => {
      if (effect.kind !== "core/Node") return [];
      return world
        .list("core/Pod")
        .filter((p) => !(p as Pod).spec?.nodeName && !isDeleting(p))
        .map((p) => ({ namespace: p.metadata?.namespace ?? "", name: p.metadata?.name ?? "" }));
    },
  };
}
