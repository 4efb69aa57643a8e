import type { KubeObject } from "../objects/kubeObject.ts";

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

/** The subset of client-node's `KubernetesObjectApi` that reconcilers use, with its method names and signatures. */
export interface KubernetesObjectApiLike {
  read<T extends KubeObject = KubeObject>(spec: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }): Promise<T>;
  list<T extends KubeObject = KubeObject>(
    apiVersion: string,
    kind: string,
    namespace?: string,
    pretty?: string,
    exact?: boolean,
    exportt?: boolean,
    fieldSelector?: string,
    labelSelector?: string,
    limit?: number,
    continueToken?: string,
  ): Promise<{ apiVersion?: string; kind?: string; items: T[]; metadata?: Record<string, unknown> }>;
  create<T extends KubeObject = KubeObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string): Promise<T>;
  replace<T extends KubeObject = KubeObject>(spec: T, pretty?: string, dryRun?: string, fieldManager?: string): Promise<T>;
  patch<T extends KubeObject = KubeObject>(
    spec: T,
    pretty?: string,
    dryRun?: string,
    fieldManager?: string,
    force?: boolean,
    patchStrategy?: string,
  ): Promise<T>;
  delete(
    spec: KubeObject,
    pretty?: string,
    dryRun?: string,
    gracePeriodSeconds?: number,
    orphanDependents?: boolean,
    propagationPolicy?: string,
  ): Promise<unknown>;
}

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
  get<T extends KubeObject = KubeObject>(ref: ObjectRef): Promise<T>;
  list<T extends KubeObject = KubeObject>(apiVersion: string, kind: string, opts?: ListOptions): Promise<T[]>;
  create<T extends KubeObject>(obj: T): Promise<T>;
  update<T extends KubeObject>(obj: T): Promise<T>;
  updateStatus<T extends KubeObject>(obj: T): Promise<T>;
  patch<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T>;
  patchStatus<T extends KubeObject = KubeObject>(ref: ObjectRef, patch: unknown, type?: PatchType): Promise<T>;
  delete(obj: KubeObject | ObjectRef, opts?: DeleteOptions): Promise<void>;
  deleteAllOf(apiVersion: string, kind: string, opts?: ListOptions & DeleteOptions): Promise<void>;
  asKubernetesObjectApi(): KubernetesObjectApiLike;
}
