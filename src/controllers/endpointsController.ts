import { isNotFound } from "../apiserver/apiError.ts";
import type { Client } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { ReconcileContext, Reconciler, Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";
import { isDeleting } from "./controllerRef.ts";
import { getOptional } from "./optionalGet.ts";
import { isPodFinished, isPodReady } from "./podState.ts";
import { mapSelectorMatches } from "./selectorMatch.ts";
import { canonicalJson, sameContent } from "./stableHash.ts";
import type { Pod, Service } from "./workloadObjects.ts";

/** Label the real controller puts on the Endpoints of a headless Service. */
const HEADLESS_LABEL = "service.kubernetes.io/headless";

/** `v1.EndpointAddress`. */
export interface EndpointAddress {
  ip: string;
  hostname?: string;
  nodeName?: string;
  targetRef?: { kind: string; namespace: string; name: string; uid?: string };
}

/** `v1.EndpointPort`. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
  appProtocol?: string;
}

/** `v1.EndpointSubset`. */
export interface EndpointSubset {
  addresses?: EndpointAddress[];
  notReadyAddresses?: EndpointAddress[];
  ports?: EndpointPort[];
}

/** `v1` Endpoints. */
export interface Endpoints extends KubeObject {
  subsets?: EndpointSubset[];
}

type ServicePort = NonNullable<NonNullable<Service["spec"]>["ports"]>[number];

/** `podutil.FindPort`: the container port a service port targets on this pod, or undefined when a named port is missing. */
function findPort(pod: Pod, sp: ServicePort): number | undefined {
  const target = sp.targetPort ?? sp.port;
  if (typeof target === "number") return target;
  if (/^\d+$/.test(target)) return Number(target);
  for (const c of pod.spec?.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (p.name === target && (p.protocol ?? "TCP") === (sp.protocol ?? "TCP")) return p.containerPort;
    }
  }
  return undefined;
}

function compareAddresses(a: EndpointAddress, b: EndpointAddress): number {
  const x = `${a.ip}\u0000${a.targetRef?.name ?? ""}`;
  const y = `${b.ip}\u0000${b.targetRef?.name ?? ""}`;
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Whether a pod belongs in a Service's Endpoints at all (`endpointsliceutil.ShouldPodBeInEndpoints`). */
function podInEndpoints(pod: Pod, includeTerminating: boolean): boolean {
  if (!pod.status?.podIP) return false;
  if (isPodFinished(pod)) return false;
  if (!includeTerminating && isDeleting(pod)) return false;
  return true;
}

/**
 * The Endpoints a Service should have given the pods it selects: one subset per distinct set of
 * resolved ports, ready pods under `addresses`, the others under `notReadyAddresses` (all under
 * `addresses` with `publishNotReadyAddresses`), everything sorted so the result depends only on
 * the pods, never on list order.
 */
export function desiredSubsets(service: Service, pods: readonly Pod[]): EndpointSubset[] {
  const spec = service.spec ?? {};
  const headless = spec.clusterIP === "None";
  const publishNotReady = spec.publishNotReadyAddresses === true;
  const groups = new Map<string, { ports: EndpointPort[]; ready: EndpointAddress[]; notReady: EndpointAddress[] }>();
  for (const pod of pods) {
    if (!mapSelectorMatches(spec.selector, pod.metadata?.labels) || !podInEndpoints(pod, publishNotReady)) continue;
    const address: EndpointAddress = {
      ip: pod.status!.podIP!,
      targetRef: { kind: "Pod", namespace: pod.metadata?.namespace ?? "", name: pod.metadata?.name ?? "", uid: pod.metadata?.uid },
    };
    if (pod.spec?.nodeName) address.nodeName = pod.spec.nodeName;
    if (pod.spec?.hostname && pod.spec.subdomain === service.metadata?.name) address.hostname = pod.spec.hostname;
    const ports: EndpointPort[] = [];
    for (const sp of spec.ports ?? []) {
      const port = findPort(pod, sp);
      if (port === undefined) continue;
      const ep: EndpointPort = { port, protocol: sp.protocol ?? "TCP" };
      if (sp.name !== undefined && sp.name !== "") ep.name = sp.name;
      if (sp.appProtocol !== undefined) ep.appProtocol = sp.appProtocol;
      ports.push(ep);
    }
    // A Service with ports whose targets this pod lacks gets no address for it; a headless
    // Service without ports still lists the pod.
    if (ports.length === 0 && !(headless && (spec.ports ?? []).length === 0)) continue;
    ports.sort((a, b) => ((a.name ?? "") < (b.name ?? "") ? -1 : (a.name ?? "") > (b.name ?? "") ? 1 : a.port - b.port));
    const key = canonicalJson(ports);
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { ports, ready: [], notReady: [] }));
    if (publishNotReady || isPodReady(pod)) group.ready.push(address);
    else group.notReady.push(address);
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, g]) => {
      const subset: EndpointSubset = {};
      if (g.ready.length > 0) subset.addresses = g.ready.sort(compareAddresses);
      if (g.notReady.length > 0) subset.notReadyAddresses = g.notReady.sort(compareAddresses);
      if (g.ports.length > 0) subset.ports = g.ports;
      return subset;
    });
}

