import type { KubernetesObjectApi } from "@kubernetes/client-node";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";

/** Names an object. `namespace` may be omitted for cluster-scoped kinds. */
export interface ObjectRef {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name: string;
}

/** A label selector in object form, as in `metav1.LabelSelector`. */
export interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}

export interface ListOptions {
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

export interface DeleteOptions {
  preconditions?: { uid?: string; resourceVersion?: string };
  propagationPolicy?: "Background" | "Foreground" | "Orphan";
}

/** `merge` = RFC 7386, `json` = RFC 6902, `strategic` = strategic merge, `apply` = server-side apply (approximated). */
export type PatchType = "merge" | "json" | "strategic" | "apply";

/**
 * client-node's `KubernetesObjectApi` methods that reconcilers use (read, list, create, replace,
 * patch, delete), with their exact signatures, so reconcilers written against client-node plug in.
 */
export type KubernetesObjectApiLike = Pick<KubernetesObjectApi, "read" | "list" | "create" | "replace" | "patch" | "delete">;

/**
 * The client a reconciler gets. Reads come from the reconciler's view (possibly stale); writes
 * are validated against the true world plus this reconcile's earlier writes, like
 * controller-runtime's cache-backed client. Failures throw `ApiError`.
 *
 * @example
 * ```ts
 * const foo = await client.get({ apiVersion: "webapp.example.com/v1", kind: "Foo", namespace: "default", name: "foo" });
 * await client.updateStatus({ ...foo, status: { state: "Ready" } });
 * ```
 */
export interface Client {
  get<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef): Promise<T>;
  list<T extends KubernetesObjectLike = KubeObject>(apiVersion: string, kind: string, opts?: ListOptions): Promise<T[]>;
  create<T extends KubernetesObjectLike>(obj: T): Promise<T>;
  update<T extends KubernetesObjectLike>(obj: T): Promise<T>;
  updateStatus<T extends KubernetesObjectLike>(obj: T): Promise<T>;
  patch<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T>;
  patchStatus<T extends KubernetesObjectLike = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T>;
  delete(obj: KubernetesObjectLike | ObjectRef, opts?: DeleteOptions): Promise<void>;
  deleteAllOf(apiVersion: string, kind: string, opts?: ListOptions & DeleteOptions): Promise<void>;
  asKubernetesObjectApi(): KubernetesObjectApiLike;
}
