/**
 * Status conditions as the real controllers maintain them: a condition's `lastTransitionTime`
 * changes only when its `status` changes, and setting a condition that already says the same
 * thing changes nothing (so an idempotent reconcile writes nothing).
 */

/** A status condition (`metav1.Condition` and the older per-kind condition types). */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
  lastProbeTime?: string | null;
  observedGeneration?: number;
}

/** A simulated-clock time in the RFC 3339 form the API server writes (`2024-01-01T00:00:00Z`). */
export function rfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The condition of `type`, if present. */
export function getCondition(conditions: readonly Condition[] | undefined, type: string): Condition | undefined {
  return conditions?.find((c) => c.type === type);
}

/** Whether the condition of `type` has status `"True"`. */
export function isConditionTrue(conditions: readonly Condition[] | undefined, type: string): boolean {
  return getCondition(conditions, type)?.status === "True";
}

/**
 * Returns `conditions` with `next` set. When a condition of that type already has the same
 * status, reason and message, the list is returned unchanged. Otherwise the condition is
 * replaced in place (or appended), keeping the old `lastTransitionTime` when the status did not
 * change. `next` should carry `lastTransitionTime` (and `lastUpdateTime` where the kind has it)
 * set to now.
 *
 * @example
 * ```ts
 * setCondition([], { type: "Ready", status: "True", lastTransitionTime: rfc3339(ctx.now()) });
 * ```
 */
export function setCondition(conditions: readonly Condition[] | undefined, next: Condition): Condition[] {
  const list = [...(conditions ?? [])];
  const i = list.findIndex((c) => c.type === next.type);
  if (i < 0) return [...list, next];
  const cur = list[i]!;
  if (cur.status === next.status && cur.reason === next.reason && cur.message === next.message) return list;
  list[i] = cur.status === next.status && cur.lastTransitionTime !== undefined ? { ...next, lastTransitionTime: cur.lastTransitionTime } : next;
  return list;
}

/** Returns `conditions` without the condition of `type`. */
export function removeCondition(conditions: readonly Condition[] | undefined, type: string): Condition[] {
  return (conditions ?? []).filter((c) => c.type !== type);
}
