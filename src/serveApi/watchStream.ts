import type { ServerResponse } from "node:http";
import { ApiError } from "../apiserver/apiError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { ChangeEvent, LiveCluster } from "./liveCluster.ts";

/** What one watch asks for. */
export interface WatchRequest {
  /** Canonical kind watched. */
  kind: string;
  /** The list's apiVersion and kind, for bookmark objects (`apps/v1`, `Deployment`). */
  apiVersion: string;
  kindName: string;
  /** Namespace and selectors, compiled. */
  filter: (obj: KubeObject) => boolean;
  /**
   * Start after this revision; `undefined` (no resourceVersion, or "0") starts with a synthetic
   * ADDED event for every object that matches, as the real server does.
   */
  after: number | undefined;
  /** Send BOOKMARK events (`allowWatchBookmarks=true`). */
  bookmarks: boolean;
  /** `sendInitialEvents=true`: the initial ADDED events end with a bookmark annotated `k8s.io/initial-events-end`. */
  sendInitialEvents: boolean;
  /** End the stream after this many seconds (`timeoutSeconds`); undefined = until the client goes. */
  timeoutSeconds: number | undefined;
  /** How often to send a bookmark when `bookmarks` is set. */
  bookmarkIntervalMs: number;
  /** Turns an object into what is sent (a Table row for table-asking clients); absent = the object itself. */
  present?: (obj: KubeObject) => unknown;
}

/**
 * Event lines of stored objects, shared by every watch that sends the object as is: with many
 * watches, a write is serialized once rather than once per watch. Stored objects are frozen, so
 * an object's line never changes; the cache lets go of objects nothing else holds.
 */
const LINES = new WeakMap<KubeObject, Map<string, string>>();

function eventLine(type: string, object: KubeObject): string {
  let byType = LINES.get(object);
  if (byType === undefined) LINES.set(object, (byType = new Map()));
  let line = byType.get(type);
  if (line === undefined) byType.set(type, (line = JSON.stringify({ type, object }) + "\n"));
  return line;
}

/** An open watch; `end()` closes its stream. */
export interface OpenWatch {
  end(): void;
}

/** 410 Expired: the watch's resourceVersion is older than the retained history, with the real server's message. */
function tooOld(asked: number, oldest: number): ApiError {
  return new ApiError(410, "Expired", `too old resource version: ${asked} (${oldest + 1})`);
}

/**
 * Streams a watch as the real server does: `200` with chunked JSON lines `{"type","object"}`,
 * ADDED/MODIFIED/DELETED for changes of the watched kind that pass the filter (an object that
 * starts or stops matching is ADDED or DELETED, as with the real server's filtered watches),
 * BOOKMARK with the current resourceVersion when asked (never one older than the watch's own
 * resourceVersion, which may be ahead of the server's), and a single ERROR event carrying a 410
 * Status when the resourceVersion to resume from is no longer kept. Writes are serialized and
 * synchronous, so subscribing before replaying the backlog loses nothing and repeats nothing.
 */
export function openWatch(res: ServerResponse, cluster: LiveCluster, w: WatchRequest, onEnd: () => void): OpenWatch {
  res.writeHead(200, { "Content-Type": "application/json", "Cache-Control": "no-cache, private", "Transfer-Encoding": "chunked" });
  // Headers now, so a client sees the watch established before the first event.
  res.flushHeaders();
  const send = (type: string, object: unknown) => {
    res.write(JSON.stringify({ type, object }) + "\n");
  };
  const sendObject = (type: string, obj: KubeObject) => {
    if (w.present) send(type, w.present(obj));
    else res.write(eventLine(type, obj));
  };
  const bookmark = (annotations?: Record<string, string>) => {
    // A bookmark before the revision the watch started at would move the client's resourceVersion back.
    if (w.after !== undefined && cluster.revision < w.after) return;
    send("BOOKMARK", {
      kind: w.kindName,
      apiVersion: w.apiVersion,
      metadata: { resourceVersion: String(cluster.revision), ...(annotations ? { annotations } : {}) },
    });
  };

  let ended = false;
  let unsubscribe: () => void = () => {};
  const timers: NodeJS.Timeout[] = [];
  const end = () => {
    if (ended) return;
    ended = true;
    unsubscribe();
    for (const t of timers) clearTimeout(t);
    res.end();
    onEnd();
  };
  res.on("close", end);

  const deliver = (e: ChangeEvent) => {
    // Only changes strictly after the watch's resourceVersion, as the real watch cache sends them:
    // a watch from a revision the server has not reached yet waits for the ones after it.
    if (e.kind !== w.kind || (w.after !== undefined && e.revision <= w.after)) return;
    const now = w.filter(e.object);
    const was = e.before !== undefined && e.type !== "ADDED" && w.filter(e.before);
    if (e.type === "DELETED") {
      if (was) sendObject("DELETED", e.object);
    } else if (now && was) sendObject("MODIFIED", e.object);
    else if (now) sendObject("ADDED", e.object);
    else if (was) {
      // The object stopped matching: to this watch it is gone.
      sendObject("DELETED", e.object);
    }
  };

  if (w.after !== undefined && w.after > 0) {
    const backlog = cluster.eventsAfter(w.after);
    if (backlog === undefined) {
      send("ERROR", tooOld(w.after, cluster.oldestResumable).body);
      end();
      return { end };
    }
    unsubscribe = cluster.subscribe((events) => events.forEach(deliver));
    backlog.forEach(deliver);
  } else {
    unsubscribe = cluster.subscribe((events) => events.forEach(deliver));
    for (const obj of cluster.world.list(w.kind)) if (w.filter(obj)) sendObject("ADDED", obj);
    if (w.sendInitialEvents && w.bookmarks) bookmark({ "k8s.io/initial-events-end": "true" });
  }
  if (w.bookmarks) {
    const tick = () => {
      if (ended) return;
      bookmark();
      timers[0] = setTimeout(tick, w.bookmarkIntervalMs);
    };
    timers[0] = setTimeout(tick, w.bookmarkIntervalMs);
  }
  if (w.timeoutSeconds !== undefined) timers.push(setTimeout(end, w.timeoutSeconds * 1000));
  return { end };
}
