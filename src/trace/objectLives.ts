import { objectKeyOf, type TraceEvent } from "./traceFormat.ts";
import { versionsByObject, type SeenVersion } from "./versionOrder.ts";

/** One life of an object: the versions of one uid, and the traced deletes that ended it. */
export interface SeenLife {
  /** "" when the trace saw no version of it, only a delete by name. */
  uid: string;
  /** Oldest first. */
  versions: SeenVersion[];
  /** Indices in the events of the successful DELETEs that ended it. */
  deletedAt: number[];
}

/** The first event that shows the life. */
function startOf(life: SeenLife): number {
  return Math.min(...life.versions.map((v) => v.firstSeen), ...life.deletedAt);
}

/**
 * The life a successful delete ended: the one of its uid, or, for a delete by name (no uid), the
 * one the trace had last seen begin before it. A delete of something the trace never saw begins
 * a life of its own.
 */
function lifeEndedBy(lives: SeenLife[], e: TraceEvent, index: number): SeenLife {
  const same = e.uid === "" ? undefined : lives.find((l) => l.uid === e.uid);
  if (same) return same;
  let ended: SeenLife | undefined;
  for (const l of lives) if (startOf(l) < index && (ended === undefined || startOf(l) > startOf(ended))) ended = l;
  if (ended) return ended;
  const unseen: SeenLife = { uid: e.uid, versions: [], deletedAt: [] };
  const later = lives.findIndex((l) => startOf(l) > index);
  lives.splice(later < 0 ? lives.length : later, 0, unseen);
  return unseen;
}

/**
 * Every object that existed in the trace, keyed by `objectKeyOf`, with its lives oldest first.
 * An object deleted and created again under the same name is a new object (a new uid), so each
 * uid is a life of its own. An object that only failed calls name (a GET answered NotFound, an
 * update of a name nobody created) is not here: the trace never saw it exist.
 *
 * @example
 * ```ts
 * const lives = livesByObject(trace.events).get("core/ConfigMap/default/web") ?? [];
 * if (lives.length > 1) console.log(`web was recreated ${lives.length - 1} time(s)`);
 * ```
 */
export function livesByObject(events: readonly TraceEvent[]): Map<string, SeenLife[]> {
  const out = new Map<string, SeenLife[]>();
  for (const [key, versions] of versionsByObject(events, objectKeyOf)) {
    const lives: SeenLife[] = [];
    for (const v of versions) {
      let life = lives.find((l) => l.uid === v.uid);
      if (!life) lives.push((life = { uid: v.uid, versions: [], deletedAt: [] }));
      life.versions.push(v);
    }
    out.set(key, lives);
  }
  events.forEach((e, index) => {
    if (e.op !== "DELETE" || e.error || e.name === "") return;
    const key = objectKeyOf(e);
    let lives = out.get(key);
    if (!lives) out.set(key, (lives = []));
    lifeEndedBy(lives, e, index).deletedAt.push(index);
  });
  return out;
}
