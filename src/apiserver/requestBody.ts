import type { KubeObject } from "../objects/kubeObject.ts";
import { ApiError } from "./apiError.ts";
import { normalizeTimestamp } from "./rfc3339.ts";

function jsonType(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

function cannotUnmarshal(value: unknown, field: string, goType: string): ApiError {
  return ApiError.badRequest(`json: cannot unmarshal ${jsonType(value)} into Go struct field ObjectMeta.metadata.${field} of type ${goType}`);
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * What `JSON.parse(JSON.stringify(value))` returns — the body as it would cross the wire: Dates
 * (anything with toJSON) as their JSON form, undefined and functions dropped from objects and
 * null in arrays, non-finite numbers null, -0 as 0, BigInt and cycles refused — without building
 * the string, since every write goes through here.
 */
function wireCopy(v: unknown, depth: number): unknown {
  switch (typeof v) {
    case "string":
    case "boolean":
      return v;
    case "number":
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case "bigint":
      throw new TypeError("Do not know how to serialize a BigInt");
    case "object":
      break;
    default:
      return undefined;
  }
  if (v === null) return null;
  // Deeper than any real object: a cycle, which JSON.stringify refuses too.
  if (depth > 512) throw new TypeError("Converting circular structure to JSON");
  const o = v as { toJSON?: () => unknown } & Record<string, unknown>;
  if (typeof o.toJSON === "function") return wireCopy(o.toJSON(), depth + 1);
  if (Array.isArray(o)) {
    const out = new Array<unknown>(o.length);
    for (let i = 0; i < o.length; i++) {
      const c = wireCopy(o[i], depth + 1);
      out[i] = c === undefined ? null : c;
    }
    return out;
  }
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(o)) {
    const c = wireCopy(o[k], depth + 1);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

const STRING_FIELDS = ["name", "generateName", "namespace", "uid", "resourceVersion"] as const;
const TIMESTAMP_FIELDS = ["creationTimestamp", "deletionTimestamp"] as const;

/**
 * What the server receives when a reconciler sends `body`: the object as it travels over the wire
 * (a JSON round trip, so `undefined` fields vanish and `Date`s become strings), with the metadata
 * decoded as the real server decodes `ObjectMeta`. A body that is not a JSON object, or metadata
 * of the wrong shape (a number where a label value belongs, a finalizer that is not a string, a
 * timestamp that does not parse), is a `BadRequest` (400), as a real server's decoding error is.
 * Timestamps are normalized to RFC 3339 seconds. The result is a fresh, mutable object.
 *
 * @example
 * ```ts
 * decodeRequestBody({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", labels: { n: 1 } } });
 * // throws BadRequest: json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string
 * ```
 */
export function decodeRequestBody(body: unknown): KubeObject {
  if (!isPlainObject(body)) throw ApiError.badRequest(`the request body must be a JSON object, got ${jsonType(body)}`);
  let wire: Record<string, unknown>;
  try {
    wire = wireCopy(body, 0) as Record<string, unknown>;
  } catch (e) {
    throw ApiError.badRequest(`the request body cannot be encoded as JSON: ${(e as Error).message}`);
  }
  if (wire.metadata === undefined) return wire as KubeObject;
  const meta = wire.metadata;
  if (!isPlainObject(meta)) throw ApiError.badRequest(`json: cannot unmarshal ${jsonType(meta)} into Go struct field of type v1.ObjectMeta`);
  for (const f of STRING_FIELDS) {
    if (meta[f] !== undefined && meta[f] !== null && typeof meta[f] !== "string") throw cannotUnmarshal(meta[f], f, "string");
    if (meta[f] === null) delete meta[f];
  }
  for (const f of ["labels", "annotations"] as const) {
    const m = meta[f];
    if (m === undefined || m === null) {
      delete meta[f];
      continue;
    }
    if (!isPlainObject(m)) throw cannotUnmarshal(m, f, "map[string]string");
    for (const v of Object.values(m)) if (typeof v !== "string") throw cannotUnmarshal(v, f, "string");
  }
  if (meta.finalizers === null) delete meta.finalizers;
  if (meta.finalizers !== undefined) {
    if (!Array.isArray(meta.finalizers)) throw cannotUnmarshal(meta.finalizers, "finalizers", "[]string");
    for (const v of meta.finalizers) if (typeof v !== "string") throw cannotUnmarshal(v, "finalizers", "string");
  }
  if (meta.ownerReferences === null) delete meta.ownerReferences;
  if (meta.ownerReferences !== undefined) {
    if (!Array.isArray(meta.ownerReferences)) throw cannotUnmarshal(meta.ownerReferences, "ownerReferences", "[]v1.OwnerReference");
    for (const ref of meta.ownerReferences) {
      if (!isPlainObject(ref)) throw cannotUnmarshal(ref, "ownerReferences", "v1.OwnerReference");
      for (const f of ["apiVersion", "kind", "name", "uid"]) {
        if (ref[f] !== undefined && typeof ref[f] !== "string") throw cannotUnmarshal(ref[f], `ownerReferences.${f}`, "string");
      }
      for (const f of ["controller", "blockOwnerDeletion"]) {
        if (ref[f] !== undefined && ref[f] !== null && typeof ref[f] !== "boolean") throw cannotUnmarshal(ref[f], `ownerReferences.${f}`, "bool");
        if (ref[f] === null) delete ref[f];
      }
    }
  }
  // The real server's ObjectMeta fields are `omitempty`: an empty list or map is the same as none.
  for (const f of ["labels", "annotations"] as const) {
    if (isPlainObject(meta[f]) && Object.keys(meta[f]).length === 0) delete meta[f];
  }
  for (const f of ["finalizers", "ownerReferences", "managedFields"] as const) {
    if (Array.isArray(meta[f]) && meta[f].length === 0) delete meta[f];
  }
  for (const f of TIMESTAMP_FIELDS) {
    const t = normalizeTimestamp(meta[f]);
    if (!t.ok) {
      throw ApiError.badRequest(`metadata.${f}: parsing time ${JSON.stringify(meta[f])} as "2006-01-02T15:04:05Z07:00": not an RFC 3339 time`);
    }
    if (t.value === undefined) delete meta[f];
    else meta[f] = t.value;
  }
  for (const f of ["generation", "deletionGracePeriodSeconds"] as const) {
    if (meta[f] === null) delete meta[f];
    else if (meta[f] !== undefined && !Number.isInteger(meta[f])) throw cannotUnmarshal(meta[f], f, "int64");
  }
  return wire as KubeObject;
}
