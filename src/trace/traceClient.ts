import type { Client, KubernetesObjectApiLike, ObjectRef, PatchType } from "../client/client.ts";
import { KameraError } from "../kameraError.ts";
import type { KubernetesObjectLike } from "../objects/kubeObject.ts";
import { randomId, type NewId } from "./traceIds.ts";
import { TraceRecorder, type CallTarget } from "./traceRecorder.ts";
import type { TraceSink } from "./traceSink.ts";

/** Options of `traceClient`. */
export interface TraceClientOptions {
  /** The controller's name in the trace (use the same name in `traceReconciler`). */
  controller: string;
  sink: TraceSink;
  /** Id generator (random UUIDs by default). */
  newId?: NewId;
}

type AnyObject = { apiVersion?: string; kind?: string; metadata?: { name?: string; namespace?: string } };

function targetOf(o: AnyObject | ObjectRef | undefined): CallTarget {
  const meta = (o as AnyObject)?.metadata;
  const ref = o as ObjectRef;
  return { apiVersion: o?.apiVersion, kind: o?.kind, namespace: meta?.namespace ?? ref?.namespace, name: meta?.name ?? ref?.name };
}

function isKameraClient(api: unknown): api is Client {
  const c = api as Client;
  return typeof c?.get === "function" && typeof c.updateStatus === "function" && typeof c.list === "function";
}

function isObjectApi(api: unknown): api is KubernetesObjectApiLike {
  const c = api as KubernetesObjectApiLike;
  return typeof c?.read === "function" && typeof c.replace === "function" && typeof c.list === "function";
}

// client-node's patch strategies (content types) as kamera's patch types.
const PATCH_TYPES: Record<string, PatchType> = {
  "application/merge-patch+json": "merge",
  "application/json-patch+json": "json",
  "application/strategic-merge-patch+json": "strategic",
  "application/apply-patch+yaml": "apply",
};

/**
 * The object a patch is about, as the server has it, or undefined when there is none (an apply
 * may create it; any other patch then fails as it would untraced). The read is not traced: it is
 * tracing's own, not the controller's. Any other failure fails the patch.
 */
async function onServer(read: () => Promise<AnyObject>): Promise<AnyObject | undefined> {
  try {
    return await read();
  } catch (e) {
    if ((e as { code?: unknown })?.code === 404) return undefined;
    throw e;
  }
}

/** Runs `call`; records its success with `onOk`, its failure as an error event; rethrows failures. */
async function recorded<T>(rec: TraceRecorder, op: Parameters<TraceRecorder["failed"]>[0], target: CallTarget, call: () => Promise<T>, onOk: (r: T) => void, subresource?: "status"): Promise<T> {
  let result: T;
  try {
    result = await call();
  } catch (e) {
    rec.failed(op, target, e, subresource);
    throw e;
  }
  onOk(result);
  return result;
}

function traceObjectApi(api: KubernetesObjectApiLike, rec: TraceRecorder): KubernetesObjectApiLike {
  const traced: KubernetesObjectApiLike = {
    read: ((spec: AnyObject, ...rest: unknown[]) =>
      recorded(rec, "GET", targetOf(spec), () => (api.read as (...a: unknown[]) => Promise<AnyObject>)(spec, ...rest), (r) => rec.read("GET", r))) as KubernetesObjectApiLike["read"],
    list: ((apiVersion: string, kind: string, ...rest: unknown[]) =>
      recorded(
        rec,
        "LIST",
        { apiVersion, kind, namespace: rest[0] as string | undefined },
        () => (api.list as (...a: unknown[]) => Promise<{ items: AnyObject[] }>)(apiVersion, kind, ...rest),
        // List items carry no apiVersion/kind on the wire; the trace names them.
        (r) => {
          for (const item of r.items) rec.read("LIST", item.kind ? item : { ...item, apiVersion, kind });
        },
      )) as KubernetesObjectApiLike["list"],
    create: ((spec: AnyObject, ...rest: unknown[]) =>
      recorded(rec, "CREATE", targetOf(spec), () => (api.create as (...a: unknown[]) => Promise<AnyObject>)(rec.labelled(spec), ...rest), (r) => rec.wrote("CREATE", r))) as KubernetesObjectApiLike["create"],
    replace: ((spec: AnyObject, ...rest: unknown[]) =>
      recorded(rec, "UPDATE", targetOf(spec), () => (api.replace as (...a: unknown[]) => Promise<AnyObject>)(rec.labelled(spec), ...rest), (r) => rec.wrote("UPDATE", r))) as KubernetesObjectApiLike["replace"],
    patch: ((spec: AnyObject, ...rest: unknown[]) =>
      recorded(
        rec,
        "PATCH",
        targetOf(spec),
        async () => {
          const type = PATCH_TYPES[rest[4] as string] ?? "strategic";
          // The spec names the object; a body without apiVersion/kind/name (a JSON patch array) cannot be sent at all.
          const body = rec.labels() && !Array.isArray(spec) ? rec.labelledPatch(spec, await onServer(() => api.read(spec as never) as Promise<AnyObject>), type) : spec;
          return (api.patch as (...a: unknown[]) => Promise<AnyObject>)(body, ...rest);
        },
        (r) => rec.wrote("PATCH", r),
      )) as KubernetesObjectApiLike["patch"],
    delete: ((spec: AnyObject, ...rest: unknown[]) =>
      recorded(rec, "DELETE", targetOf(spec), () => (api.delete as (...a: unknown[]) => Promise<unknown>)(spec, ...rest), () => rec.wrote("DELETE", spec))) as KubernetesObjectApiLike["delete"],
  };
  return traced;
}

