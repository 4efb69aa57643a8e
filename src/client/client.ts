import type { KubernetesObjectApi } from "@kubernetes/client-node";
import type { DeleteOptions, ListOptions, ObjectRef, PatchType } from "../apiserver/requestOptions.ts";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";

// The request vocabulary is the API server's; the client speaks it and re-exports it to reconcilers.
export type { DeleteOptions, LabelSelector, ListOptions, ObjectRef, PatchType } from "../apiserver/requestOptions.ts";

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
