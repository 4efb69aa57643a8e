import type { V1Status } from "@kubernetes/client-node";
import { ApiError } from "../apiserver/apiError.ts";
import { showValue } from "../apiserver/objectMetaValidation.ts";
import { resolveKind } from "../apiserver/requestTarget.ts";
import type { WriteTransaction } from "../apiserver/writeTransaction.ts";
import { KameraError } from "../kameraError.ts";
import type { KindRegistry } from "../kinds.ts";
import type { KubeObject, KubernetesObjectLike } from "../objects/kubeObject.ts";
import type { Client, DeleteOptions, KubernetesObjectApiLike, ObjectRef, PatchType } from "./client.ts";

/** client-node's `PatchStrategy` content types, mapped to kamera's patch types. */
const PATCH_STRATEGIES: Readonly<Record<string, PatchType>> = {
  "application/json-patch+json": "json",
  "application/merge-patch+json": "merge",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/** What client-node's `KubernetesObjectApi` uses when a namespaced object names no namespace (no kubeconfig context here). */
const DEFAULT_NAMESPACE = "default";

type Serializer = { serialize(data: unknown, type: string): unknown; deserialize(data: unknown, type: string): unknown };
let serializer: Promise<Serializer> | undefined;

/**
 * client-node's own ObjectSerializer, loaded on first use (importing it costs a few hundred ms):
 * requests and responses go through it exactly as they do in client-node, so typed objects
 * (`V1Pod`) keep only their declared fields and timestamps come back as `Date`s.
 */
function objectSerializer(): Promise<Serializer> {
  serializer ??= import("@kubernetes/client-node/dist/serializer.js").then((m) => m.ObjectSerializer as Serializer);
  return serializer;
}

/** client-node's `getSerializationType`: `"apps/v1"` + `"Deployment"` → `"V1Deployment"`. */
function serializationType(apiVersion: string | undefined, kind: string | undefined): string {
  if (apiVersion === undefined || kind === undefined) return "KubernetesObject";
  const slash = apiVersion.indexOf("/");
  const version = slash < 0 ? apiVersion : apiVersion.slice(slash + 1);
  return `${version.charAt(0).toUpperCase()}${version.slice(1)}${kind}`;
}

/** The per-request options objects the real server validates, named as in its `Invalid` messages. */
function invalidOptions(kind: "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions", field: string, message: string): ApiError {
  return ApiError.invalid(`${kind}.meta.k8s.io`, "", [{ field, message }]);
}

function checkDryRun(kind: "CreateOptions" | "UpdateOptions" | "PatchOptions" | "DeleteOptions", dryRun: string | undefined): boolean {
  if (dryRun === undefined || dryRun === "") return false;
  if (dryRun === "All") return true;
  throw invalidOptions(kind, "dryRun", `Unsupported value: []string{${showValue(dryRun)}}: supported values: "All"`);
}

interface Header {
  apiVersion: string;
  kind: string;
  namespace?: string;
  name?: string;
}

/**
 * A request spec as client-node prepares it: `apiVersion` defaults to `v1`, `kind` is required,
 * and a namespaced object without a namespace gets the default namespace.
 */
function headerOf(kinds: KindRegistry, spec: unknown, needsName: boolean): Header {
  if (spec === null || spec === undefined) throw new KameraError("Required parameter spec was null or undefined");
  const s = spec as { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };
  if (!s.kind) throw new KameraError("Required spec property kind is not set");
  const apiVersion = s.apiVersion || "v1";
  const { info } = resolveKind(kinds, apiVersion, s.kind);
  const header: Header = { apiVersion, kind: s.kind };
  const ns = s.metadata?.namespace;
  if (info.scope === "Namespaced") header.namespace = ns ? ns : DEFAULT_NAMESPACE;
  if (s.metadata?.name) header.name = s.metadata.name;
  else if (needsName) throw new KameraError("Required spec property name is not set");
  return header;
}

/** The request body client-node would send: the spec serialized by its type, with the header's defaults filled in. */
function bodyOf(ser: Serializer, spec: KubeObject, header: Header): KubeObject {
  const body = ser.serialize(spec, serializationType(header.apiVersion, header.kind)) as KubeObject;
  body.apiVersion = header.apiVersion;
  if (header.namespace !== undefined) body.metadata = { ...body.metadata, namespace: header.namespace };
  return body;
}

function refOf(header: Header): ObjectRef {
  return { apiVersion: header.apiVersion, kind: header.kind, namespace: header.namespace, name: header.name ?? "" };
}

// btoa/atob over UTF-8 bytes rather than Buffer: the facade also runs in the browser inspector's worker.
function encodeContinue(key: string): string {
  let binary = "";
  for (const byte of new TextEncoder().encode(JSON.stringify({ after: key }))) binary += String.fromCharCode(byte);
  return btoa(binary);
}

function decodeContinue(token: string): string {
  try {
    const bytes = Uint8Array.from(atob(token), (c) => c.charCodeAt(0));
    const parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes)) as { after?: unknown };
    if (typeof parsed.after === "string") return parsed.after;
  } catch {
    // Falls through to the error below: any token kamera did not issue is invalid.
  }
  throw ApiError.badRequest(`continue key is not valid: ${JSON.stringify(token)} was not issued by this server`);
}

