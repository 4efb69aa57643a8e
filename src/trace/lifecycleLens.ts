import { createTwoFilesPatch } from "diff";
import { KameraError } from "../kameraError.ts";
import { objectKeyOf } from "./traceFormat.ts";
import { reconcileEnding, type Trace } from "./traceParser.ts";
import { livesByObject } from "./objectLives.ts";
import type { SeenVersion } from "./versionOrder.ts";

/**
 * Who wrote a version: a traced call, or someone the trace did not record. `reconcileError`: the
 * reconcile that wrote it failed with this error; `reconcileUnfinished`: it has no end record.
 */
export type VersionWriter =
  | { traced: true; eventId: string; index: number; controller: string; reconcileId: string | null; reconcileError?: string; reconcileUnfinished?: true; op: string; subresource?: string }
  | { traced: false; firstSeenBy: { eventId: string; index: number; controller: string; op: string } };

/** One version of the object. `diff` is a unified diff from the previous version of its life ("" for the first). */
export interface LifecycleVersion {
  resourceVersion: string;
  uid: string;
  hash: string;
  writer: VersionWriter;
  diff: string;
}

/**
 * One life of the object: its versions of one uid, oldest first, and the traced deletes that ended
 * it. A life after the first is the object created again under the same name.
 */
export interface ObjectLife {
  /** "" when the trace saw no version of it, only a delete. */
  uid: string;
  versions: LifecycleVersion[];
  deletedBy: { eventId: string; index: number; controller: string }[];
}

/** What happened to one object: its lives, oldest first (more than one when it was deleted and created again). */
export interface Lifecycle {
  object: string;
  lives: ObjectLife[];
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

/** The keys of every object that existed in the trace, sorted (not those only failed calls name). */
export function objectKeys(trace: Trace): string[] {
  return [...livesByObject(trace.events).keys()].sort();
}

/** The failed calls that name an object, as an error message lists them. */
function failedCalls(trace: Trace, key: string): string {
  const calls = trace.events.flatMap((e, index) => (e.error && objectKeyOf(e) === key ? [`event #${index} ${e.op} ${e.error.code} ${e.error.reason}`] : []));
  const shown = calls.slice(0, 3).join(", ");
  return calls.length > 3 ? `${shown} and ${calls.length - 3} more` : shown;
}

function writerOf(trace: Trace, v: SeenVersion): VersionWriter {
  if (v.writtenAt === undefined) {
    const e = trace.events[v.firstSeen]!;
    return { traced: false, firstSeenBy: { eventId: e.id, index: v.firstSeen, controller: e.controller, op: e.op } };
  }
  const e = trace.events[v.writtenAt]!;
  const rec = e.reconcileId === null ? undefined : trace.reconciles.get(e.reconcileId);
  return {
    traced: true,
    eventId: e.id,
    index: v.writtenAt,
    controller: e.controller,
    reconcileId: e.reconcileId,
    ...reconcileEnding(rec),
    op: e.op,
    ...(e.subresource ? { subresource: e.subresource } : {}),
  };
}

/**
 * The lifecycle lens: one object's lives (one per uid: an object deleted and created again under
 * the same name has two), each with its versions in resourceVersion order, a diff from the version
 * before in the same life, who wrote each, and the traced deletes that ended it. A version no
 * traced client wrote (kubectl, an untraced controller) says which event first saw it. An object
 * the trace never saw exist (only failed calls name it) has no lifecycle: that is an error, as an
 * unknown object is.
 *
 * @example
 * ```ts
 * const lc = lifecycleLens(trace, "ConfigMap/default/web");
 * for (const life of lc.lives) for (const v of life.versions) console.log(life.uid, v.resourceVersion, v.writer);
 * ```
 */
export function lifecycleLens(trace: Trace, objectSpec: string): Lifecycle {
  const want = parseObjectKey(objectSpec);
  const matches = (e: { group: string; kind: string; namespace: string; name: string }) =>
    e.kind === want.kind && e.namespace === want.namespace && e.name === want.name && (want.group === undefined || e.group === want.group);
  const all = livesByObject(trace.events);
  const named = [...new Set(trace.events.filter(matches).map(objectKeyOf))];
  const keys = named.filter((k) => all.has(k));
  if (keys.length === 0) {
    const has = `it has: ${[...all.keys()].sort().join(", ") || "(none)"}`;
    if (named.length === 0) throw new KameraError(`the trace has no object ${objectSpec}; ${has}`);
    throw new KameraError(`${objectSpec} never existed in the trace: no version of it was read or written, only failed calls name it (${named.map((k) => failedCalls(trace, k)).join(", ")}); ${has}`);
  }
  if (keys.length > 1) throw new KameraError(`${objectSpec} is ambiguous: ${keys.join(", ")}; name the group (core for the core group)`);
  const key = keys[0]!;
  const lives = all.get(key)!.map((life): ObjectLife => {
    let previous = "";
    let previousRv = "";
    const versions = life.versions.map((v): LifecycleVersion => {
      const text = pretty(trace.objects.get(v.hash) ?? null);
      const diff = previous === "" ? "" : createTwoFilesPatch(`${key}@${previousRv}`, `${key}@${v.resourceVersion}`, previous, text, undefined, undefined, { context: 2 });
      previous = text;
      previousRv = v.resourceVersion;
      return { resourceVersion: v.resourceVersion, uid: v.uid, hash: v.hash, writer: writerOf(trace, v), diff };
    });
    const deletedBy = life.deletedAt.map((index) => ({ eventId: trace.events[index]!.id, index, controller: trace.events[index]!.controller }));
    return { uid: life.uid, versions, deletedBy };
  });
  return { object: key, lives };
}
