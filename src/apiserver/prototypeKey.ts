import { ApiError } from "./apiError.ts";

/**
 * The one key a JavaScript object cannot hold as ordinary data: assigning `o["__proto__"]`
 * replaces the object's prototype instead, so a merge that descends into it writes into
 * `Object.prototype` for the whole process.
 *
 * A real API server decodes `__proto__` as an ordinary field name. The simulated server cannot
 * store it faithfully (every copy of the object would turn it back into a prototype), so it
 * rejects such a request outright rather than silently dropping the field. `constructor` and
 * `prototype` stay ordinary keys (a ConfigMap may well have a `constructor` data key): the merges
 * read only a target's own properties, so they never reach a function or a prototype.
 */
export const PROTOTYPE_KEY = "__proto__";

/**
 * The JSON path (`metadata.labels.__proto__`) of the first own `__proto__` key in `value`, or
 * undefined. Walks iteratively, so a deeply nested body cannot overflow the stack here.
 */
export function findPrototypeKey(value: unknown, root: string): string | undefined {
  const stack: [unknown, string][] = [[value, root]];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const [v, path] = stack.pop()!;
    if (typeof v !== "object" || v === null || seen.has(v)) continue;
    seen.add(v);
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`]);
      continue;
    }
    if (Object.hasOwn(v, PROTOTYPE_KEY)) return path === "" ? PROTOTYPE_KEY : `${path}.${PROTOTYPE_KEY}`;
    const keys = Object.keys(v);
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i]!;
      stack.push([(v as Record<string, unknown>)[k], path === "" ? k : `${path}.${k}`]);
    }
  }
  return undefined;
}

/** A BadRequest for a merge-style patch body holding a `__proto__` key anywhere. */
export function rejectPrototypeKey(patch: unknown): void {
  const at = findPrototypeKey(patch, "");
  if (at !== undefined) {
    throw ApiError.badRequest(`the patch sets the field ${at}, which this simulated server cannot store: "${PROTOTYPE_KEY}" is reserved in JavaScript`);
  }
}
