import { compileLabelSelector } from "../apiserver/labelSelector.ts";
import type { LabelSelector } from "../client/client.ts";

/**
 * In-memory label selector matching for the built-in controllers, which must match objects they
 * already hold (claiming pods, mapping a pod to its Services) without another list call.
 * Semantics are `metav1.LabelSelector`'s: all `matchLabels` and all `matchExpressions` must hold;
 * an empty selector `{}` matches everything.
 */

/**
 * Whether `labels` satisfy `selector`.
 *
 * @example
 * ```ts
 * selectorMatches({ matchLabels: { app: "web" } }, { app: "web", tier: "fe" }); // true
 * selectorMatches({ matchExpressions: [{ key: "tier", operator: "NotIn", values: ["db"] }] }, {}); // true
 * ```
 */
export function selectorMatches(selector: LabelSelector, labels: Record<string, string> | undefined): boolean {
  // The API server's own selector semantics (and validation), so controllers and list calls agree.
  return compileLabelSelector(selector)(labels);
}

/**
 * Whether a selector selects nothing in particular: no `matchLabels` and no `matchExpressions`.
 * The real workload controllers refuse to act on such a selector (it would claim every pod in
 * the namespace).
 */
export function isEmptySelector(selector: LabelSelector): boolean {
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * A Service-style selector (a plain label map, every pair must match); an empty or missing map
 * matches nothing, as a Service without a selector selects no pods.
 */
export function mapSelectorMatches(selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean {
  if (!selector || Object.keys(selector).length === 0) return false;
  const have = labels ?? {};
  return Object.entries(selector).every(([k, v]) => have[k] === v);
}
