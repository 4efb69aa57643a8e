import { KameraError } from "../kameraError.ts";

/** Below this depth no cycle check is made: real objects are shallow, and the check costs a set lookup per node. */
const UNCHECKED_DEPTH = 64;

/** Raised inside the fast copy; `deepCopy` then walks again, slowly, to name where the cycle closes. */
class CycleFound {}

function copy(value: object, depth: number, ancestors: Set<object> | undefined): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  let seen = ancestors;
  if (depth >= UNCHECKED_DEPTH) {
    seen ??= new Set<object>();
    if (seen.has(value)) throw new CycleFound();
    seen.add(value);
  }
  let out: unknown;
  if (Array.isArray(value)) {
    const arr = new Array<unknown>(value.length);
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i];
      arr[i] = typeof v === "object" && v !== null ? copy(v, depth + 1, seen) : v;
    }
    out = arr;
  } else {
    const obj: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const v = (value as Record<string, unknown>)[key];
      obj[key] = typeof v === "object" && v !== null ? copy(v, depth + 1, seen) : v;
    }
    out = obj;
  }
  if (seen !== undefined && depth >= UNCHECKED_DEPTH) seen.delete(value);
  return out;
}

/** The path of the first step that closes a cycle, in copy order. Only run after a cycle was found. */
function locateCycle(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  if (typeof value !== "object" || value === null || value instanceof Date) return undefined;
  if (ancestors.has(value)) return path;
  ancestors.add(value);
  let found: string | undefined;
  const entries: [string, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [`[${i}]`, v])
    : Object.keys(value).map((k) => [`.${k}`, (value as Record<string, unknown>)[k]]);
  for (const [step, v] of entries) {
    found = locateCycle(v, path + step, ancestors);
    if (found !== undefined) break;
  }
  ancestors.delete(value);
  return found;
}

/**
 * A deep copy of a JSON-like value: arrays and objects are copied recursively (own enumerable
 * string keys; class instances such as client-node's `V1Pod` become plain objects with the same
 * fields), `Date`s become new `Date`s, primitives are returned as they are. The result is never
 * frozen, so a caller may mutate it freely. A cyclic value throws a `KameraError` naming where
 * the cycle closes, instead of overflowing the stack.
 *
 * @example
 * ```ts
 * const mine = deepCopy(frozenPod);
 * mine.metadata.labels = { app: "web" };   // frozenPod is unchanged
 * ```
 */
export function deepCopy<T>(value: T): T {
  if (typeof value !== "object" || value === null) return value;
  try {
    return copy(value, 0, undefined) as T;
  } catch (e) {
    if (e instanceof CycleFound) throw new KameraError(`deepCopy: the value is cyclic at ${locateCycle(value, "$", new Set()) ?? "$"}`);
    throw e;
  }
}
