import { deepCopy } from "../objects/deepCopy.ts";
import { ApiError } from "./apiError.ts";
import { rejectPrototypeKey } from "./prototypeKey.ts";

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** The JSON type name Go's decoder would report for a value. */
function jsonTypeName(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  if (typeof v === "object") return "object";
  return typeof v;
}

/** RFC 7386 MergePatch(target, patch) for a patch that is an object, merging into `target` (a fresh copy) in place. */
function merge(target: unknown, patch: JsonObject): JsonObject {
  const out: JsonObject = isObject(target) ? target : {};
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (value === undefined) continue;
    if (value === null) delete out[key];
    // Only own fields merge: `constructor` or `toString` must never reach a function or a prototype.
    else if (isObject(value)) out[key] = merge(Object.hasOwn(out, key) ? out[key] : undefined, value);
    // Arrays and scalars replace; copied so that the result never shares structure with the patch.
    else out[key] = deepCopy(value);
  }
  return out;
}

/**
 * Applies a JSON merge patch (RFC 7386) to an object: fields of the patch replace those of the
 * target, nested objects merge, `null` deletes a field, arrays replace whole. Neither input is
 * mutated and the result shares nothing with them. The patch of an API object must be a JSON object, as on a
 * real server; anything else is a BadRequest, and so is a `__proto__` key anywhere in the patch
 * (see `prototypeKey.ts`).
 *
 * @example
 * ```ts
 * applyMergePatch({ metadata: { labels: { a: "1", b: "2" } } }, { metadata: { labels: { b: null, c: "3" } } });
 * // → { metadata: { labels: { a: "1", c: "3" } } }
 * ```
 */
export function applyMergePatch<T extends object>(target: T, patch: unknown): T {
  if (!isObject(patch)) {
    throw ApiError.badRequest(`json: cannot unmarshal ${jsonTypeName(patch)} into Go value of type map[string]interface {}`);
  }
  rejectPrototypeKey(patch);
  return merge(deepCopy(target), patch) as T;
}
