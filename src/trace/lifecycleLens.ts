import { createTwoFilesPatch } from "diff";
import { KameraError } from "../kameraError.ts";
import { objectKeyOf } from "./traceFormat.ts";
import type { Trace } from "./traceParser.ts";
import { versionsByObject } from "./versionOrder.ts";

/** Who wrote a version: a traced call, or someone the trace did not record. */
export type VersionWriter =
  | { traced: true; eventId: string; index: number; controller: string; reconcileId: string | null; op: string; subresource?: string }
  | { traced: false; firstSeenBy: { eventId: string; index: number; controller: string; op: string } };

/** One version of the object. `diff` is a unified diff from the previous version ("" for the first). */
export interface LifecycleVersion {
  resourceVersion: string;
  uid: string;
  hash: string;
  writer: VersionWriter;
  diff: string;
}

/** What happened to one object, oldest version first; `deletedBy` lists traced deletes of it. */
export interface Lifecycle {
  object: string;
  versions: LifecycleVersion[];
  deletedBy: { eventId: string; index: number; controller: string }[];
}

/** Parses `kind/namespace/name` (`Kind` or `group/Kind`; `core` for the core group; an empty namespace for cluster-scoped kinds). */
export function parseObjectKey(spec: string): { group?: string; kind: string; namespace: string; name: string } {
  const parts = spec.split("/");
  if (parts.length < 3 || parts.length > 4 || parts[parts.length - 1] === "" || parts[parts.length - 3] === "") {
    throw new KameraError(`--object ${JSON.stringify(spec)} does not name an object: expected kind/namespace/name, e.g. ConfigMap/default/web, apps/Deployment/default/web or Namespace//shop`);
  }
  const name = parts.pop()!;
  const namespace = parts.pop()!;
  const kind = parts.pop()!;
  const group = parts.pop();
  return group === undefined ? { kind, namespace, name } : { group: group === "core" ? "" : group, kind, namespace, name };
}

function pretty(value: unknown): string {
  return JSON.stringify(value, null, 2) + "\n";
}

/** The keys of every object in the trace, sorted. */
export function objectKeys(trace: Trace): string[] {
  return [...new Set(trace.events.filter((e) => e.name !== "").map(objectKeyOf))].sort();
}

/**
 * The lifecycle lens: one object's versions in resourceVersion order, with a diff from the one
 * before and who wrote each. A version no traced client wrote (kubectl, an untraced controller)
 * says which event first saw it.
 *
 * @example
 * ```ts
 * const lc = lifecycleLens(trace, "ConfigMap/default/web");
 * for (const v of lc.versions) console.log(v.resourceVersion, v.writer);
 * ```
 */
export function lifecycleLens(trace: Trace, objectSpec: string): Lifecycle {
  const want = parseObjectKey(objectSpec);
  const matches = (e: { group: string; kind: string; namespace: string; name: string }) =>
    e.kind === want.kind && e.namespace === want.namespace && e.name === want.name && (want.group === undefined || e.group === want.group);
  const keys = [...new Set(trace.events.filter(matches).map(objectKeyOf))];
  if (keys.length === 0) throw new KameraError(`the trace has no object ${objectSpec}; it has: ${objectKeys(trace).join(", ") || "(none)"}`);
  if (keys.length > 1) throw new KameraError(`${objectSpec} is ambiguous: ${keys.join(", ")}; name the group (core for the core group)`);
  const key = keys[0]!;
  const versions = versionsByObject(trace.events, objectKeyOf).get(key) ?? [];
  let previous = "";
  let previousRv = "";
  const out: LifecycleVersion[] = versions.map((v) => {
    const text = pretty(trace.objects.get(v.hash) ?? null);
    const diff = previous === "" ? "" : createTwoFilesPatch(`${key}@${previousRv}`, `${key}@${v.resourceVersion}`, previous, text, undefined, undefined, { context: 2 });
    previous = text;
    previousRv = v.resourceVersion;
    let writer: VersionWriter;
    if (v.writtenAt !== undefined) {
      const e = trace.events[v.writtenAt]!;
      writer = { traced: true, eventId: e.id, index: v.writtenAt, controller: e.controller, reconcileId: e.reconcileId, op: e.op, ...(e.subresource ? { subresource: e.subresource } : {}) };
    } else {
      const e = trace.events[v.firstSeen]!;
      writer = { traced: false, firstSeenBy: { eventId: e.id, index: v.firstSeen, controller: e.controller, op: e.op } };
    }
    return { resourceVersion: v.resourceVersion, uid: v.uid, hash: v.hash, writer, diff };
  });
  const deletedBy = trace.events.flatMap((e, index) => (e.op === "DELETE" && !e.error && objectKeyOf(e) === key ? [{ eventId: e.id, index, controller: e.controller }] : []));
  return { object: key, versions: out, deletedBy };
}
