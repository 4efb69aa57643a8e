function isEmpty(v: unknown): boolean {
  if (v === undefined || v === null) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === "object") return Object.values(v as Record<string, unknown>).every((x) => x === undefined);
  return false;
}

/**
 * apimachinery's `equality.Semantic.DeepEqual` on JSON values: deep equality where a missing
 * field, `undefined`, `null`, an empty object and an empty array are all equal (Go cannot tell a
 * nil map or slice from an empty one), and key order does not matter. Knative's reconcilers use it
 * to decide whether a child or a status needs writing; the model must make the same decision, or
 * it would write where the real controller does not.
 *
 * @example
 * ```ts
 * semanticEqual({ labels: {} }, {});            // true
 * semanticEqual({ replicas: 1 }, { replicas: 2 }); // false
 * ```
 */
export function semanticEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (isEmpty(a) && isEmpty(b)) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => semanticEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const k of keys) {
    if (!semanticEqual(ao[k], bo[k])) return false;
  }
  return true;
}
