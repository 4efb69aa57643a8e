import { READ_OPS, objectKeyOf } from "./traceFormat.ts";
import type { Trace } from "./traceParser.ts";
import { compareResourceVersions, versionsByObject } from "./versionOrder.ts";

/** A version a reconcile had read before it wrote, and whether a newer one existed by then. */
export interface KnownRead {
  object: string;
  resourceVersion: string;
  eventId: string;
  /** A newer version of the object existed when the write happened. */
  stale: boolean;
  /** The newest version the server held at the write, as far as the trace shows. */
  newestResourceVersion: string;
}

/** One write and what its reconcile knew. */
export interface WriteKnowledge {
  eventId: string;
  index: number;
  controller: string;
  reconcileId: string;
  /** The reconcile failed: it ended with this error (it threw), after or before this write. */
  reconcileError?: string;
  op: string;
  subresource?: string;
  object: string;
  resourceVersion: string;
  error?: string;
  reads: KnownRead[];
}

const WRITE_OPS = new Set(["CREATE", "UPDATE", "PATCH", "DELETE"]);

/**
 * The knowledge lens: for each write made in a traced reconcile, every object version that
 * reconcile had read before it (each distinct version once, last read first kept in read order),
 * flagged **stale** when the server already held a newer version of that object at the write.
 *
 * "Held at the write" uses resourceVersions: a version whose resourceVersion lies between the one
 * read and the one the write produced existed before the write (resourceVersions increase across
 * the whole cluster). For a write with no resourceVersion to compare (a failed write, a delete),
 * versions the trace had seen before the write count. Versions nobody traced ever saw are unknown
 * to the lens.
 *
 * @example
 * ```ts
 * for (const w of knowledgeLens(trace)) for (const r of w.reads) if (r.stale) console.log(`${w.eventId} acted on stale ${r.object}@${r.resourceVersion}`);
 * ```
 */
export function knowledgeLens(trace: Trace): WriteKnowledge[] {
  const versions = versionsByObject(trace.events, objectKeyOf);
  const readsSoFar = new Map<string, KnownRead[]>();
  const out: WriteKnowledge[] = [];
  trace.events.forEach((e, index) => {
    if (e.reconcileId === null) return;
    if (READ_OPS.has(e.op)) {
      if (e.error || e.hash === undefined) return;
      let l = readsSoFar.get(e.reconcileId);
      if (!l) readsSoFar.set(e.reconcileId, (l = []));
      const object = objectKeyOf(e);
      if (!l.some((r) => r.object === object && r.resourceVersion === e.resourceVersion)) {
        l.push({ object, resourceVersion: e.resourceVersion, eventId: e.id, stale: false, newestResourceVersion: e.resourceVersion });
      }
      return;
    }
    if (!WRITE_OPS.has(e.op)) return;
    const writeRv = !e.error && e.op !== "DELETE" ? e.resourceVersion : "";
    const reads = (readsSoFar.get(e.reconcileId) ?? []).map((r) => {
      let newest = r.resourceVersion;
      for (const v of versions.get(r.object) ?? []) {
        const afterRead = compareResourceVersions(v.resourceVersion, newest);
        if (afterRead === undefined || afterRead <= 0) continue;
        const beforeWrite = writeRv !== "" ? compareResourceVersions(v.resourceVersion, writeRv) : undefined;
        const existed = beforeWrite !== undefined ? beforeWrite < 0 : v.firstSeen < index;
        if (existed) newest = v.resourceVersion;
      }
      return { ...r, stale: newest !== r.resourceVersion, newestResourceVersion: newest };
    });
    const reconcileError = trace.reconciles.get(e.reconcileId)?.error;
    out.push({
      eventId: e.id,
      index,
      controller: e.controller,
      reconcileId: e.reconcileId,
      ...(reconcileError !== undefined ? { reconcileError } : {}),
      op: e.op,
      ...(e.subresource ? { subresource: e.subresource } : {}),
      object: objectKeyOf(e),
      resourceVersion: e.resourceVersion,
      ...(e.error ? { error: `${e.error.code} ${e.error.reason}` } : {}),
      reads,
    });
  });
  return out;
}
