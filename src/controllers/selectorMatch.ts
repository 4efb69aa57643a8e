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
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) {
    if (have[k] !== v) return false;
  }
  for (const expr of selector.matchExpressions ?? []) {
    const present = Object.prototype.hasOwnProperty.call(have, expr.key);
    const values = expr.values ?? [];
    switch (expr.operator) {
      case "In":
        if (!present || !values.includes(have[expr.key]!)) return false;
        break;
      case "NotIn":
        if (present && values.includes(have[expr.key]!)) return false;
        break;
      case "Exists":
        if (!present) return false;
        break;
      case "DoesNotExist":
        if (present) return false;
        break;
      default:
        throw new Error(`label selector has unknown operator ${JSON.stringify((expr as { operator: unknown }).operator)}: expected In, NotIn, Exists or DoesNotExist`);
    }
  }
  return true;
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
