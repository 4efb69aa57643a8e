import type { KindOptions, Scope } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/** One REST resource the HTTP server serves: what discovery lists and what a URL path names. */
export interface ServedResource {
  /** API group; "" for the core group. */
  group: string;
  /** Versions served, preferred first. Every version reaches the same objects (no conversion). */
  versions: readonly string[];
  /** Lowercase plural, the URL segment (`deployments`). */
  plural: string;
  singular: string;
  /** The `Kind` (`Deployment`). */
  kind: string;
  shortNames: readonly string[];
  scope: Scope;
  /** Whether the `status` subresource exists. */
  status: boolean;
  /** For a `scale` subresource: where the desired and observed replicas live, and the status field with the selector. */
  scale?: { specReplicasPath: string; statusReplicasPath: string; labelSelectorPath?: string };
  categories: readonly string[];
  /** Set for resources defined by a CustomResourceDefinition. */
  fromCrd?: string;
  /** A review (SelfSubjectAccessReview): create only, answered and never stored. */
  review?: boolean;
  /** A CRD's `additionalPrinterColumns` (for `kubectl get` tables). */
  printerColumns?: readonly { name: string; type: string; jsonPath: string }[];
}

const VERBS = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"] as const;

/** The verbs a served resource supports (discovery's `verbs`): all of them, or `create` for a review. */
export function resourceVerbs(res: ServedResource): string[] {
  return res.review ? ["create"] : [...VERBS];
}

const WORKLOAD_SCALE = { specReplicasPath: ".spec.replicas", statusReplicasPath: ".status.replicas", labelSelectorPath: ".spec.selector" };

function r(
  group: string,
  versions: readonly string[],
  kind: string,
  plural: string,
  shortNames: readonly string[],
  opts: { cluster?: boolean; status?: boolean; scale?: boolean; all?: boolean } = {},
): ServedResource {
  return {
    group,
    versions,
    plural,
    singular: kind.toLowerCase(),
    kind,
    shortNames,
    scope: opts.cluster ? "Cluster" : "Namespaced",
    status: opts.status ?? true,
    ...(opts.scale ? { scale: WORKLOAD_SCALE } : {}),
    categories: opts.all ? ["all"] : [],
  };
}

/**
 * The built-in resources: the kinds of core, apps, batch and the other groups a controller
 * author meets. Scope and the status subresource agree with `KindRegistry`'s built-in facts.
 */
