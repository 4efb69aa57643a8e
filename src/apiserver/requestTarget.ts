import type { ObjectRef } from "./requestOptions.ts";
import { KameraError } from "../kameraError.ts";
import { kindOf, type KindInfo, type KindRegistry } from "../kinds.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import { ApiError } from "./apiError.ts";

/** The object a request is about: canonical kind, its facts, and the key in the world. */
export interface RequestTarget {
  kind: string;
  info: KindInfo;
  /** "" for cluster-scoped kinds. */
  namespace: string;
  name: string;
  /** `objectKeyString(kind, namespace, name)`. */
  key: string;
}

/**
 * The canonical kind of a request's `apiVersion` + `kind`. A string that does not parse is the
 * reconciler's malformed request, so it is a `BadRequest` (400) whose message names the bad
 * string and shows the expected form.
 *
 * @example
 * ```ts
 * resolveKind(kinds, "apps/v1", "Deployment").kind; // "apps/Deployment"
 * resolveKind(kinds, "v1", "");                     // throws BadRequest: object has no valid apiVersion/kind ...
 * ```
 */
export function resolveKind(kinds: KindRegistry, apiVersion: unknown, kind: unknown): { kind: string; info: KindInfo } {
  let k: string;
  try {
    k = kindOf({ apiVersion, kind });
  } catch (e) {
    if (e instanceof KameraError) throw ApiError.badRequest(e.message);
    throw e;
  }
  return { kind: k, info: kinds.info(k) };
}

/**
 * The target of a request that names one object. An empty name, or an empty namespace for a
 * namespaced kind, is a `BadRequest` with the messages client-go and the real server use; a
 * namespace given for a cluster-scoped kind is ignored, as the server ignores it.
 */
export function resolveTarget(kinds: KindRegistry, apiVersion: unknown, kind: unknown, namespace: unknown, name: unknown): RequestTarget {
  const { kind: k, info } = resolveKind(kinds, apiVersion, kind);
  if (typeof name !== "string" || name === "") throw ApiError.badRequest("resource name may not be empty");
  let ns = "";
  if (info.scope === "Namespaced") {
    if (typeof namespace !== "string" || namespace === "") {
      throw ApiError.badRequest("an empty namespace may not be set when a resource name is provided");
    }
    ns = namespace;
  }
  return { kind: k, info, namespace: ns, name, key: objectKeyString(k, ns, name) };
}

/** The target of an `ObjectRef`; a ref that is not an object is a `BadRequest`. */
export function resolveRef(kinds: KindRegistry, ref: ObjectRef): RequestTarget {
  if (typeof ref !== "object" || ref === null) {
    throw ApiError.badRequest(`an object reference must be an object, got ${ref === null ? "null" : typeof ref}`);
  }
  return resolveTarget(kinds, ref.apiVersion, ref.kind, ref.namespace, ref.name);
}
