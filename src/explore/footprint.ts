import type { Effect } from "../apiserver/effect.ts";
import type { ListFilter, StateReader } from "../apiserver/stateReader.ts";
import type { WorldEntry, WorldReader } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { MemoQuery } from "./reconcileMemo.ts";

/**
 * What one transition touched, in the terms the partial-order reduction compares: the objects it
 * read and wrote, and the reconciles its writes enqueued. Reads are over-approximated where the
 * exact question is costly to compare: a list reads its whole kind (whatever its namespace or
 * selector), a uid lookup reads every object that has or had that uid, a lookup of dependents
 * every object that names that owner. A footprint that cannot be known (a run with `ctx.choose`,
 * or one cut off by its time budget) is `unknown` and conflicts with everything.
 */
export interface Footprint {
  /** Keys read (`objectKeyString`), including incarnation counts behind a create. */
  readKeys: Set<string>;
  /** Kinds listed. */
  readKinds: Set<string>;
  /** Uids looked up. */
  readUids: Set<string>;
  /** Owner uids whose dependents were looked up. */
  readOwners: Set<string>;
  /** Read every object (`all()`). */
  readsAll: boolean;
  writeKeys: Set<string>;
  writeKinds: Set<string>;
  /** Uids of the objects written (before or after). */
  writeUids: Set<string>;
  /** Owner uids named by the objects written (before or after). */
  writeOwners: Set<string>;
  /** Request ids the transition's writes enqueued (itself excluded). */
  triggers: Set<number>;
  /** The run failed or asked to be requeued: its request stays pending. */
  requeues: boolean;
  /**
   * Asked the simulated clock. The clock is left out of independence (see `FootprintReader`), but
   * such a run's outcome is not carried to a state at another depth (`SleepSets`).
   */
  readsClock: boolean;
  unknown: boolean;
}

/** A footprint that touched nothing. */
export function emptyFootprint(): Footprint {
  return {
    readKeys: new Set(),
    readKinds: new Set(),
    readUids: new Set(),
    readOwners: new Set(),
    readsAll: false,
    writeKeys: new Set(),
    writeKinds: new Set(),
    writeUids: new Set(),
    writeOwners: new Set(),
    triggers: new Set(),
    requeues: false,
    readsClock: false,
    unknown: false,
  };
}

const NOTHING_READ = emptyFootprint();

/** A run that changed nothing: no writes, nothing enqueued, not requeued (its only effect is to leave the pending set). */
export function isNoOp(fp: Footprint): boolean {
  return !fp.unknown && !fp.requeues && fp.writeKeys.size === 0 && fp.triggers.size === 0;
}

/**
 * Keeps the footprint of what is read (the memo's trace keeps the answers too). A run's reads
 * reach it through `reads`, installed as `runReconcile`'s `interceptReads`, so it sees what the
 * client, the factory's view and the writes' checks read; trigger functions' reads through
 * `recordingWorld`.
 */
export class FootprintRecorder {
  private recorded: Footprint | undefined;
  /** What was read; one shared empty footprint while nothing was (most transitions' triggers read nothing): never to be changed. */
  get footprint(): Footprint {
    return this.recorded ?? NOTHING_READ;
  }
  private get into(): Footprint {
    return (this.recorded ??= emptyFootprint());
  }
  /** `reader`, with every read it answers added to this footprint. */
  reads(reader: StateReader): StateReader {
    return new FootprintReader(reader, this);
  }
  get(key: string): void {
    this.into.readKeys.add(key);
  }
  list(kind: string): void {
    this.into.readKinds.add(kind);
  }
  all(): void {
    this.into.readsAll = true;
  }
  uid(uid: string): void {
    this.into.readUids.add(uid);
  }
  dependents(ownerUid: string): void {
    this.into.readOwners.add(ownerUid);
  }
  incarnation(key: string): void {
    this.into.readKeys.add(key);
  }
  clock(): void {
    this.into.readsClock = true;
  }
}

/**
 * A reader that adds what is read of it to a footprint. The simulated clock is the depth of the
 * state a reconcile runs at, not shared state a transition writes: `now` is left out of what
 * independence compares (docs/semantics.md, "Partial-order reduction"); it is only noted.
 */
class FootprintReader implements StateReader {
  constructor(
    private readonly reader: StateReader,
    private readonly recorder: FootprintRecorder,
  ) {}
  get(key: string): KubeObject | undefined {
    this.recorder.get(key);
    return this.reader.get(key);
  }
  list(kind: string, filter: ListFilter): readonly KubeObject[] {
    this.recorder.list(kind);
    return this.reader.list(kind, filter);
  }
  all(): readonly KubeObject[] {
    this.recorder.all();
    return this.reader.all();
  }
  findByUid(uid: string): WorldEntry | undefined {
    this.recorder.uid(uid);
    return this.reader.findByUid(uid);
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    this.recorder.dependents(ownerUid);
    return this.reader.dependentsOf(ownerUid);
  }
  incarnation(key: string): number {
    this.recorder.incarnation(key);
    return this.reader.incarnation(key);
  }
  now(): number {
    this.recorder.clock();
    return this.reader.now();
  }
}

