/**
 * The kamera trace format, version 1: JSON Lines, one record per line. A file starts with a
 * header; several writers may append to one file (each flushes whole reconciles), so a reader
 * accepts repeated headers of the same version. See docs/tracing.md.
 */

/** The only format version this kamera writes and reads. */
export const TRACE_FORMAT_VERSION = 1;
export const TRACE_FORMAT_NAME = "kamera-trace";

/**
 * The label that carries a causal root id on objects written by traced controllers. It is the
 * original kamera's label name, so traces of both tools name roots the same way. It is set only
 * when absent (the first root wins), so it costs at most one extra label change per object.
 */
export const ROOT_EVENT_LABEL = "discrete.events/root-event-id";

/** Operations a trace event records. Status writes are UPDATE/PATCH with `subresource: "status"`. */
export type TraceOp = "GET" | "LIST" | "CREATE" | "UPDATE" | "PATCH" | "DELETE";

/** The ops that read (a GET, or one item of a LIST). */
export const READ_OPS: ReadonlySet<TraceOp> = new Set(["GET", "LIST"]);

/** The first record of a trace file (and of each writer's appended part). */
export interface TraceHeader {
  type: "header";
  format: typeof TRACE_FORMAT_NAME;
  version: number;
  createdAt: string;
}

/** One client call (a LIST gives one event per item). */
export interface TraceEvent {
  type: "event";
  id: string;
  /** RFC 3339 with milliseconds. */
  ts: string;
  /** The reconcile the call was made in; null outside any traced reconcile. */
  reconcileId: string | null;
  controller: string;
  /** The causal root: the first root the reconcile read (see ROOT_EVENT_LABEL); null before any read. */
  rootId: string | null;
  op: TraceOp;
  subresource?: "status";
  /** "" for the core group. */
  group: string;
  kind: string;
  namespace: string;
  name: string;
  uid: string;
  resourceVersion: string;
  /** The object version read or written (an `object` record); absent for deletes and failures. */
  hash?: string;
  /** The call failed with this API error (nothing was read or written). */
  error?: { code: number; reason: string; message: string };
}

/** The full object of one version, written once per hash. */
export interface TraceObject {
  type: "object";
  hash: string;
  value: Record<string, unknown>;
}

/** A traced reconcile began. */
export interface TraceReconcileStart {
  type: "reconcile";
  id: string;
  ts: string;
  controller: string;
  namespace: string;
  name: string;
}

/** A traced reconcile ended; `error` when it threw. */
export interface TraceReconcileEnd {
  type: "reconciled";
  id: string;
  ts: string;
  error?: string;
}

/** Any record of a trace file. */
export type TraceRecord = TraceHeader | TraceEvent | TraceObject | TraceReconcileStart | TraceReconcileEnd;

/** `<group or core>/<Kind>/<namespace>/<name>`, the key lenses use for an object. */
export function objectKeyOf(e: { group: string; kind: string; namespace: string; name: string }): string {
  return `${e.group === "" ? "core" : e.group}/${e.kind}/${e.namespace}/${e.name}`;
}
