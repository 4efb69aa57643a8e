import { deepCopy } from "../objects/deepCopy.ts";
import { ApiError } from "./apiError.ts";
import { rejectPrototypeKey } from "./prototypeKey.ts";

type JsonObject = Record<string, unknown>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/**
 * The merge keys of the list fields that the Kubernetes types declare with
 * `patchStrategy: merge` and that controllers meet most. Looked up by field name alone (the
 * simulated server has no schemas); the names are unambiguous for the built-in kinds listed.
 * `ports` is keyed by `containerPort` in a container and by `port` in a Service; the key is
 * chosen by which of the two the patch's items carry.
 */
const MERGE_KEYS: Readonly<Record<string, readonly string[]>> = {
  containers: ["name"],
  initContainers: ["name"],
  ephemeralContainers: ["name"],
  env: ["name"],
  volumes: ["name"],
  // The real key of volumeMounts is the mount path, not the volume name: one volume may be mounted twice.
  volumeMounts: ["mountPath"],
  volumeDevices: ["devicePath"],
  imagePullSecrets: ["name"],
  hostAliases: ["ip"],
  ports: ["containerPort", "port"],
  conditions: ["type"],
  ownerReferences: ["uid"],
};

/** List fields of primitives that merge as sets (`patchStrategy: merge` without a key). */
const SET_LISTS = new Set(["finalizers"]);

const DIRECTIVE = "$patch";
const RETAIN_KEYS = "$retainKeys";
const DELETE_FROM_PRIMITIVE_LIST = "$deleteFromPrimitiveList/";
const SET_ELEMENT_ORDER = "$setElementOrder/";

function bad(message: string): ApiError {
  return ApiError.badRequest(message);
}

function sameValue(a: unknown, b: unknown): boolean {
  return a === b || (typeof a === "number" && typeof b === "number" && Number.isNaN(a) && Number.isNaN(b));
}

/** The merge key to use for list `field`, or undefined when the list is replaced whole. */
function mergeKeyFor(field: string, patchItems: readonly unknown[], targetItems: readonly unknown[]): string | undefined {
  const keys = MERGE_KEYS[field];
  if (keys === undefined) return undefined;
  if (keys.length === 1) return keys[0];
  for (const key of keys) {
    if (patchItems.some((i) => isObject(i) && key in i) || targetItems.some((i) => isObject(i) && key in i)) return key;
  }
  return keys[0];
}

/**
 * Merges `patch` into `target` (a fresh copy owned by the caller, mutated in place) and returns
 * the result, or `undefined` when the patch deletes the map (`$patch: delete`).
 */
function mergeMap(target: JsonObject, patch: JsonObject): JsonObject | undefined {
  const directive = patch[DIRECTIVE];
  if (directive !== undefined) {
    if (directive === "delete") return undefined;
    if (directive === "replace") {
      const { [DIRECTIVE]: _, ...rest } = patch;
      return mergeMap({}, rest);
    }
    if (directive !== "merge") throw bad(`Unknown patch type: ${String(directive)} in map: ${JSON.stringify(patch)}`);
  }
  const orders: [string, unknown][] = [];
  for (const key of Object.keys(patch)) {
    const value = patch[key];
    if (key === DIRECTIVE || value === undefined) continue;
    if (key === RETAIN_KEYS) continue;
    if (key.startsWith(DELETE_FROM_PRIMITIVE_LIST)) {
      const field = key.slice(DELETE_FROM_PRIMITIVE_LIST.length);
      if (!Array.isArray(value)) throw bad(`${key} must be a list, got ${JSON.stringify(value)}`);
      const current = target[field];
      if (Array.isArray(current)) target[field] = current.filter((v) => !value.some((d) => sameValue(d, v)));
      continue;
    }
    if (key.startsWith(SET_ELEMENT_ORDER)) {
      if (!Array.isArray(value)) throw bad(`${key} must be a list, got ${JSON.stringify(value)}`);
      orders.push([key.slice(SET_ELEMENT_ORDER.length), value]);
      continue;
    }
    if (value === null) {
      delete target[key];
    } else if (isObject(value)) {
      // Only own fields merge: `constructor` or `toString` must never reach a function or a prototype.
      const own = Object.hasOwn(target, key) ? target[key] : undefined;
      const merged = mergeMap(isObject(own) ? own : {}, value);
      if (merged === undefined) delete target[key];
      else target[key] = merged;
    } else if (Array.isArray(value)) {
      const own = Object.hasOwn(target, key) ? target[key] : undefined;
      target[key] = mergeList(key, Array.isArray(own) ? own : [], value);
    } else {
      target[key] = value;
    }
  }
  for (const [field, order] of orders) {
    const list = target[field];
    if (Array.isArray(list)) target[field] = reorder(field, list, order as unknown[]);
  }
  const retain = patch[RETAIN_KEYS];
  if (retain !== undefined) {
    if (!Array.isArray(retain) || retain.some((k) => typeof k !== "string")) throw bad(`${RETAIN_KEYS} must be a list of field names, got ${JSON.stringify(retain)}`);
    for (const key of Object.keys(target)) if (!retain.includes(key)) delete target[key];
  }
  return target;
}