function desiredLabels(service: Service): Record<string, string> | undefined {
  const labels: Record<string, string> = { ...(service.metadata?.labels ?? {}) };
  delete labels[HEADLESS_LABEL];
  if (service.spec?.clusterIP === "None") labels[HEADLESS_LABEL] = "";
  return Object.keys(labels).length > 0 ? labels : undefined;
}

/**
 * The Endpoints controller (`k8s.io/kubernetes/pkg/controller/endpoint`): keeps an Endpoints
 * object named after each Service with a selector, listing the selected pods that have an IP
 * (ready ones as addresses, the others as notReadyAddresses), and deletes the Endpoints of a
 * Service that is gone. Services without a selector are left to whoever manages their Endpoints.
 *
 * @example
 * ```ts
 * eb.withControllers(builtinControllers({ only: ["PodLifecycle", "EndpointsController"] }));
 * ```
 */
export class EndpointsController implements Reconciler {
  constructor(private readonly client: Client) {}

  /** Syncs the Endpoints of one Service. */
  async reconcile(req: Request, _ctx: ReconcileContext): Promise<void> {
    const ref = { apiVersion: "v1", kind: "Endpoints", namespace: req.namespace, name: req.name };
    const service = await getOptional<Service>(this.client, { apiVersion: "v1", kind: "Service", namespace: req.namespace, name: req.name });
    const existing = await getOptional<Endpoints>(this.client, ref);
    if (!service) {
      if (!existing) return;
      try {
        await this.client.delete(existing);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
      return;
    }
    if (!service.spec?.selector || Object.keys(service.spec.selector).length === 0) return;
    const pods = await this.client.list<Pod>("v1", "Pod", { namespace: req.namespace });
    const subsets = desiredSubsets(service, pods);
    const labels = desiredLabels(service);
    if (existing) {
      if (sameContent(existing.subsets ?? [], subsets) && sameContent(existing.metadata?.labels ?? {}, labels ?? {})) return;
      const metadata = { ...existing.metadata, labels };
      if (!labels) delete metadata.labels;
      const updated: Endpoints = { ...existing, metadata, subsets };
      if (subsets.length === 0) delete updated.subsets;
      await this.client.update(updated);
      return;
    }
    const created: Endpoints = { apiVersion: "v1", kind: "Endpoints", metadata: { name: req.name, namespace: req.namespace } };
    if (labels) created.metadata!.labels = labels;
    if (subsets.length > 0) created.subsets = subsets;
    await this.client.create(created);
  }
}

/**
 * What a pod contributes to Endpoints (the real controller's `podChanged` test, sharpened): a
 * pod without an IP, or finished, contributes nothing whatever its labels; otherwise its labels,
 * IP, readiness, deletion, node, hostname and ports. A change that leaves this the same cannot
 * change any Endpoints, so it triggers nothing.
 */
function endpointsContribution(pod: Pod | undefined): string {
  if (!pod || !pod.status?.podIP || isPodFinished(pod)) return "";
  return canonicalJson({
    labels: pod.metadata?.labels ?? {},
    deleting: isDeleting(pod),
    ip: pod.status.podIP,
    ready: isPodReady(pod),
    nodeName: pod.spec?.nodeName ?? "",
    hostname: pod.spec?.hostname ?? "",
    subdomain: pod.spec?.subdomain ?? "",
    ports: (pod.spec?.containers ?? []).map((c) => c.ports ?? []),
  });
}

/**
 * Pods enqueue the Services whose selector matches them before or after the change, when the
 * change can affect Endpoints (not, for instance, the creation of a pod that has no IP yet); the removal of an Endpoints object enqueues its Service.
 */
function endpointsTrigger(effect: Effect, world: WorldReader): Request[] {
  if (effect.kind === "core/Endpoints") {
    if (effect.op !== "REMOVE" || !world.get("core/Service", effect.namespace, effect.name)) return [];
    return [{ namespace: effect.namespace, name: effect.name }];
  }
  if (effect.kind !== "core/Pod") return [];
  const before = effect.before as Pod | undefined;
  const after = effect.after as Pod | undefined;
  if (endpointsContribution(before) === endpointsContribution(after)) return [];
  const out: Request[] = [];
  for (const svc of world.list("core/Service") as Service[]) {
    if (svc.metadata?.namespace !== effect.namespace) continue;
    if ([before, after].some((p) => p !== undefined && mapSelectorMatches(svc.spec?.selector, p.metadata?.labels))) {
      out.push({ namespace: effect.namespace, name: svc.metadata?.name ?? "" });
    }
  }
  return out;
}

/** The registration of the Endpoints controller: for Services; Pods and Endpoints removals map to Services. */
export function endpointsControllerRegistration(): ControllerRegistration {
  return {
    id: "EndpointsController",
    factory: (client) => new EndpointsController(client),
    for: "core/Service",
    owns: [],
    watches: [],
    trigger: endpointsTrigger,
  };
}