/** What the facade is made of: the reconcile's client (reads) and transaction (writes). */
export interface KubernetesObjectApiInit {
  client: Client;
  txn: WriteTransaction;
  kinds: KindRegistry;
  /** Called with the call's name before every write (reads go through `client`, which checks them). */
  beforeCall?: (call: string) => void;
}

/**
 * A facade with the method names, argument order and results of `@kubernetes/client-node` 1.4's
 * `KubernetesObjectApi` (`read`, `list`, `create`, `replace`, `patch`, `delete`), so a reconciler
 * written against client-node runs unchanged. Requests and responses go through client-node's
 * own serializer, so a `V1Pod` comes back as a `V1Pod` with `Date` timestamps. `patch` takes
 * client-node's `PatchStrategy` content types (strategic merge by default, as in client-node);
 * `list` returns `{ apiVersion, kind: "<Kind>List", metadata, items }` and honours `limit` and
 * `continue`; `delete` resolves to a `V1Status` with `status: "Success"`. `dryRun: "All"` validates
 * without writing. Errors are `ApiError`s, shaped like client-node's `ApiException`.
 *
 * @example
 * ```ts
 * import { PatchStrategy, type V1ConfigMap } from "@kubernetes/client-node";
 * const api = client.asKubernetesObjectApi();
 * const cm = await api.read<V1ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default" } });
 * await api.patch({ ...cm, data: { a: "1" } }, undefined, undefined, "me", undefined, PatchStrategy.MergePatch);
 * ```
 */
