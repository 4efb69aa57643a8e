import { createHash } from "node:crypto";
import { canonicalJson } from "../objects/canonicalJson.ts";
import { ROOT_EVENT_LABEL, type TraceEvent, type TraceOp } from "./traceFormat.ts";
import type { NewId } from "./traceIds.ts";
import { reconcileScope, type ReconcileScope } from "./reconcileScope.ts";
import type { TraceSink } from "./traceSink.ts";

interface ObjectShape {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string; labels?: Record<string, string> };
}

/** What a call was about when it has no object to show (a failed read, a delete by name). */
export interface CallTarget {
  apiVersion?: string;
  kind?: string;
  namespace?: string;
  name?: string;
}

function groupOf(apiVersion: string | undefined): string {
  const parts = (apiVersion ?? "v1").split("/");
  return parts.length === 2 ? parts[0]! : "";
}

/** The content address of an object version: SHA-256 of its canonical JSON, first 16 hex digits. */
export function versionHash(canonical: string): string {
  return createHash("sha256").update(canonical).digest("hex").slice(0, 16);
}

/** The API error of a failed call, in the shape of both client-node's ApiException and kamera's ApiError. */
function errorOf(e: unknown): { code: number; reason: string; message: string } {
  const ex = e as { code?: unknown; body?: unknown; message?: unknown };
  let body = ex?.body;
  if (typeof body === "string") {
    try {
      body = JSON.parse(body);
    } catch {
      body = undefined;
    }
  }
  const status = (body ?? {}) as { reason?: unknown; message?: unknown };
  return {
    code: typeof ex?.code === "number" ? ex.code : 0,
    reason: typeof status.reason === "string" ? status.reason : "ClientError",
    message: typeof status.message === "string" ? status.message : String(ex?.message ?? e),
  };
}

/** Writes the events and object versions of one traced client. */
export class TraceRecorder {
  constructor(
    private readonly controller: string,
    private readonly sink: TraceSink,
    private readonly newId: NewId,
  ) {}

  /** A successful read of one object (a GET, or one LIST item); sets the reconcile's root on its first read. */
  read(op: "GET" | "LIST", obj: ObjectShape): void {
    const scope = this.scope();
    if (scope && scope.rootId === null) scope.rootId = rootOf(obj);
    this.emit(op, obj, undefined, undefined);
  }

  /** A successful write; `obj` is what the server returned (or, for a delete, what was deleted). */
  wrote(op: TraceOp, obj: ObjectShape, subresource?: "status"): void {
    this.emit(op, obj, subresource, undefined);
  }

  failed(op: TraceOp, target: CallTarget, e: unknown, subresource?: "status"): void {
    this.emit(op, { apiVersion: target.apiVersion, kind: target.kind, metadata: { name: target.name, namespace: target.namespace } }, subresource, errorOf(e));
  }

  /** `obj` with the reconcile's root label added when it has none (a copy; the caller's object is untouched). */
  labelled<T>(obj: T): T {
    const rootId = this.scope()?.rootId;
    return rootId ? this.withLabel(obj, rootId) : obj;
  }

  /** Whether writes now get the root label: only inside a reconcile of this controller that has a root. */
  labels(): boolean {
    return !!this.scope()?.rootId;
  }