/** A patch item as a new element: merged into nothing, so its directives and nulls are resolved. */
function fresh(item: unknown): unknown {
  return isObject(item) ? mergeMap({}, item) : item;
}

function mergeList(field: string, target: unknown[], patch: unknown[]): unknown[] {
  // A list-level `{ "$patch": "replace" }` element: the rest of the patch list replaces the target list.
  const replace = patch.some((i) => isObject(i) && i[DIRECTIVE] === "replace" && Object.keys(i).length === 1);
  if (replace) {
    return patch.filter((i) => !(isObject(i) && i[DIRECTIVE] === "replace" && Object.keys(i).length === 1)).map(fresh);
  }
  if (SET_LISTS.has(field)) {
    const out = [...target];
    for (const v of patch) {
      if (isObject(v) || Array.isArray(v)) throw bad(`${field}: a merging list of primitives cannot hold ${JSON.stringify(v)}`);
      if (!out.some((o) => sameValue(o, v))) out.push(v);
    }
    return out;
  }
  const key = mergeKeyFor(field, patch, target);
  if (key === undefined) return patch.filter((i) => i !== undefined).map(fresh);
  const out = [...target];
  for (const item of patch) {
    if (!isObject(item)) throw bad(`${field}: an item of a list merged by ${JSON.stringify(key)} must be an object, got ${JSON.stringify(item)}`);
    if (!(key in item)) throw bad(`map: ${JSON.stringify(item)} does not contain declared merge key: ${key}`);
    const at = out.findIndex((o) => isObject(o) && sameValue(o[key], item[key]));
    if (item[DIRECTIVE] === "delete") {
      // Every element with that key goes, as in apimachinery.
      for (let i = out.length - 1; i >= 0; i--) {
        const o = out[i];
        if (isObject(o) && sameValue(o[key], item[key])) out.splice(i, 1);
      }
      continue;
    }
    if (at < 0) {
      const added = fresh(item);
      if (added !== undefined) out.push(added);
    } else {
      const merged = mergeMap(out[at] as JsonObject, item);
      if (merged === undefined) out.splice(at, 1);
      else out[at] = merged;
    }
  }
  return out;
}

/**
 * `$setElementOrder/<field>`: the listed elements (by merge key, or by value for primitive
 * lists) come first in the given order; elements not listed keep their relative order after them.
 */
function reorder(field: string, list: unknown[], order: unknown[]): unknown[] {
  const key = mergeKeyFor(field, order, list);
  const identity = (v: unknown): unknown => (key !== undefined && isObject(v) ? v[key] : v);
  const wanted = order.map(identity);
  const placed: unknown[] = [];
  const used = new Set<number>();
  for (const w of wanted) {
    const i = list.findIndex((v, j) => !used.has(j) && sameValue(identity(v), w));
    if (i >= 0) {
      used.add(i);
      placed.push(list[i]);
    }
  }
  return [...placed, ...list.filter((_, j) => !used.has(j))];
}

/**
 * Applies a strategic merge patch to an object as the API server does for built-in kinds: like a
 * JSON merge patch (nested objects merge, `null` deletes), except that the lists Kubernetes
 * declares as mergeable merge element by element — `containers`, `initContainers`,
 * `ephemeralContainers`, `env`, `volumes`, `imagePullSecrets` by `name`, `volumeMounts` by
 * `mountPath`, `volumeDevices` by `devicePath`, `hostAliases` by `ip`, `ports` by
 * `containerPort` (or `port` for Service ports), `conditions` by `type`, `ownerReferences` by
 * `uid` — and `finalizers` merge as a set. Directives: `$patch: delete` on a list element or a
 * map, `$patch: replace` on a map or as a list element (the list is replaced), `$retainKeys`,
 * `$deleteFromPrimitiveList/<field>` and `$setElementOrder/<field>`. New elements go to the end
 * of a merged list. Neither input is mutated and the result shares nothing with them; a
 * malformed patch, or one with a `__proto__` key anywhere, is a BadRequest.
 *
 * @example
 * ```ts
 * applyStrategicMergePatch(pod, { spec: { containers: [{ name: "app", image: "web:2" }] } });
 * // only the container named "app" gets the new image; the others stay
 * ```
 */
export function applyStrategicMergePatch<T extends object>(target: T, patch: unknown): T {
  if (!isObject(patch)) {
    throw bad(`json: cannot unmarshal ${Array.isArray(patch) ? "array" : patch === null ? "null" : typeof patch} into Go value of type map[string]interface {}`);
  }
  // Checked before the copy: copying would turn the key into the copy's prototype and hide it.
  rejectPrototypeKey(patch);
  const merged = mergeMap(deepCopy(target) as JsonObject, deepCopy(patch));
  if (merged === undefined) throw bad(`a strategic merge patch cannot delete the whole object`);
  return merged as T;
}
