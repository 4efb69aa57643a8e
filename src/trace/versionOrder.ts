import type { TraceEvent } from "./traceFormat.ts";

/**
 * Orders two resourceVersions of one server. Kubernetes calls them opaque, but every real server
 * (etcd's revision) and kamera's serve them as one increasing integer per cluster, so a larger one
 * is later — across objects too. Returns undefined when either is not an integer.
 */
export function compareResourceVersions(a: string, b: string): number | undefined {
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b)) return undefined;
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

/** A version of one object that the trace holds, where it was first seen and who wrote it. */
export interface SeenVersion {
  resourceVersion: string;
  uid: string;
  hash: string;
  /** Index in `trace.events` of the first event that holds it. */
  firstSeen: number;
  /** Index of the traced write that produced it, if a traced client wrote it. */
  writtenAt?: number;
}

const WRITES = new Set(["CREATE", "UPDATE", "PATCH"]);

/** Every version each object had in the trace, keyed by `objectKeyOf`, ordered oldest first. */
export function versionsByObject(events: readonly TraceEvent[], keyOf: (e: TraceEvent) => string): Map<string, SeenVersion[]> {
  const out = new Map<string, SeenVersion[]>();
  events.forEach((e, i) => {
    if (e.hash === undefined || e.error) return;
    const key = keyOf(e);
    let list = out.get(key);
    if (!list) out.set(key, (list = []));
    let v = list.find((x) => x.uid === e.uid && x.resourceVersion === e.resourceVersion);
    if (!v) list.push((v = { resourceVersion: e.resourceVersion, uid: e.uid, hash: e.hash, firstSeen: i }));
    if (WRITES.has(e.op) && v.writtenAt === undefined) v.writtenAt = i;
  });
  for (const list of out.values()) list.sort((a, b) => compareResourceVersions(a.resourceVersion, b.resourceVersion) ?? a.firstSeen - b.firstSeen);
  return out;
}
