/** An owner reference, as in Kubernetes `metadata.ownerReferences`. */
export interface OwnerReference {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** Object metadata, compatible with `@kubernetes/client-node`'s `V1ObjectMeta`. */
export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | Date;
  deletionTimestamp?: string | Date;
  deletionGracePeriodSeconds?: number;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  ownerReferences?: OwnerReference[];
  finalizers?: string[];
  managedFields?: unknown[];
}

/**
 * Any object with Kubernetes' header and metadata — what the client's write methods accept.
 * It has no index signature, so client-node's classes (`V1Pod`, `V1ConfigMap`, …) satisfy it.
 */
export interface KubernetesObjectLike {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/**
 * A Kubernetes object as plain JSON. Compatible with client-node's `KubernetesObject`, so `V1Pod`
 * and friends can be passed directly.
 *
 * @example
 * ```ts
 * const cm: KubeObject = { apiVersion: "v1", kind: "ConfigMap",
 *   metadata: { name: "cfg", namespace: "default" }, data: { a: "1" } };
 * ```
 */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  [field: string]: unknown;
}
