import { admitInitialObject } from "../apiserver/initialObject.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { World } from "../apiserver/world.ts";
import { KameraError } from "../kameraError.ts";
import type { KindRegistry } from "../kinds.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { InitialState } from "./initialStateBuilder.ts";

/** One history position of one kind before interning: its objects after a write, and the write's revision. */
export interface HistoryEntry {
  revision: number;
  objects: readonly KubeObject[];
}

const EPOCH = new Date(0);

function describe(kind: string, obj: KubeObject): string {
  const ns = obj.metadata?.namespace;
  return `${kind} ${ns ? `${ns}/` : ""}${obj.metadata?.name}`;
}

function byNamespaceName(a: KubeObject, b: KubeObject): number {
  const an = a.metadata?.namespace ?? "";
  const bn = b.metadata?.namespace ?? "";
  if (an !== bn) return an < bn ? -1 : 1;
  const a2 = a.metadata?.name ?? "";
  const b2 = b.metadata?.name ?? "";
  return a2 < b2 ? -1 : a2 > b2 ? 1 : 0;
}

/**
 * The world, server bookkeeping and per-kind history of an initial state: seeded objects first,
 * then the history events replayed in order (each a write with the next sequence number).
 * Events that contradict the world so far (an update of a missing object, a second create) are
 * errors that name the event.
 */
export async function buildInitialWorld(
  kinds: KindRegistry,
  initial: InitialState,
  hasher: Hasher,
): Promise<{ world: World; meta: ServerMeta; history: Map<string, HistoryEntry[]> }> {
  let meta: ServerMeta = { revision: 0, incarnations: new Map() };
  const objects = new Map<string, { kind: string; object: KubeObject }>();
  const history = new Map<string, HistoryEntry[]>();
  const snapshot = (kind: string, revision: number) => {
    const objs = [...objects.values()].filter((o) => o.kind === kind).map((o) => o.object);
    objs.sort(byNamespaceName);
    const list = history.get(kind) ?? [];
    list.push({ revision, objects: objs });
    history.set(kind, list);
  };
  const keyOf = (kind: string, obj: KubeObject) => {
    const ns = kinds.info(kind).scope === "Cluster" ? "" : (obj.metadata?.namespace ?? "");
    return objectKeyString(kind, ns, obj.metadata!.name!);
  };

  for (const seed of initial.objects) {
    const key = keyOf(seed.kind, seed.object);
    if (objects.has(key)) throw new KameraError(`the initial state has ${describe(seed.kind, seed.object)} twice`);
    const admitted = admitInitialObject(kinds, seed.object, meta, EPOCH, hasher);
    meta = admitted.meta;
    objects.set(key, { kind: seed.kind, object: admitted.object });
  }
  for (const kind of new Set([...objects.values()].map((o) => o.kind))) snapshot(kind, meta.revision);

  initial.events.forEach((event, i) => {
    const where = `addEvent #${i + 1} (${event.op} ${describe(event.kind, event.object)}${event.by ? ` by ${event.by}` : ""})`;
    const key = keyOf(event.kind, event.object);
    const existing = objects.get(key);
    switch (event.op) {
      case "CREATE": {
        if (existing) throw new KameraError(`${where}: the object already exists`);
        const admitted = admitInitialObject(kinds, event.object, meta, EPOCH, hasher);
        meta = admitted.meta;
        objects.set(key, { kind: event.kind, object: admitted.object });
        break;
      }
      case "UPDATE": {
        if (!existing) throw new KameraError(`${where}: the object does not exist (create it first)`);
        const given = event.object.metadata ?? {};
        const merged = { ...event.object, metadata: { ...given, uid: given.uid ?? existing.object.metadata?.uid } };
        const admitted = admitInitialObject(kinds, merged, meta, EPOCH, hasher);
        meta = admitted.meta;
        objects.set(key, { kind: event.kind, object: admitted.object });
        break;
      }
      case "DELETE": {
        if (!existing) throw new KameraError(`${where}: the object does not exist`);
        const given = event.object.metadata ?? {};
        const marked = {
          ...event.object,
          metadata: {
            ...given,
            uid: given.uid ?? existing.object.metadata?.uid,
            deletionTimestamp: given.deletionTimestamp ?? existing.object.metadata?.deletionTimestamp ?? EPOCH.toISOString().replace(".000Z", "Z"),
          },
        };
        const admitted = admitInitialObject(kinds, marked, meta, EPOCH, hasher);
        meta = admitted.meta;
        objects.set(key, { kind: event.kind, object: admitted.object });
        break;
      }
      case "REMOVE": {
        if (!existing) throw new KameraError(`${where}: the object does not exist (it was never created, or already removed)`);
        objects.delete(key);
        meta = { ...meta, revision: meta.revision + 1 };
        break;
      }
    }
    snapshot(event.kind, meta.revision);
  });

  const world = World.fromObjects([...objects.values()].map((o) => [o.kind, o.object] as [string, KubeObject]));
  return { world, meta, history };
}