/** The read footprint of a memo trace's questions. */
export function readsOfQueries(queries: readonly MemoQuery[]): Footprint {
  const rec = new FootprintRecorder();
  for (const q of queries) {
    switch (q.q) {
      case "get":
      case "incarnation":
        rec.get(q.key);
        break;
      case "list":
        rec.list(q.kind);
        break;
      case "all":
        rec.all();
        break;
      case "uid":
        rec.uid(q.uid);
        break;
      case "dependents":
        rec.dependents(q.uid);
        break;
      case "now":
        rec.clock();
        break;
    }
  }
  return rec.footprint;
}

/** `world` telling `recorder` what is read of it (for trigger functions, which read the world after a write). */
export function recordingWorld(world: WorldReader, recorder: FootprintRecorder): WorldReader {
  const out: WorldReader = {
    get(kind, namespace, name) {
      recorder.get(objectKeyString(kind, namespace, name));
      return world.get(kind, namespace, name);
    },
    list(kind) {
      recorder.list(kind);
      return world.list(kind);
    },
    all() {
      recorder.all();
      return world.all();
    },
  };
  if (world.findByUid) {
    const find = world.findByUid.bind(world);
    out.findByUid = (uid: string): WorldEntry | undefined => {
      recorder.uid(uid);
      return find(uid);
    };
  }
  if (world.dependentsOf) {
    const dependents = world.dependentsOf.bind(world);
    out.dependentsOf = (ownerUid: string): readonly WorldEntry[] => {
      recorder.dependents(ownerUid);
      return dependents(ownerUid);
    };
  }
  return out;
}

/** Adds what `effects` wrote to `fp`. */
export function addWrites(fp: Footprint, effects: readonly Effect[]): void {
  for (const e of effects) {
    fp.writeKeys.add(objectKeyString(e.kind, e.namespace, e.name));
    fp.writeKinds.add(e.kind);
    addIdentity(fp, e.before);
    addIdentity(fp, e.after);
  }
}

function addIdentity(fp: Footprint, o: KubeObject | undefined): void {
  const meta = o?.metadata;
  if (!meta) return;
  if (meta.uid) fp.writeUids.add(meta.uid);
  for (const ref of meta.ownerReferences ?? []) if (ref.uid) fp.writeOwners.add(ref.uid);
}

/** Adds everything `from` touched to `into`; true when `into` grew. */
export function mergeFootprint(into: Footprint, from: Footprint): boolean {
  let grew = false;
  const union = (a: Set<string | number>, b: Set<string | number>) => {
    for (const x of b) {
      if (a.has(x)) continue;
      a.add(x);
      grew = true;
    }
  };
  union(into.readKeys, from.readKeys);
  union(into.readKinds, from.readKinds);
  union(into.readUids, from.readUids);
  union(into.readOwners, from.readOwners);
  union(into.writeKeys, from.writeKeys);
  union(into.writeKinds, from.writeKinds);
  union(into.writeUids, from.writeUids);
  union(into.writeOwners, from.writeOwners);
  union(into.triggers, from.triggers);
  if (from.readsAll && !into.readsAll) into.readsAll = grew = true;
  if (from.unknown && !into.unknown) into.unknown = grew = true;
  if (from.requeues && !into.requeues) into.requeues = grew = true;
  // Not a growth: the bound compares no clock reads.
  if (from.readsClock) into.readsClock = true;
  return grew;
}

/** Whether `extra`'s reads are all among `fp`'s. */
export function readsWithin(extra: Footprint, fp: Footprint): boolean {
  if (extra.readsAll && !fp.readsAll) return false;
  return within(extra.readKeys, fp.readKeys) && within(extra.readKinds, fp.readKinds) && within(extra.readUids, fp.readUids) && within(extra.readOwners, fp.readOwners);
}

/** Whether `enqueued` without `self` is exactly `triggers`. */
export function sameEnqueued(triggers: Set<number>, enqueued: Set<number>, self: number): boolean {
  const size = enqueued.has(self) ? enqueued.size - 1 : enqueued.size;
  if (size !== triggers.size) return false;
  for (const t of enqueued) if (t !== self && !triggers.has(t)) return false;
  return true;
}

function within<T>(a: Set<T>, b: Set<T>): boolean {
  if (a.size === 0) return true;
  for (const x of a) if (!b.has(x)) return false;
  return true;
}

/** Whether writes of `w` can change an answer of the reads of `r`. */
export function writesAffectReads(w: Footprint, r: Footprint): boolean {
  if (w.writeKeys.size === 0) return false;
  if (r.readsAll) return true;
  if (intersects(w.writeKeys, r.readKeys) || intersects(w.writeKinds, r.readKinds)) return true;
  return intersects(w.writeUids, r.readUids) || intersects(w.writeOwners, r.readOwners);
}

/**
 * Two transitions of different requests do not commute when one writes what the other read, both
 * write one object, or one enqueues the other (the pending set is a set: a request enqueued while
 * pending is merged, so the order decides whether it is pending afterwards).
 */
export function conflicts(a: Footprint, aRequest: number, b: Footprint, bRequest: number): boolean {
  if (a.unknown || b.unknown) return true;
  if (a.triggers.has(bRequest) || b.triggers.has(aRequest)) return true;
  return writesAffectReads(a, b) || writesAffectReads(b, a) || intersects(a.writeKeys, b.writeKeys);
}

export function intersects<T>(a: Set<T>, b: Set<T>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  // The smaller set walked, the larger asked: no pair array per call (this runs for every pair of footprints compared).
  if (a.size > b.size) return intersects(b, a);
  for (const x of a) if (b.has(x)) return true;
  return false;
}
