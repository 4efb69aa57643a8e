import type { KubeObject } from "../../objects/kubeObject.ts";

/**
 * Metadata the API server writes on every change, whatever the reconciler did, and that differs
 * only by the path taken to a state. Both inspectors hide it in diffs and YAML by default so what
 * a reconcile changed stands out (the terminal's `m` key and the page's checkbox show it).
 *
 * Kept visible: `generation`, which changes only when the spec changes and which controllers
 * compare with `status.observedGeneration` — a user debugging a controller wants to see it move —
 * and `deletionTimestamp`, which records a decision, not bookkeeping.
 */
export const SERVER_MANAGED_FIELDS: readonly string[] = ["resourceVersion", "managedFields", "uid", "creationTimestamp", "selfLink"];

/**
 * A copy of the object without the server-managed metadata fields; the object itself is left
 * untouched (it may be frozen), and returned as is when it has none of them.
 *
 * @example
 * ```ts
 * withoutServerFields(pod).metadata; // { name, namespace, labels, generation, ... } without resourceVersion, uid, ...
 * ```
 */
export function withoutServerFields(obj: KubeObject): KubeObject {
  const metadata = obj.metadata as Record<string, unknown> | undefined;
  if (metadata === undefined || !SERVER_MANAGED_FIELDS.some((f) => f in metadata)) return obj;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) if (!SERVER_MANAGED_FIELDS.includes(k)) kept[k] = v;
  return { ...obj, metadata: kept } as KubeObject;
}
