import type { IncomingMessage, ServerResponse } from "node:http";
import { ApiError } from "../apiserver/apiError.ts";
import { compileFieldSelector } from "../apiserver/fieldSelector.ts";
import { compileListFilter } from "../apiserver/listFilter.ts";
import type { DeleteOptions, ListOptions, ObjectRef } from "../client/client.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import { kindFieldSelectors } from "./kindFieldSelectors.ts";
import { checkListQuery } from "./listQueryValidation.ts";
import { continueExpired, decodeContinue, encodeContinue } from "./continueToken.ts";
import type { LiveCluster } from "./liveCluster.ts";
import { objectBody, parseJsonBody, parseYamlBody, readBody } from "./requestBodyReader.ts";
import { checkContentType, PATCH_CONTENT_TYPES } from "./requestMediaType.ts";
import type { ServedResource } from "./resourceCatalog.ts";
import type { ApiPath } from "./resourcePath.ts";
import { patchScale, replicasPatch, scaleOf } from "./scaleSubresource.ts";
import { methodNotAllowed, notServed, sendJson } from "./statusResponse.ts";
import { tableOf, wantsTable } from "./tableView.ts";
import { openWatch, type OpenWatch } from "./watchStream.ts";

/** What the resource handler needs from its server. */
export interface ResourceHandlerContext {
  cluster: LiveCluster;
  maxBodyBytes: number;
  bookmarkIntervalMs: number;
  /** The clock (for the Age column of tables). */
  now: () => Date;
  /** Open watches, so that closing the server can end them. */
  watches: Set<OpenWatch>;
}

type ResourceRequestPath = Extract<ApiPath, { type: "resource" }>;

/** The resource a request is about, resolved against the catalog. */
interface Addressed {
  res: ServedResource;
  /** Canonical kind (`apps/Deployment`). */
  kind: string;
  /** The apiVersion of the URL (`apps/v1`). */
  apiVersion: string;
  /** Namespace from the path, "" when none (all namespaces, or a cluster-scoped resource). */
  namespace: string;
  name?: string;
  subresource?: string;
}

function address(cluster: LiveCluster, p: ResourceRequestPath): Addressed {
  const res = cluster.catalog.lookup(p.group, p.version, p.plural);
  if (res === undefined) throw notServed();
  if (res.scope === "Cluster" && p.namespace !== undefined) throw notServed();
  if (p.subresource !== undefined) {
    const known =
      (p.subresource === "status" && res.status) ||
      (p.subresource === "scale" && res.scale !== undefined) ||
      (p.subresource === "finalize" && isNamespaces(res));
    if (!known) throw notServed();
  }
  return {
    res,
    kind: `${res.group || "core"}/${res.kind}`,
    apiVersion: res.group ? `${res.group}/${p.version}` : p.version,
    namespace: p.namespace ?? "",
    ...(p.name !== undefined ? { name: p.name } : {}),
    ...(p.subresource !== undefined ? { subresource: p.subresource } : {}),
  };
}

function isNamespaces(res: ServedResource): boolean {
  return res.group === "" && res.kind === "Namespace";
}

/**
 * `PUT /api/v1/namespaces/<name>/finalize`: the body is a Namespace whose `spec.finalizers` replace
 * the stored ones and whose metadata replaces the stored metadata as an update's does (its
 * `metadata.resourceVersion`, when given, makes the write conditional); the status is kept.
 */
