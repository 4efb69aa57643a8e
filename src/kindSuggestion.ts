/** The group of well-known built-in kinds, for suggesting the canonical form of a bare kind. */
const BUILTIN_KIND_GROUPS: Record<string, string> = {
  Pod: "core",
  ConfigMap: "core",
  Secret: "core",
  Service: "core",
  ServiceAccount: "core",
  Namespace: "core",
  Node: "core",
  Endpoints: "core",
  Event: "core",
  PersistentVolume: "core",
  PersistentVolumeClaim: "core",
  Deployment: "apps",
  ReplicaSet: "apps",
  StatefulSet: "apps",
  DaemonSet: "apps",
  Job: "batch",
  CronJob: "batch",
  Ingress: "networking.k8s.io",
  NetworkPolicy: "networking.k8s.io",
  Role: "rbac.authorization.k8s.io",
  RoleBinding: "rbac.authorization.k8s.io",
  ClusterRole: "rbac.authorization.k8s.io",
  ClusterRoleBinding: "rbac.authorization.k8s.io",
  PodDisruptionBudget: "policy",
  HorizontalPodAutoscaler: "autoscaling",
  EndpointSlice: "discovery.k8s.io",
  Lease: "coordination.k8s.io",
  StorageClass: "storage.k8s.io",
  CustomResourceDefinition: "apiextensions.k8s.io",
};

const VERSION_RE = /^v\d+((alpha|beta)\d+)?$/;

/**
 * Whether a string is an API version such as `v1`, `v1beta1` or `v2alpha1`. No API group is
 * spelled like one (the core group is `core` in kinds), so a kind whose group looks like this
 * was written with its apiVersion.
 *
 * @example
 * ```ts
 * isApiVersionName("v1beta1"); // true
 * ```
 */
export function isApiVersionName(s: string): boolean {
  return VERSION_RE.test(s);
}

/**
 * Why a kind string mixes up versions and kinds, when it does: `"v1/Pod"` (a version where the
 * group belongs) or `"apps/v1"` (an apiVersion where a kind belongs); otherwise undefined.
 *
 * @example
 * ```ts
 * kindVersionProblem("apps/v1"); // '"apps/v1" is an apiVersion, not a kind: write "apps/<Kind>"'
 * ```
 */
export function kindVersionProblem(kind: string): string | undefined {
  const parts = kind.split("/");
  const last = parts[parts.length - 1]!;
  if (parts.length <= 2 && VERSION_RE.test(last)) {
    const group = parts.length === 2 ? parts[0]! : "core";
    return `${JSON.stringify(kind)} is an apiVersion, not a kind: write "${group}/<Kind>"`;
  }
  if (parts.length === 2 && VERSION_RE.test(parts[0]!)) return `"${parts[0]}" is a version, not an API group`;
  return undefined;
}

/**
 * The canonical `"<group>/<Kind>"` a malformed kind string most likely meant, or undefined when
 * there is no good guess: `"ConfigMap"` → `"core/ConfigMap"`, `"v1/Pod"` → `"core/Pod"`,
 * `"apps/v1/Deployment"` → `"apps/Deployment"`, `"Deployment.apps"` → `"apps/Deployment"`,
 * `"example.com/v1/Foo"` → `"example.com/Foo"`.
 *
 * @example
 * ```ts
 * kindSuggestion("ConfigMap"); // "core/ConfigMap"
 * ```
 */
export function kindSuggestion(kind: string): string | undefined {
  const parts = kind.split("/");
  if (parts.length === 1) {
    const dot = kind.indexOf(".");
    if (dot > 0) return `${kind.slice(dot + 1)}/${kind.slice(0, dot)}`; // Deployment.apps
    const group = BUILTIN_KIND_GROUPS[kind];
    return group ? `${group}/${kind}` : undefined;
  }
  // A version where the group belongs: "v1/Pod", "apps/v1/Deployment".
  if (parts.length === 2 && VERSION_RE.test(parts[0]!)) {
    const name = capitalized(parts[1]!);
    return `${BUILTIN_KIND_GROUPS[name] ?? "core"}/${name}`;
  }
  if (parts.length === 3 && VERSION_RE.test(parts[1]!)) return `${parts[0]}/${parts[2]}`;
  // "apps/v1" is an apiVersion: capitalizing it ("apps/V1") would not name a kind.
  if (parts.length === 2 && /^[a-z]/.test(parts[1]!) && !VERSION_RE.test(parts[1]!)) return `${parts[0]}/${capitalized(parts[1]!)}`; // "core/configMap"
  return undefined;
}

function capitalized(name: string): string {
  return name.charAt(0).toUpperCase() + name.slice(1);
}

/**
 * Whether an apiVersion is a valid `"<version>"` (the core group) or `"<group>/<version>"`, and
 * if not, why: `"core/v1"` is not (the core group has no name in apiVersions: it is `"v1"`).
 */
export function apiVersionProblem(apiVersion: string): string | undefined {
  const parts = apiVersion.split("/");
  if (parts.length > 2 || parts.some((p) => p === "")) return 'expected "<version>" (core group, e.g. "v1") or "<group>/<version>" (e.g. "apps/v1")';
  if (parts.length === 2 && VERSION_RE.test(parts[0]!)) return `"${parts[0]}" is a version, not an API group: expected "<version>" (core group, e.g. "v1") or "<group>/<version>" (e.g. "apps/v1")`;
  if (parts.length === 2 && parts[0] === "core") return `the core group is written without a name in apiVersions: did you mean "${parts[1]}"? ("core/" is only for kinds, as in "core/ConfigMap")`;
  const version = parts[parts.length - 1]!;
  if (!VERSION_RE.test(version)) return `"${version}" is not a version such as v1, v1beta1 or v2alpha1`;
  return undefined;
}