export const BUILTIN_RESOURCES: readonly ServedResource[] = [
  r("", ["v1"], "Pod", "pods", ["po"], { all: true }),
  r("", ["v1"], "Service", "services", ["svc"], { all: true }),
  r("", ["v1"], "ConfigMap", "configmaps", ["cm"], { status: false }),
  r("", ["v1"], "Secret", "secrets", [], { status: false }),
  r("", ["v1"], "Namespace", "namespaces", ["ns"], { cluster: true }),
  r("", ["v1"], "Node", "nodes", ["no"], { cluster: true }),
  r("", ["v1"], "Endpoints", "endpoints", ["ep"], { status: false }),
  r("", ["v1"], "ServiceAccount", "serviceaccounts", ["sa"], { status: false }),
  r("", ["v1"], "PersistentVolumeClaim", "persistentvolumeclaims", ["pvc"]),
  r("", ["v1"], "PersistentVolume", "persistentvolumes", ["pv"], { cluster: true }),
  r("", ["v1"], "Event", "events", ["ev"], { status: false }),
  r("", ["v1"], "ReplicationController", "replicationcontrollers", ["rc"], { scale: true, all: true }),
  r("apps", ["v1"], "Deployment", "deployments", ["deploy"], { scale: true, all: true }),
  r("apps", ["v1"], "ReplicaSet", "replicasets", ["rs"], { scale: true, all: true }),
  r("apps", ["v1"], "StatefulSet", "statefulsets", ["sts"], { scale: true, all: true }),
  r("apps", ["v1"], "DaemonSet", "daemonsets", ["ds"], { all: true }),
  r("apps", ["v1"], "ControllerRevision", "controllerrevisions", [], { status: false }),
  r("batch", ["v1"], "Job", "jobs", [], { all: true }),
  r("batch", ["v1"], "CronJob", "cronjobs", ["cj"], { all: true }),
  r("policy", ["v1"], "PodDisruptionBudget", "poddisruptionbudgets", ["pdb"]),
  r("networking.k8s.io", ["v1"], "Ingress", "ingresses", ["ing"]),
  r("networking.k8s.io", ["v1"], "NetworkPolicy", "networkpolicies", ["netpol"]),
  r("autoscaling", ["v2", "v1"], "HorizontalPodAutoscaler", "horizontalpodautoscalers", ["hpa"], { all: true }),
  r("rbac.authorization.k8s.io", ["v1"], "Role", "roles", [], { status: false }),
  r("rbac.authorization.k8s.io", ["v1"], "RoleBinding", "rolebindings", [], { status: false }),
  r("rbac.authorization.k8s.io", ["v1"], "ClusterRole", "clusterroles", [], { cluster: true, status: false }),
  r("rbac.authorization.k8s.io", ["v1"], "ClusterRoleBinding", "clusterrolebindings", [], { cluster: true, status: false }),
  r("storage.k8s.io", ["v1"], "StorageClass", "storageclasses", ["sc"], { cluster: true, status: false }),
  r("scheduling.k8s.io", ["v1"], "PriorityClass", "priorityclasses", ["pc"], { cluster: true, status: false }),
  r("coordination.k8s.io", ["v1"], "Lease", "leases", [], { status: false }),
  r("discovery.k8s.io", ["v1"], "EndpointSlice", "endpointslices", [], { status: false }),
  r("apiextensions.k8s.io", ["v1"], "CustomResourceDefinition", "customresourcedefinitions", ["crd", "crds"], { cluster: true }),
  { ...r("authorization.k8s.io", ["v1"], "SelfSubjectAccessReview", "selfsubjectaccessreviews", [], { cluster: true, status: false }), review: true },
];

function str(v: unknown): string | undefined {
  return typeof v === "string" && v !== "" ? v : undefined;
}

/** The canonical kind of CustomResourceDefinitions, whose writes change what the server serves. */
export const CRD_KIND = "apiextensions.k8s.io/CustomResourceDefinition";

/** Why a CustomResourceDefinition cannot be served; the message names the field. */
export class CrdShapeError extends Error {}

/**
 * The resource a CustomResourceDefinition (apiextensions.k8s.io/v1) defines, read from
 * `spec.group`, `spec.names`, `spec.scope` and `spec.versions[]` (served ones, the storage
 * version first; the status and scale subresources of the first version that declares them).
 * A definition without the required fields is a `CrdShapeError` naming the missing field.
 */
export function resourceOfCrd(crd: KubeObject): ServedResource {
  const spec = (crd as { spec?: Record<string, unknown> }).spec ?? {};
  const names = (spec.names ?? {}) as Record<string, unknown>;
  const group = str(spec.group);
  const plural = str(names.plural);
  const kind = str(names.kind);
  if (!group) throw new CrdShapeError("spec.group: Required value");
  if (!plural) throw new CrdShapeError("spec.names.plural: Required value");
  if (!kind) throw new CrdShapeError("spec.names.kind: Required value");
  const scope = spec.scope === "Cluster" ? "Cluster" : spec.scope === "Namespaced" ? "Namespaced" : undefined;
  if (!scope) throw new CrdShapeError(`spec.scope: Unsupported value: ${JSON.stringify(spec.scope ?? "")}: supported values: "Cluster", "Namespaced"`);
  const versions = Array.isArray(spec.versions) ? (spec.versions as Record<string, unknown>[]) : [];
  const served = versions.filter((v) => v && v.served !== false && str(v.name));
  if (served.length === 0) throw new CrdShapeError("spec.versions: Required value: must have exactly one version marked as storage version");
  // The storage version is preferred, as the real server's discovery lists it first.
  served.sort((a, b) => Number(b.storage === true) - Number(a.storage === true));
  const withSub = served.find((v) => v.subresources && typeof v.subresources === "object");
  const sub = (withSub?.subresources ?? {}) as Record<string, unknown>;
  const scale = sub.scale as Record<string, unknown> | undefined;
  const shortNames = Array.isArray(names.shortNames) ? names.shortNames.filter((s): s is string => typeof s === "string") : [];
  const categories = Array.isArray(names.categories) ? names.categories.filter((s): s is string => typeof s === "string") : [];
  return {
    group,
    versions: served.map((v) => v.name as string),
    plural,
    singular: str(names.singular) ?? kind.toLowerCase(),
    kind,
    shortNames,
    scope,
    status: sub.status !== undefined,
    ...(scale && str(scale.specReplicasPath) && str(scale.statusReplicasPath)
      ? {
          scale: {
            specReplicasPath: scale.specReplicasPath as string,
            statusReplicasPath: scale.statusReplicasPath as string,
            ...(str(scale.labelSelectorPath) ? { labelSelectorPath: scale.labelSelectorPath as string } : {}),
          },
        }
      : {}),
    categories,
    fromCrd: crd.metadata?.name ?? "",
    printerColumns: printerColumnsOf(served[0]!),
  };
}