function finalizeNamespace(cluster: LiveCluster, a: Addressed, body: Record<string, unknown>, dryRun: boolean): KubeObject {
  const meta = (body.metadata as Record<string, unknown> | undefined) ?? {};
  if (meta.name !== undefined && meta.name !== a.name) {
    throw ApiError.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${a.name})`);
  }
  const spec = body.spec as { finalizers?: unknown } | undefined;
  const finalizers = spec?.finalizers ?? [];
  if (!Array.isArray(finalizers)) throw ApiError.badRequest("spec.finalizers must be a list of finalizer names");
  return cluster.write((txn) => txn.finalize(a.name!, finalizers, meta, { dryRun }));
}

function dryRunOf(q: URLSearchParams): boolean {
  const values = q.getAll("dryRun");
  for (const v of values) {
    if (v !== "All") throw ApiError.badRequest(`Invalid dryRun value ${JSON.stringify(v)}: the only supported value is "All"`);
  }
  return values.length > 0;
}

function intParam(q: URLSearchParams, name: string): number | undefined {
  const v = q.get(name);
  if (v === null || v === "") return undefined;
  if (!/^\d+$/.test(v)) throw ApiError.badRequest(`${name}: invalid value ${JSON.stringify(v)}: expected a non-negative integer`);
  return Number(v);
}

function boolParam(q: URLSearchParams, name: string): boolean {
  const v = q.get(name);
  return v === "true" || v === "1";
}

/** The resourceVersion query parameter as a revision; "" and "0" are `undefined` (any, i.e. the latest). */
function revisionParam(q: URLSearchParams): number | undefined {
  const v = q.get("resourceVersion");
  if (v === null || v === "" || v === "0") return undefined;
  if (!/^\d+$/.test(v)) throw ApiError.badRequest(`resourceVersion: invalid value ${JSON.stringify(v)}: expected a resourceVersion this server returned`);
  return Number(v);
}

function listOptions(a: Addressed, q: URLSearchParams): ListOptions {
  const opts: ListOptions = {};
  if (a.namespace) opts.namespace = a.namespace;
  const ls = q.get("labelSelector");
  if (ls) opts.labelSelector = ls;
  const fs = q.get("fieldSelector");
  if (fs) opts.fieldSelector = fs;
  return opts;
}

/** The list or watch filter of a request: namespace, label selector, and field selector with the kind's own fields. */
function listFilter(a: Addressed, q: URLSearchParams): (obj: KubeObject) => boolean {
  const { fieldSelector, ...rest } = listOptions(a, q);
  const base = compileListFilter(rest, a.res.scope);
  const fields = compileFieldSelector(fieldSelector, kindFieldSelectors(a.kind));
  return (obj) => base(obj) && fields(obj);
}

/** The body's kind filled from the URL when absent, and checked against it when present. */
function withKind(body: Record<string, unknown>, a: Addressed): Record<string, unknown> {
  const out = { ...body };
  if (out.kind === undefined || out.kind === "") out.kind = a.res.kind;
  if (out.kind !== a.res.kind) {
    throw ApiError.badRequest(`the object provided is a ${JSON.stringify(out.kind)}, but this URL serves ${a.res.kind} (${a.res.plural})`);
  }
  return out;
}

/**
 * A create or update body's apiVersion/kind filled from the URL when absent, and checked against
 * it when present: the whole apiVersion, since another version of the group is another schema.
 */
function withTypeMeta(body: Record<string, unknown>, a: Addressed): Record<string, unknown> {
  const out = withKind(body, a);
  if (out.apiVersion === undefined || out.apiVersion === "") out.apiVersion = a.apiVersion;
  if (out.apiVersion !== a.apiVersion) {
    throw ApiError.badRequest(`the API version in the data (${String(out.apiVersion)}) does not match the expected API version (${a.apiVersion})`);
  }
  return out;
}

/** A server-side apply body's type: the real server takes no default for its apiVersion and words the mismatch its own way. */
function withAppliedTypeMeta(body: Record<string, unknown>, a: Addressed): Record<string, unknown> {
  const out = withKind(body, a);
  if (out.apiVersion !== a.apiVersion) {
    throw ApiError.badRequest(`Incorrect version specified in apply patch. Specified patch version: ${String(out.apiVersion ?? "")}, expected: ${a.apiVersion}`);
  }
  return out;
}

/** The body's namespace filled from the URL when absent; a different one is 400, as on the real server. */
function withNamespace(body: Record<string, unknown>, a: Addressed): Record<string, unknown> {
  if (a.res.scope === "Cluster") return body;
  const meta = { ...((body.metadata as Record<string, unknown> | undefined) ?? {}) };
  if (meta.namespace === undefined || meta.namespace === "") meta.namespace = a.namespace;
  else if (meta.namespace !== a.namespace) {
    throw ApiError.badRequest("the namespace of the provided object does not match the namespace sent on the request");
  }
  return { ...body, metadata: meta };
}

function refOf(a: Addressed): ObjectRef {
  return { apiVersion: a.apiVersion, kind: a.res.kind, namespace: a.namespace, name: a.name! };
}

function needNamespace(a: Addressed): void {
  if (a.res.scope === "Namespaced" && a.namespace === "") throw notServed();
}

/** NamespaceLifecycle admission: a namespaced object can only be created in a namespace that exists and is not being deleted. */
function checkNamespaceForCreate(cluster: LiveCluster, a: Addressed, name: string): void {
  if (a.res.scope !== "Namespaced") return;
  const ns = cluster.world.get("core/Namespace", "", a.namespace);
  if (ns === undefined) throw ApiError.notFound("namespaces", a.namespace);
  if (ns.metadata?.deletionTimestamp !== undefined) {
    throw new ApiError(403, "Forbidden", `${a.res.plural} "${name}" is forbidden: unable to create new content in namespace ${a.namespace} because it is being terminated`, {
      name,
      group: a.res.group,
      kind: a.res.plural,
    });
  }
}

function listKind(a: Addressed): string {
  return `${a.res.kind}List`;
}

function get(cluster: LiveCluster, a: Addressed): KubeObject {
  const obj = cluster.world.get(a.kind, a.res.scope === "Cluster" ? "" : a.namespace, a.name!);
  if (obj === undefined) throw ApiError.notFound(cluster.kinds.info(a.kind).resource, a.name!);
  return obj;
}

function list(cluster: LiveCluster, a: Addressed, q: URLSearchParams): Record<string, unknown> {
  const keep = listFilter(a, q);
  const limit = intParam(q, "limit");
  const token = q.get("continue");
  let world = cluster.world;
  let revision = cluster.revision;
  let startAfter: string | undefined;
  if (token) {
    const pos = decodeContinue(token);
    const snap = cluster.snapshot(pos.revision);
    if (snap === undefined) throw continueExpired();
    world = snap;
    revision = pos.revision;
    startAfter = pos.lastKey;
  } else {
    const rv = revisionParam(q);
    if (rv !== undefined && rv > cluster.revision) {
      throw new ApiError(504, "Timeout", `Too large resource version: ${rv}, current: ${cluster.revision}`);
    }
    if (rv !== undefined && q.get("resourceVersionMatch") === "Exact") {
      const snap = cluster.snapshot(rv);
      if (snap === undefined) throw new ApiError(410, "Expired", `too old resource version: ${rv} (${cluster.revision})`);
      world = snap;
      revision = rv;
    }
  }
  const keyOf = (o: KubeObject) => objectKeyString(a.kind, o.metadata?.namespace ?? "", o.metadata?.name ?? "");
  let items = world.list(a.kind).filter(keep);
  if (startAfter !== undefined) items = items.filter((o) => keyOf(o) > startAfter!);
  const metadata: Record<string, unknown> = { resourceVersion: String(revision) };
  if (limit !== undefined && limit > 0 && items.length > limit) {
    const remaining = items.length - limit;
    items = items.slice(0, limit);
    const at = revision === cluster.revision ? cluster.keepSnapshot() : revision;
    metadata.continue = encodeContinue({ revision: at, lastKey: keyOf(items[items.length - 1]!) });
    metadata.remainingItemCount = remaining;
  }
  return { kind: listKind(a), apiVersion: a.apiVersion, metadata, items };
}

function deleteOptions(body: unknown, q: URLSearchParams): DeleteOptions {
  const opts: DeleteOptions = {};
  const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const policy = q.get("propagationPolicy") ?? (b.propagationPolicy as string | undefined);
  const orphan = q.get("orphanDependents") ?? (b.orphanDependents !== undefined ? String(b.orphanDependents) : null);
  if (policy) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
  else if (orphan === "true") opts.propagationPolicy = "Orphan";
  else if (orphan === "false") opts.propagationPolicy = "Background";
  const pre = b.preconditions as { uid?: string; resourceVersion?: string } | undefined;
  if (pre && typeof pre === "object") {
    opts.preconditions = {};
    if (typeof pre.uid === "string") opts.preconditions.uid = pre.uid;
    if (typeof pre.resourceVersion === "string") opts.preconditions.resourceVersion = pre.resourceVersion;
  }
  return opts;
}

function bodyDryRun(body: unknown): boolean {
  const d = (typeof body === "object" && body !== null ? (body as { dryRun?: unknown }).dryRun : undefined) ?? [];
  if (!Array.isArray(d)) throw ApiError.badRequest("DeleteOptions.dryRun must be a list such as [\"All\"]");
  for (const v of d) if (v !== "All") throw ApiError.badRequest(`Invalid dryRun value ${JSON.stringify(v)}: the only supported value is "All"`);
  return d.length > 0;
}

/**
 * Serves one request under a resource path: get, list, watch, create, update, patch, delete and
 * deletecollection, the `status` and `scale` subresources, and tables for clients that ask for
 * them. Every write is one `LiveCluster.write`: it is validated by `WriteTransaction` and either
 * applies whole or fails with a Status and changes nothing.
 */
export async function handleResource(
  req: IncomingMessage,
  res: ServerResponse,
  path: ResourceRequestPath,
  query: URLSearchParams,
  ctx: ResourceHandlerContext,
): Promise<void> {
  const { cluster } = ctx;
  const a = address(cluster, path);
  const method = req.method ?? "GET";
  const table = wantsTable(req.headers.accept);

  // The body's media type is checked once the request is routed, as the real server's handlers
  // negotiate it: an unknown resource is 404 and a method a path does not serve is 405, whatever
  // the body.
  if (a.res.review) {
    if (method !== "POST" || a.name !== undefined) throw methodNotAllowed(method, req.url ?? "");
    checkContentType(req);
    const body = withTypeMeta(objectBody(parseJsonBody(await readBody(req, ctx.maxBodyBytes)), "create"), a);
    // The kubeconfig's token is the only credential and may do everything: every review is allowed.
    sendJson(res, 201, { ...body, status: { allowed: true, reason: "kamera serve-api allows every request made with its token" } });
    return;
  }

  if (a.name === undefined) {
    if (a.subresource !== undefined) throw notServed();
    // The all-namespaces path of a namespaced kind serves reads only: create and deletecollection
    // live under /namespaces/<ns>/, and a real server answers anything else here with 405.
    if (a.res.scope === "Namespaced" && a.namespace === "" && method !== "GET") throw methodNotAllowed(method, req.url ?? "");
    if (method !== "GET" && method !== "POST" && method !== "DELETE") throw methodNotAllowed(method, req.url ?? "");
    checkContentType(req);
    switch (method) {
      case "GET": {
        const watching = boolParam(query, "watch");
        checkListQuery(query, watching);
        if (watching) {
          const keep = listFilter(a, query);
          const after = revisionParam(query);
          const w: OpenWatch = openWatch(
            res,
            cluster,
            {
              kind: a.kind,
              apiVersion: a.apiVersion,
              kindName: a.res.kind,
              filter: keep,
              after,
              bookmarks: boolParam(query, "allowWatchBookmarks"),
              sendInitialEvents: boolParam(query, "sendInitialEvents"),
              timeoutSeconds: intParam(query, "timeoutSeconds"),
              bookmarkIntervalMs: ctx.bookmarkIntervalMs,
              ...(table ? { present: (obj: KubeObject) => tableOf(a.res, [obj], query, ctx.now()) } : {}),
            },
            () => ctx.watches.delete(w),
          );
          ctx.watches.add(w);
          return;
        }
        const l = list(cluster, a, query);
        sendJson(res, 200, table ? tableOf(a.res, l.items as KubeObject[], query, ctx.now(), l.metadata as Record<string, unknown>) : l);
        return;
      }
      case "POST": {
        const body = withNamespace(withTypeMeta(objectBody(parseJsonBody(await readBody(req, ctx.maxBodyBytes)), "create"), a), a);
        const dryRun = dryRunOf(query);
        const name = String((body.metadata as Record<string, unknown> | undefined)?.name ?? "");
        checkNamespaceForCreate(cluster, a, name);
        const created = cluster.write((txn) => txn.create(body as KubeObject, { dryRun }));
        sendJson(res, 201, created);
        return;
      }
      case "DELETE": {
        const raw = parseJsonBody(await readBody(req, ctx.maxBodyBytes));
        const opts = { ...deleteOptions(raw, query), ...listOptions(a, query), dryRun: dryRunOf(query) || bodyDryRun(raw) };
        const outcomes = cluster.write((txn) => txn.deleteAllOf(a.apiVersion, a.res.kind, opts));
        sendJson(res, 200, { kind: listKind(a), apiVersion: a.apiVersion, metadata: { resourceVersion: String(cluster.revision) }, items: outcomes.map((o) => o.object) });
        return;
      }
      default:
        throw methodNotAllowed(method, req.url ?? "");
    }
  }

  needNamespace(a);
  const sub = a.subresource;
  // The finalize subresource can only be replaced: the real server serves nothing else there.
  if (sub === "finalize" && method !== "PUT") throw methodNotAllowed(method, req.url ?? "");
  if (!["GET", "PUT", "PATCH", "DELETE"].includes(method) || (sub !== undefined && method === "DELETE")) throw methodNotAllowed(method, req.url ?? "");
  checkContentType(req);
  switch (method) {
    case "GET": {
      if (boolParam(query, "watch")) throw ApiError.badRequest("watch a single object with a list watch and fieldSelector=metadata.name=<name>");
      const obj = get(cluster, a);
      if (sub === "scale") sendJson(res, 200, scaleOf(obj, a.res));
      else sendJson(res, 200, table ? tableOf(a.res, [obj], query, ctx.now()) : obj);
      return;
    }
    case "PUT": {
      const parsed = objectBody(parseJsonBody(await readBody(req, ctx.maxBodyBytes)), "update");
      const dryRun = dryRunOf(query);
      if (sub === "scale") {
        const patch = replicasPatch(parsed, a.res, a.name);
        const updated = cluster.write((txn) => txn.patch(refOf(a), patch, "merge", { dryRun }));
        sendJson(res, 200, scaleOf(updated, a.res));
        return;
      }
      if (sub === "finalize") {
        sendJson(res, 200, finalizeNamespace(cluster, a, withTypeMeta(parsed, a), dryRun));
        return;
      }
      const body = withNamespace(withTypeMeta(parsed, a), a);
      const meta = (body.metadata as Record<string, unknown> | undefined) ?? {};
      if (meta.name !== undefined && meta.name !== a.name) {
        throw ApiError.badRequest(`the name of the object (${String(meta.name)}) does not match the name on the URL (${a.name})`);
      }
      const full = { ...body, metadata: { ...meta, name: a.name } } as KubeObject;
      const updated = cluster.write((txn) => (sub === "status" ? txn.updateStatus(full, { dryRun }) : txn.update(full, { dryRun })));
      sendJson(res, 200, updated);
      return;
    }
    case "PATCH": {
      const contentType = (req.headers["content-type"] ?? "").split(";")[0]!.trim();
      const type = PATCH_CONTENT_TYPES[contentType];
      if (type === undefined) {
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_CONTENT_TYPES).join(", ")}`,
        );
      }
      const raw = await readBody(req, ctx.maxBodyBytes);
      const patch = type === "apply" ? parseYamlBody(raw) : parseJsonBody(raw);
      const dryRun = dryRunOf(query);
      const force = boolParam(query, "force");
      if (type === "apply" && !query.get("fieldManager")) {
        throw ApiError.invalid("PatchOptions.meta.k8s.io", "", [{ field: "fieldManager", message: "Required value: is required for apply patch" }]);
      }
      if (force && type !== "apply") {
        throw ApiError.invalid("PatchOptions.meta.k8s.io", "", [{ field: "force", message: "Unsupported value: true: may not be specified for non-apply patch" }]);
      }
      if (sub === "scale") {
        const current = get(cluster, a);
        const next = patchScale(scaleOf(current, a.res), patch, type);
        const replicas = replicasPatch(next, a.res, a.name);
        const updated = cluster.write((txn) => txn.patch(refOf(a), replicas, "merge", { dryRun }));
        sendJson(res, 200, scaleOf(updated, a.res));
        return;
      }
      if (type === "apply") {
        // The applied configuration names its own object; fill what the URL says, refuse what contradicts it.
        const applied = withNamespace(withAppliedTypeMeta(objectBody(patch, "apply"), a), a);
        if (sub === "status") {
          sendJson(res, 200, cluster.write((txn) => txn.patchStatus(refOf(a), applied, type, { dryRun })));
          return;
        }
        // An apply that creates is a create to admission and to the client; nothing is awaited
        // between this look and the write, so no other request can create the object in between.
        const creates = cluster.world.get(a.kind, a.namespace, a.name!) === undefined;
        if (creates) checkNamespaceForCreate(cluster, a, a.name!);
        const result = cluster.write((txn) => txn.patch(refOf(a), applied, type, { dryRun }));
        sendJson(res, creates ? 201 : 200, result);
        return;
      }
      const updated = cluster.write((txn) => (sub === "status" ? txn.patchStatus(refOf(a), patch, type, { dryRun }) : txn.patch(refOf(a), patch, type, { dryRun })));
      sendJson(res, 200, updated);
      return;
    }
    case "DELETE": {
      const raw = parseJsonBody(await readBody(req, ctx.maxBodyBytes));
      const opts = { ...deleteOptions(raw, query), dryRun: dryRunOf(query) || bodyDryRun(raw) };
      const outcome = cluster.write((txn) => txn.delete(refOf(a), opts));
      sendJson(res, 200, outcome.object);
      return;
    }
    default:
      throw methodNotAllowed(method, req.url ?? "");
  }
}