  /**
   * A patch body that adds the reconcile's root label when `current`, the object on the server
   * (undefined when there is none), has none. The body alone cannot decide: a merge patch rarely
   * carries labels, and labelling it whenever it lacks the label would overwrite the object's root
   * on every patch. A JSON patch gets an `add` first, so the caller's own operations still apply
   * after it. An apply patch keeps the current label in its body: a label the apply once set and
   * now leaves out would be removed.
   */
  labelledPatch<T>(patch: T, current: ObjectShape | undefined, type: "merge" | "json" | "strategic" | "apply"): T {
    const rootId = this.scope()?.rootId;
    if (!rootId) return patch;
    const existing = current?.metadata?.labels?.[ROOT_EVENT_LABEL];
    if (type === "json") {
      if (existing !== undefined || !Array.isArray(patch)) return patch;
      const add = current?.metadata?.labels
        ? { op: "add", path: `/metadata/labels/${ROOT_EVENT_LABEL.replace(/~/g, "~0").replace(/\//g, "~1")}`, value: rootId }
        : { op: "add", path: "/metadata/labels", value: { [ROOT_EVENT_LABEL]: rootId } };
      return [add, ...patch] as T;
    }
    if (existing === undefined) return this.labelled(patch);
    if (type !== "apply") return patch;
    return this.withLabel(patch, existing);
  }

  /** `obj` with the root label `value` added when it has none (a copy; the caller's object is untouched). */
  private withLabel<T>(obj: T, value: string): T {
    const shape = obj as ObjectShape;
    if (!shape || typeof shape !== "object" || Array.isArray(shape)) return obj;
    if (shape.metadata?.labels?.[ROOT_EVENT_LABEL] !== undefined) return obj;
    return { ...shape, metadata: { ...shape.metadata, labels: { ...shape.metadata?.labels, [ROOT_EVENT_LABEL]: value } } } as T;
  }

  /** The running traced reconcile, if it is this client's controller's: another controller's client called from inside it is not part of it. */
  private scope(): ReconcileScope | undefined {
    const scope = reconcileScope().getStore();
    return scope?.controller === this.controller ? scope : undefined;
  }

  private emit(op: TraceOp, obj: ObjectShape, subresource: "status" | undefined, error: TraceEvent["error"]): void {
    const scope = this.scope();
    const meta = obj.metadata ?? {};
    const event: TraceEvent = {
      type: "event",
      id: this.newId(),
      ts: new Date().toISOString(),
      reconcileId: scope?.id ?? null,
      controller: this.controller,
      rootId: scope?.rootId ?? null,
      op,
      ...(subresource ? { subresource } : {}),
      group: groupOf(obj.apiVersion),
      kind: obj.kind ?? "",
      namespace: meta.namespace ?? "",
      name: meta.name ?? "",
      uid: meta.uid ?? "",
      resourceVersion: meta.resourceVersion ?? "",
    };
    // A version is known by its resourceVersion; a delete's object is the pre-delete version the caller held.
    if (!error && op !== "DELETE" && meta.resourceVersion) {
      const canonical = canonicalJson(obj);
      const hash = versionHash(canonical);
      event.hash = hash;
      if (this.sink.claimObject(hash)) this.sink.write(`{"type":"object","hash":"${hash}","value":${canonical}}`);
    }
    if (error) event.error = error;
    this.sink.write(JSON.stringify(event));
    // Outside a reconcile nothing else flushes: write now. A failure is kept by the sink and thrown
    // by its next flush or close, so it is reported, not lost.
    if (!scope) this.sink.flush().catch(() => undefined);
  }
}

/**
 * The root id of an outside write: `ext-` and a hash of the object's key and resourceVersion.
 * A label value (at most 63 characters of `[A-Za-z0-9._-]`), so it cannot be the key itself; the
 * provenance lens maps it back to the version it names.
 */
export function externalRootId(objectKey: string, resourceVersion: string): string {
  return `ext-${versionHash(`${objectKey}@${resourceVersion}`)}`;
}

/**
 * The causal root an object carries: its root label, or — for an object no traced controller has
 * labelled, i.e. a write from outside (kubectl, another tool) — that version itself.
 */
export function rootOf(obj: ObjectShape): string {
  const label = obj.metadata?.labels?.[ROOT_EVENT_LABEL];
  if (label) return label;
  const m = obj.metadata ?? {};
  return externalRootId(`${groupOf(obj.apiVersion) || "core"}/${obj.kind ?? ""}/${m.namespace ?? ""}/${m.name ?? ""}`, m.resourceVersion ?? "");
}
