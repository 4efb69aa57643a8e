import { KameraError } from "../kameraError.ts";

/** Below this depth no cycle check is made: real objects are shallow, and the check costs a set lookup per node. */
const UNCHECKED_DEPTH = 64;

/** Thrown inside the copy when a cycle closes; each frame adds its step on the way out, so the fast path builds no paths. */
class CycleFound {
  readonly steps: string[] = [];
}

function copyArray(value: readonly unknown[], depth: number, ancestors: Set<object> | undefined): unknown[] {
  const arr = new Array<unknown>(value.length);
  for (let i = 0; i < value.length; i++) {
    const v = value[i];
    if (typeof v !== "object" || v === null) {
      arr[i] = v;
      continue;
    }
    try {
      arr[i] = copy(v, depth + 1, ancestors);
    } catch (e) {
      if (e instanceof CycleFound) e.steps.push(`[${i}]`);
      throw e;
    }
  }
  return arr;
}

function copyObject(value: object, depth: number, ancestors: Set<object> | undefined): Record<string, unknown> {
  const obj: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (typeof v !== "object" || v === null) {
      obj[key] = v;
      continue;
    }
    try {
      obj[key] = copy(v, depth + 1, ancestors);
    } catch (e) {
      if (e instanceof CycleFound) e.steps.push(`.${key}`);
      throw e;
    }
  }
  return obj;
}

function copy(value: object, depth: number, ancestors: Set<object> | undefined): unknown {
  if (value instanceof Date) return new Date(value.getTime());
  if (depth < UNCHECKED_DEPTH) {
    return Array.isArray(value) ? copyArray(value, depth, undefined) : copyObject(value, depth, undefined);
  }
  const seen = ancestors ?? new Set<object>();
  if (seen.has(value)) throw new CycleFound();
  seen.add(value);
  const out = Array.isArray(value) ? copyArray(value, depth, seen) : copyObject(value, depth, seen);
  seen.delete(value);
  return out;
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
    if (e instanceof CycleFound) throw new KameraError(`deepCopy: the value is cyclic at $${e.steps.reverse().join("")}`);
    throw e;
  }
}
