import type { KubeObject } from "../../objects/kubeObject.ts";

/**
 * Metadata the API server writes on every change, whatever the reconciler did. Hidden in diffs
 * and YAML views by default so what a reconcile changed stands out (the `m` key shows them).
 * `deletionTimestamp` stays: it records a decision, not bookkeeping.
 */
export const SERVER_MANAGED_FIELDS = ["resourceVersion", "managedFields", "uid", "creationTimestamp", "generation", "selfLink"] as const;

/** A copy of the object without the server-managed metadata fields (the object itself is not changed). */
export function withoutServerFields(obj: KubeObject): KubeObject {
  if (!obj.metadata) return obj;
  const metadata: Record<string, unknown> = { ...obj.metadata };
  for (const f of SERVER_MANAGED_FIELDS) delete metadata[f];
  return { ...obj, metadata } as KubeObject;
}