function printerColumnsOf(version: Record<string, unknown>): { name: string; type: string; jsonPath: string }[] {
  const cols = Array.isArray(version.additionalPrinterColumns) ? (version.additionalPrinterColumns as Record<string, unknown>[]) : [];
  return cols
    .filter((c) => str(c.name) && str(c.jsonPath))
    .map((c) => ({ name: c.name as string, type: str(c.type) ?? "string", jsonPath: c.jsonPath as string }));
}

/** The `KindRegistry` declaration of a CRD-defined resource (scope, status subresource, plural). */
export function kindOptionsOf(res: ServedResource): KindOptions {
  return { scope: res.scope, statusSubresource: res.status, hasGeneration: true, plural: res.plural };
}

/**
 * The resources a server serves: the built-ins plus those of the CustomResourceDefinitions in its
 * world, looked up by URL (`group`, `version`, `plural`) and listed for discovery in a stable order
 * (groups in order of first appearance, built-ins first, CRD groups sorted by name).
 *
 * @example
 * ```ts
 * const catalog = new ResourceCatalog();
 * catalog.lookup("apps", "v1", "deployments")?.kind; // "Deployment"
 * ```
 */
export class ResourceCatalog {
  private custom: ServedResource[] = [];

  /** Replaces the CRD-defined resources (called whenever a CustomResourceDefinition changes). */
  setCustom(resources: readonly ServedResource[]): void {
    this.custom = [...resources].sort((a, b) => (a.group + "/" + a.plural < b.group + "/" + b.plural ? -1 : 1));
  }

  /** Every served resource: built-ins first, then CRD-defined ones. */
  all(): readonly ServedResource[] {
    return [...BUILTIN_RESOURCES, ...this.custom];
  }

  /** The resource at `/apis/<group>/<version>/<plural>` (or `/api/v1/<plural>`), if served. */
  lookup(group: string, version: string, plural: string): ServedResource | undefined {
    return this.all().find((x) => x.group === group && x.plural === plural && x.versions.includes(version));
  }

  /** The resource of a canonical kind (`apps/Deployment`), if served. */
  byKind(kind: string): ServedResource | undefined {
    return this.all().find((x) => `${x.group || "core"}/${x.kind}` === kind);
  }

  /** The groups with their versions (preferred first), in discovery order. */
  groups(): { name: string; versions: string[] }[] {
    const out = new Map<string, string[]>();
    for (const res of this.all()) {
      if (res.group === "") continue;
      const vs = out.get(res.group) ?? [];
      for (const v of res.versions) if (!vs.includes(v)) vs.push(v);
      out.set(res.group, vs);
    }
    return [...out].map(([name, versions]) => ({ name, versions }));
  }

  /** The resources served at `group/version`. */
  inGroupVersion(group: string, version: string): ServedResource[] {
    return this.all().filter((x) => x.group === group && x.versions.includes(version));
  }
}