function traceKameraClient(client: Client, rec: TraceRecorder, options: TraceClientOptions): Client {
  const patchBody = async (ref: ObjectRef, patch: unknown, type: PatchType | undefined) =>
    rec.labels() ? rec.labelledPatch(patch, await onServer(() => client.get(ref)), type ?? "merge") : patch;
  return {
    get: (ref) => recorded(rec, "GET", targetOf(ref), () => client.get(ref), (r) => rec.read("GET", r)),
    list: (apiVersion, kind, opts) =>
      recorded(rec, "LIST", { apiVersion, kind, namespace: opts?.namespace }, () => client.list(apiVersion, kind, opts), (items) => {
        for (const item of items) rec.read("LIST", item);
      }),
    create: (obj) => recorded(rec, "CREATE", targetOf(obj), () => client.create(rec.labelled(obj)), (r) => rec.wrote("CREATE", r)),
    update: (obj) => recorded(rec, "UPDATE", targetOf(obj), () => client.update(rec.labelled(obj)), (r) => rec.wrote("UPDATE", r)),
    updateStatus: (obj) => recorded(rec, "UPDATE", targetOf(obj), () => client.updateStatus(obj), (r) => rec.wrote("UPDATE", r, "status"), "status"),
    patch: (ref, patch, type) => recorded(rec, "PATCH", targetOf(ref), async () => client.patch(ref, await patchBody(ref, patch, type), type), (r) => rec.wrote("PATCH", r)),
    // Labels live outside status: a status write cannot carry the root, so it is not added.
    patchStatus: (ref, patch, type) => recorded(rec, "PATCH", targetOf(ref), () => client.patchStatus(ref, patch, type), (r) => rec.wrote("PATCH", r, "status"), "status"),
    delete: (obj, opts) => recorded(rec, "DELETE", targetOf(obj as AnyObject), () => client.delete(obj, opts), () => rec.wrote("DELETE", obj as KubernetesObjectLike)),
    deleteAllOf: async (apiVersion, kind, opts) => {
      // One DELETE per object, as the server deletes them; the list is not a traced read.
      const victims = await client.list(apiVersion, kind, opts);
      await recorded(rec, "DELETE", { apiVersion, kind, namespace: opts?.namespace }, () => client.deleteAllOf(apiVersion, kind, opts), () => {
        for (const v of victims) rec.wrote("DELETE", v);
      });
    },
    asKubernetesObjectApi: () => traceObjectApi(client.asKubernetesObjectApi(), new TraceRecorder(options.controller, options.sink, options.newId ?? randomId)),
  };
}

/**
 * Wraps a client so that every call is recorded in a trace: reads (a GET, each LIST item) and
 * writes (create, update, patch, delete, status writes), with the reconcile and causal root they
 * belong to, and each object version read or written once in full. Writes carry the reconcile's
 * root in the `discrete.events/root-event-id` label (added only when the object has none). Works
 * on `@kubernetes/client-node`'s `KubernetesObjectApi` (a live cluster) and on kamera's own
 * `Client` (simulation), so the same reconciler records in both; calls and their results are
 * otherwise unchanged.
 *
 * @example
 * ```ts
 * const sink = await openTraceFile("trace.jsonl");
 * const api = traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "mirror", sink });
 * const reconciler = traceReconciler(new MirrorReconciler(api), { controller: "mirror", sink });
 * ```
 */
export function traceClient<T extends KubernetesObjectApiLike | Client>(api: T, options: TraceClientOptions): T {
  if (!options || typeof options.controller !== "string" || options.controller === "") throw new KameraError("traceClient: options.controller must be a non-empty string");
  if (!options.sink || typeof options.sink.write !== "function") throw new KameraError("traceClient: options.sink must be a TraceSink (see openTraceFile, streamSink)");
  const rec = new TraceRecorder(options.controller, options.sink, options.newId ?? randomId);
  if (isKameraClient(api)) return traceKameraClient(api, rec, options) as T;
  if (isObjectApi(api)) return traceObjectApi(api, rec) as T;
  throw new KameraError("traceClient: expected a @kubernetes/client-node KubernetesObjectApi or a kamera Client");
}
