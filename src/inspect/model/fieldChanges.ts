/** One field that differs between two versions of an object. */
export interface FieldChange {
  /** `spec.replicas`, `metadata.labels["app.kubernetes.io/name"]`, `spec.containers[0].image`. */
  path: string;
  change: "added" | "removed" | "changed";
  before?: unknown;
  after?: unknown;
}

const PLAIN_KEY = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

function child(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(key)}]`;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

/**
 * The leaf fields that differ between `before` and `after`, as both inspectors list them: maps are
 * compared key by key (keys sorted), lists index by index, anything else by value. A change is
 * reported at the deepest path where the two sides differ: a field present on one side only is
 * one change carrying its whole value, and so is a field whose kind changes (map, list, scalar).
 * Keys that are not plain names are quoted (`labels["app.kubernetes.io/name"]`), so a path reads
 * back unambiguously.
 *
 * @example
 * ```ts
 * fieldChanges({ spec: { replicas: 1 } }, { spec: { replicas: 2 }, status: {} });
 * // [{ path: "spec.replicas", change: "changed", before: 1, after: 2 }, { path: "status", change: "added", after: {} }]
 * ```
 */
export function fieldChanges(before: unknown, after: unknown): FieldChange[] {
  const out: FieldChange[] = [];
  // Iterative walk (objects can be deep; a change list must never blow the stack). Children are
  // pushed in reverse so they pop in order; a found change is pushed too, so it keeps its place.
  type Work = { path: string; a: unknown; b: unknown } | { found: FieldChange };
  const work: Work[] = [{ path: "", a: before, b: after }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ("found" in item) {
      out.push(item.found);
      continue;
    }
    const { path, a, b } = item;
    if (isRecord(a) && isRecord(b)) {
      const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort().reverse();
      for (const k of keys) {
        const p = child(path, k);
        if (a[k] === undefined) {
          if (b[k] !== undefined) work.push({ found: { path: p, change: "added", after: b[k] } });
        } else if (b[k] === undefined) work.push({ found: { path: p, change: "removed", before: a[k] } });
        else work.push({ path: p, a: a[k], b: b[k] });
      }
    } else if (Array.isArray(a) && Array.isArray(b)) {
      for (let i = Math.max(a.length, b.length) - 1; i >= 0; i--) {
        const p = `${path}[${i}]`;
        if (i >= a.length) work.push({ found: { path: p, change: "added", after: b[i] } });
        else if (i >= b.length) work.push({ found: { path: p, change: "removed", before: a[i] } });
        else work.push({ path: p, a: a[i], b: b[i] });
      }
    } else if (!Object.is(a, b) && JSON.stringify(a) !== JSON.stringify(b)) {
      out.push({ path, change: "changed", before: a, after: b });
    }
  }
  return out;
}

/**
 * A field's value as the inspectors print it: its JSON (`"A-1"`, `3`, `{"ready":true}`), or
 * `undefined`.
 *
 * @example
 * ```ts
 * fieldValueText("A-1"); // "\"A-1\""
 * ```
 */
export function fieldValueText(value: unknown): string {
  return value === undefined ? "undefined" : JSON.stringify(value);
}
