import { KameraError } from "../kameraError.ts";
import { kindOf, type KindRegistry } from "../kinds.ts";
import { deepFreeze } from "../objects/deepFreeze.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import { ApiError } from "./apiError.ts";
import { deterministicUid } from "./deterministicUid.ts";
import { metadataCauses, nameCauses, nameFormatOf, namespaceCauses } from "./objectMetaValidation.ts";
import { decodeRequestBody } from "./requestBody.ts";
import { formatTimestamp } from "./rfc3339.ts";
import type { ServerMeta } from "./serverMeta.ts";

/** An object admitted into an initial state. */
export interface AdmittedObject {
  /** Canonical kind, e.g. `"apps/Deployment"`. */
  kind: string;
  /** The object as stored: frozen. */
  object: KubeObject;
  /** The bookkeeping after admitting it (one more revision; one more incarnation when a uid was generated). */
  meta: ServerMeta;
}

function describe(kind: string, obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  const name = obj.metadata?.name;
  return `${kind} ${ns ? `${ns}/` : ""}${name ? name : "<no name>"}`;
}

/**
 * Admits an object a user seeds into an initial state (`addObject`, `addTopLevelObject`,
 * `addEvent`). It describes what is already in the cluster, so its metadata is kept as given —
 * uid, resourceVersion, timestamps, generation, deletionTimestamp, status — and only what is
 * missing is filled in, deterministically: uid (from kind, namespace, name and incarnation),
 * resourceVersion (the next revision), creationTimestamp (`now`), and `generation: 1` for kinds
 * that keep one. A namespace on a cluster-scoped kind is dropped, as the server drops it.
 *
 * `hasher` is needed only to generate a missing uid.
 *
 * Mistakes are the user's, so they are `KameraError`s naming the object: no apiVersion/kind, no
 * name, a namespaced kind without a namespace, metadata the server would not accept.
 *
 * @example
 * ```ts
 * const { object, meta } = admitInitialObject(kinds, { apiVersion: "v1", kind: "ConfigMap",
 *   metadata: { name: "cfg", namespace: "default" } }, emptyServerMeta(), new Date(0), hasher);
 * object.metadata.resourceVersion; // "1"
 * ```
 */
export function admitInitialObject(kinds: KindRegistry, obj: KubeObject, meta: ServerMeta, now: Date, hasher?: Hasher): AdmittedObject {
  const kind = kindOf(obj);
  const info = kinds.info(kind);
  let body: KubeObject;
  try {
    body = decodeRequestBody(obj);
  } catch (e) {
    if (e instanceof ApiError) throw new KameraError(`initial object ${describe(kind, obj)}: ${e.message}`);
    throw e;
  }
  const m = (body.metadata ??= {});
  if (typeof m.name !== "string" || m.name === "") {
    throw new KameraError(`initial object ${describe(kind, obj)}: metadata.name is required (objects already in the cluster have a name; generateName is not applied)`);
  }
  let namespace = "";
  if (info.scope === "Cluster") {
    delete m.namespace;
  } else {
    if (typeof m.namespace !== "string" || m.namespace === "") {
      throw new KameraError(`initial object ${describe(kind, obj)}: ${kind} is namespaced, so metadata.namespace is required`);
    }
    namespace = m.namespace;
  }
  const causes = [
    ...nameCauses(m.name, nameFormatOf(kind)),
    ...(info.scope === "Namespaced" ? namespaceCauses(namespace) : []),
    ...metadataCauses(m),
  ];
  if (causes.length > 0) {
    throw new KameraError(`initial object ${describe(kind, obj)} is not valid: ${causes.map((c) => `${c.field}: ${c.message}`).join("; ")}`);
  }

  const revision = meta.revision + 1;
  let incarnations = meta.incarnations;
  if (!m.uid) {
    if (!hasher) throw new KameraError(`initial object ${describe(kind, obj)} has no uid, and admitInitialObject was given no hasher to generate one`);
    const h = hasher;
    const key = objectKeyString(kind, namespace, m.name);
    const incarnation = (incarnations.get(key) ?? 0) + 1;
    const next = new Map(incarnations);
    next.set(key, incarnation);
    incarnations = next;
    m.uid = deterministicUid(h, kind, namespace, m.name, incarnation);
  }
  // A given resourceVersion is kept; the revision counter moves past it so later writes get larger ones.
  let nextRevision = revision;
  if (!m.resourceVersion) {
    m.resourceVersion = String(revision);
  } else if (/^\d+$/.test(m.resourceVersion)) {
    nextRevision = Math.max(revision, Number(m.resourceVersion));
  }
  if (!m.creationTimestamp) m.creationTimestamp = formatTimestamp(now);
  if (info.hasGeneration && m.generation === undefined) m.generation = 1;
  return { kind, object: deepFreeze(body), meta: { revision: nextRevision, incarnations } };
}
