import { READ_OPS, objectKeyOf } from "./traceFormat.ts";
import { reconcileEnding, type ReconcileEnding, type Trace } from "./traceParser.ts";
import { compareResourceVersions, versionsByObject, type SeenVersion } from "./versionOrder.ts";

/** A version a reconcile had read before it wrote, and whether a newer one existed by then. */
export interface KnownRead {
  object: string;
  resourceVersion: string;
  eventId: string;
  /** A newer version of the object existed when the write happened (of the same life: see `knowledgeLens`). */
  stale: boolean;
  /** The newest version the server held at the write, as far as the trace shows. */
  newestResourceVersion: string;
}

/** One write and what its reconcile knew; how that reconcile ended (after or before this write) is its `ReconcileEnding`. */
export interface WriteKnowledge extends ReconcileEnding {
  eventId: string;
  index: number;
  controller: string;
  reconcileId: string;
  op: string;
  subresource?: string;
  object: string;
  resourceVersion: string;
  error?: string;
  reads: KnownRead[];
}

const WRITE_OPS = new Set(["CREATE", "UPDATE", "PATCH", "DELETE"]);

/** A read as the lens keeps it: what it shows, and the uid and position of the event. */
interface Read {
  known: KnownRead;
  uid: string;
  index: number;
}

/**
 * The life (uid) whose versions a read is judged against: its own, unless the trace had already
 * seen a newer version of another life of the object before the read. Such a read answered an
 * object that had been deleted and created again (a cache behind the server), so the object
 * current at the read was that later life.
 */
function lifeAtRead(versions: readonly SeenVersion[], read: Read): string {
  let newest: SeenVersion | undefined;
  for (const v of versions) {
    if (v.uid === read.uid || v.firstSeen >= read.index) continue;
    const later = compareResourceVersions(v.resourceVersion, newest?.resourceVersion ?? read.known.resourceVersion);
    if (later !== undefined && later > 0) newest = v;
  }
  return newest?.uid ?? read.uid;
}

/** Whether `reconcileId` wrote version `v` (its write's answer then told it that version). */
function writtenBy(trace: Trace, v: SeenVersion, reconcileId: string): boolean {
  return v.writtenAt !== undefined && trace.events[v.writtenAt]!.reconcileId === reconcileId;
}

/**
 * The knowledge lens: for each write made in a traced reconcile, every object version that
 * reconcile had read before it (each distinct version once, last read first kept in read order),
 * flagged **stale** when the server already held a newer version of that object at the write that
 * the reconcile did not write itself (a version its own write made was answered to it, so it knew it).
 *
 * "Held at the write" uses resourceVersions: a version whose resourceVersion lies between the one
 * read and the one the write produced existed before the write (resourceVersions increase across
 * the whole cluster). For a write with no resourceVersion to compare (a failed write, a delete),
 * versions the trace had seen before the write count. Versions nobody traced ever saw are unknown
 * to the lens.
 *
 * Newer versions are those of the same life (uid): an object deleted and created again under the
 * same name after the read is another object, and its versions do not make the read stale. Only
 * when the trace had seen a later life before the read did the read answer an object already
 * replaced (a stale cache can): then it is stale, and the newest version is that later life's.
 *
 * @example
 * ```ts
 * for (const w of knowledgeLens(trace)) for (const r of w.reads) if (r.stale) console.log(`${w.eventId} acted on stale ${r.object}@${r.resourceVersion}`);
 * ```
 */
export function knowledgeLens(trace: Trace): WriteKnowledge[] {
  const versions = versionsByObject(trace.events, objectKeyOf);
  const readsSoFar = new Map<string, Read[]>();
  const out: WriteKnowledge[] = [];
  trace.events.forEach((e, index) => {
    if (e.reconcileId === null) return;
    if (READ_OPS.has(e.op)) {
      if (e.error || e.hash === undefined) return;
      let l = readsSoFar.get(e.reconcileId);
      if (!l) readsSoFar.set(e.reconcileId, (l = []));
      const object = objectKeyOf(e);
      if (!l.some((r) => r.known.object === object && r.known.resourceVersion === e.resourceVersion)) {
        l.push({ known: { object, resourceVersion: e.resourceVersion, eventId: e.id, stale: false, newestResourceVersion: e.resourceVersion }, uid: e.uid, index });
      }
      return;
    }
    if (!WRITE_OPS.has(e.op)) return;
    const reconciler = e.reconcileId;
    const writeRv = !e.error && e.op !== "DELETE" ? e.resourceVersion : "";
    const reads = (readsSoFar.get(e.reconcileId) ?? []).map((read): KnownRead => {
      const r = read.known;
      const seen = versions.get(r.object) ?? [];
      const uid = lifeAtRead(seen, read);
      let newest = r.resourceVersion;
      let unknownNewer = uid !== read.uid;
      for (const v of seen) {
        if (v.uid !== uid) continue;
        const afterRead = compareResourceVersions(v.resourceVersion, r.resourceVersion);
        if (afterRead === undefined || afterRead <= 0) continue;
        const beforeWrite = writeRv !== "" ? compareResourceVersions(v.resourceVersion, writeRv) : undefined;
        const existed = beforeWrite !== undefined ? beforeWrite < 0 : v.firstSeen < index;
        if (!existed) continue;
        const newer = compareResourceVersions(v.resourceVersion, newest);
        if (newer !== undefined && newer > 0) newest = v.resourceVersion;
        // A version this reconcile wrote itself was known to it: the write answered it.
        if (!writtenBy(trace, v, reconciler)) unknownNewer = true;
      }
      return { ...r, stale: unknownNewer, newestResourceVersion: newest };
    });
    const rec = trace.reconciles.get(e.reconcileId);
    out.push({
      eventId: e.id,
      index,
      controller: e.controller,
      reconcileId: e.reconcileId,
      ...reconcileEnding(rec),
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