export function createKubernetesObjectApi(init: KubernetesObjectApiInit): KubernetesObjectApiLike {
  const { client, txn, kinds } = init;
  const before = init.beforeCall ?? ((): void => undefined);

  const deserialize = async <T>(obj: KubeObject): Promise<T> => {
    const ser = await objectSerializer();
    return ser.deserialize(obj, serializationType(obj.apiVersion, obj.kind)) as T;
  };

  return {
    async read<T extends KubernetesObjectLike = KubeObject>(spec: { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } }): Promise<T> {
      const header = headerOf(kinds, spec, true);
      return deserialize<T>(await client.get(refOf(header)));
    },

    async list<T extends KubernetesObjectLike = KubeObject>(
      apiVersion: string,
      kind: string,
      namespace?: string,
      _pretty?: string,
      _exact?: boolean,
      _exportt?: boolean,
      fieldSelector?: string,
      labelSelector?: string,
      limit?: number,
      continueToken?: string,
    ) {
      const { info } = resolveKind(kinds, apiVersion, kind);
      const all = await client.list(apiVersion, kind, { namespace, fieldSelector, labelSelector });
      const keyOf = (o: KubeObject) => `${o.metadata?.namespace ?? ""}\u0000${o.metadata?.name ?? ""}`;
      let items = all;
      if (continueToken) {
        const after = decodeContinue(continueToken);
        items = items.filter((o) => keyOf(o) > after);
      }
      const metadata: Record<string, unknown> = {};
      if (limit !== undefined && limit > 0 && items.length > limit) {
        items = items.slice(0, limit);
        metadata.continue = encodeContinue(keyOf(items[items.length - 1]!));
        metadata.remainingItemCount = all.length - all.indexOf(items[items.length - 1]!) - 1;
      }
      const ser = await objectSerializer();
      const listKind = `${info.name}List`;
      const list = { apiVersion, kind: listKind, metadata, items };
      // Lists of custom resources have no model in client-node: their items stay plain, as client-node leaves them.
      return ser.deserialize(list, serializationType(apiVersion, listKind)) as { apiVersion?: string; kind?: string; items: T[]; metadata?: Record<string, unknown> };
    },

    async create<T extends KubernetesObjectLike = KubeObject>(spec: T, _pretty?: string, dryRun?: string): Promise<T> {
      before("create");
      const dry = checkDryRun("CreateOptions", dryRun);
      const header = headerOf(kinds, spec, false);
      const body = bodyOf(await objectSerializer(), spec as unknown as KubeObject, header);
      return deserialize<T>(txn.create(body, { dryRun: dry }));
    },

    async replace<T extends KubernetesObjectLike = KubeObject>(spec: T, _pretty?: string, dryRun?: string): Promise<T> {
      before("replace");
      const dry = checkDryRun("UpdateOptions", dryRun);
      const header = headerOf(kinds, spec, true);
      const body = bodyOf(await objectSerializer(), spec as unknown as KubeObject, header);
      return deserialize<T>(txn.update(body, { dryRun: dry }));
    },

    async patch<T extends KubernetesObjectLike = KubeObject>(
      spec: T,
      _pretty?: string,
      dryRun?: string,
      fieldManager?: string,
      force?: boolean,
      patchStrategy: string = "application/strategic-merge-patch+json",
    ): Promise<T> {
      before("patch");
      const dry = checkDryRun("PatchOptions", dryRun);
      const type = PATCH_STRATEGIES[patchStrategy];
      if (type === undefined) {
        throw new ApiError(
          415,
          "UnsupportedMediaType",
          `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_STRATEGIES).join(", ")}`,
        );
      }
      if (type === "apply" && !fieldManager) throw invalidOptions("PatchOptions", "fieldManager", "Required value: is required for apply patch");
      if (type !== "apply" && force !== undefined) throw invalidOptions("PatchOptions", "force", "Forbidden: may not be specified for non-apply patch");
      const header = headerOf(kinds, spec, true);
      const body = bodyOf(await objectSerializer(), spec as unknown as KubeObject, header);
      return deserialize<T>(txn.patch(refOf(header), body, type, { dryRun: dry }));
    },

    async delete(
      spec: KubernetesObjectLike,
      _pretty?: string,
      dryRun?: string,
      _gracePeriodSeconds?: number,
      orphanDependents?: boolean,
      propagationPolicy?: string,
      body?: { preconditions?: { uid?: string; resourceVersion?: string }; propagationPolicy?: string; orphanDependents?: boolean; dryRun?: string[] },
    ): Promise<V1Status> {
      before("delete");
      const dry = checkDryRun("DeleteOptions", dryRun ?? body?.dryRun?.[0]);
      const header = headerOf(kinds, spec, true);
      const policy = propagationPolicy ?? body?.propagationPolicy;
      const orphan = orphanDependents ?? body?.orphanDependents;
      if (policy !== undefined && orphan !== undefined) {
        throw invalidOptions("DeleteOptions", "propagationPolicy", `Invalid value: ${showValue(policy)}: orphanDependents and deletionPropagation cannot be both set`);
      }
      const opts: DeleteOptions = {};
      if (policy !== undefined) opts.propagationPolicy = policy as DeleteOptions["propagationPolicy"];
      else if (orphan !== undefined) opts.propagationPolicy = orphan ? "Orphan" : "Background";
      if (body?.preconditions) opts.preconditions = body.preconditions;
      const { object } = txn.delete(refOf(header), { ...opts, dryRun: dry });
      const { info } = resolveKind(kinds, header.apiVersion, header.kind);
      const dot = info.resource.indexOf(".");
      const status = {
        apiVersion: "v1",
        kind: "Status",
        metadata: {},
        status: "Success",
        details: { name: header.name, group: info.group, kind: dot < 0 ? info.resource : info.resource.slice(0, dot), uid: object.metadata?.uid },
      };
      return (await objectSerializer()).deserialize(status, "V1Status") as V1Status;
    },
  };
}
