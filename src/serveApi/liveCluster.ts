import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { World } from "../apiserver/world.ts";
import { formatTimestamp } from "../apiserver/rfc3339.ts";
import type { KindRegistry } from "../kinds.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Effect } from "../apiserver/effect.ts";
import { cleanUpDeletedCrds } from "./crdCleanup.ts";
import { acceptedNames, crdNamingUpdates, isEstablished } from "./crdNaming.ts";
import { cleanUpDeletedNamespaces } from "./namespaceCleanup.ts";
import { NamespaceStrategyTransaction } from "./namespaceStrategy.ts";
import { CRD_KIND, CrdShapeError, kindOptionsOf, resourceOfCrd, type ResourceCatalog, type ServedResource } from "./resourceCatalog.ts";

export { CRD_KIND } from "./resourceCatalog.ts";

/**
 * One change of the world, as a watch reports it.
 *
 * @example
 * ```ts
 * server.cluster.subscribe((events) => {
 *   for (const e of events) console.log(e.type, e.kind, e.object.metadata?.name, e.revision);
 * });
 * ```
 */
export interface ChangeEvent {
  type: "ADDED" | "MODIFIED" | "DELETED";
  /** Canonical kind. */
  kind: string;
  /** The revision this change took (the object's resourceVersion after it). */
  revision: number;
  /** The object before the change (absent for ADDED). */
  before?: KubeObject;
  /** The object after the change; for DELETED, the last state with the deletion's resourceVersion. */
  object: KubeObject;
  /** The write as the explorer records it (what controller triggers look at). */
  effect: Effect;
}

/** What a `LiveCluster` starts from. */
export interface LiveClusterInit {
  kinds: KindRegistry;
  catalog: ResourceCatalog;
  world: World;
  meta: ServerMeta;
  hasher: Hasher;
  /** The clock of creation and deletion timestamps. */
  now: () => Date;
  /** How many change events watches can resume from (older resourceVersions get 410 Gone). */
  historyLimit: number;
}

function eventOf(effect: Effect, revision: number): ChangeEvent {
  if (effect.op === "CREATE") return { type: "ADDED", kind: effect.kind, revision, object: effect.after!, effect };
  if (effect.op === "REMOVE") {
    // The real server reports a deletion with the deleted object stamped with the deletion's revision.
    const last = { ...effect.before!, metadata: { ...effect.before!.metadata, resourceVersion: String(revision) } };
    return { type: "DELETED", kind: effect.kind, revision, before: effect.before!, object: last, effect };
  }
  return { type: "MODIFIED", kind: effect.kind, revision, before: effect.before!, object: effect.after!, effect };
}

/**
 * The state of a served cluster: the current world and its bookkeeping, moved forward one write
 * transaction at a time (each runs to completion synchronously, so writes are serialized), the
 * recent change events for watches, and the CRD-defined resources kept in step with the
 * CustomResourceDefinitions in the world; the write that deletes a definition, or the last
 * finalizer of its last instance, also deletes its instances and then the definition
 * (`cleanUpDeletedCrds`); likewise the write that deletes a namespace, or the last finalizer of
 * the last object in it, deletes its objects and then the namespace (`cleanUpDeletedNamespaces`).
 * All validation is `WriteTransaction`'s, for CustomResourceDefinitions `CrdCheckingTransaction`'s,
 * and for namespaces `NamespaceStrategyTransaction`'s.
 *
 * @example
 * ```ts
 * const cluster = new LiveCluster({ kinds, catalog, world: World.empty(), meta: emptyServerMeta(), hasher, now: () => new Date(), historyLimit: 1000 });
 * cluster.write((txn) => txn.create(configMap));
 * cluster.subscribe((events) => console.log(events.map((e) => e.type)));
 * ```
 */
export class LiveCluster {
  readonly kinds: KindRegistry;
  readonly catalog: ResourceCatalog;
  private currentWorld: World;
  private currentMeta: ServerMeta;
  private readonly hasher: Hasher;
  /** The clock of timestamps. */
  readonly now: () => Date;
  private readonly historyLimit: number;
  /** The most recent change events, oldest first. */
  private history: ChangeEvent[] = [];
  /** Revisions at or below this one are no longer in `history`. */
  private compactedThrough: number;
  private readonly listeners = new Set<(events: readonly ChangeEvent[]) => void>();
  /** Worlds that outstanding paged lists read from, by revision (bounded; the oldest go first). */
  private readonly snapshots = new Map<number, World>();

  constructor(init: LiveClusterInit) {
    this.kinds = init.kinds;
    this.catalog = init.catalog;
    this.currentWorld = init.world;
    this.currentMeta = init.meta;
    this.hasher = init.hasher;
    this.now = init.now;
    this.historyLimit = init.historyLimit;
    this.compactedThrough = init.meta.revision;
    // The seeded definitions are served, then named and (those being deleted) cleaned up as the
    // apiextensions controllers do when a server starts; seeded namespaces being deleted likewise.
    this.syncCustomResources();
    const txn = this.begin();
    this.nameCrds(txn, new Set());
    this.commit(txn);
  }

  /** The current world (immutable). */
  get world(): World {
    return this.currentWorld;
  }

  /** The revision of the last write: the resourceVersion of lists and the start of watches. */
  get revision(): number {
    return this.currentMeta.revision;
  }

  /**
   * Runs `fn` as one write transaction against the current world. If `fn` throws, nothing
   * changes; otherwise its writes become the new world and their change events go to every
   * subscriber, in order.
   */
  write<T>(fn: (txn: NamespaceStrategyTransaction) => T): T {
    const txn = this.begin();
    const result = fn(txn);
    this.commit(txn);
    return result;
  }

  /**
   * Like `write`, for a function that awaits (a reconciler). Other writes may land while it
   * waits; then its transaction, built on an older world, is dropped and `fn` runs again on the
   * new one (at most `attempts` times; after that the last attempt's `undefined` is returned).
   */
  async writeAsync<T>(fn: (txn: NamespaceStrategyTransaction, world: World) => Promise<T>, attempts = 5): Promise<{ result: T } | undefined> {
    for (let i = 0; i < attempts; i++) {
      const base = this.currentWorld;
      const txn = this.begin();
      const result = await fn(txn, base);
      if (this.currentWorld !== base) continue;
      this.commit(txn);
      return { result };
    }
    return undefined;
  }

  private begin(): NamespaceStrategyTransaction {
    return new NamespaceStrategyTransaction({ kinds: this.kinds, world: this.currentWorld, meta: this.currentMeta, now: this.now(), hasher: this.hasher });
  }

  private commit(txn: NamespaceStrategyTransaction): void {
    const at = formatTimestamp(this.now());
    // Each cleanup can unblock the other (a namespace's last object may be a definition's last
    // instance), so they take turns until neither writes.
    let written: number;
    do {
      written = txn.effects.length;
      cleanUpDeletedNamespaces(txn, this.kinds, at, (ns, finalizers) => txn.finalize(ns.metadata!.name!, finalizers));
      cleanUpDeletedCrds(txn, at);
    } while (txn.effects.length !== written);
    const crdEffects = txn.effects.filter((e) => e.kind === CRD_KIND);
    if (crdEffects.length > 0) this.nameCrds(txn, new Set(crdEffects.filter((e) => e.op === "CREATE").map((e) => e.name)));
    if (txn.effects.length === 0) return;
    const base = this.currentMeta.revision;
    const events = txn.effects.map((e, i) => eventOf(e, base + i + 1));
    this.currentWorld = txn.world();
    this.currentMeta = txn.meta();
    if (events.some((e) => e.kind === CRD_KIND)) this.syncCustomResources();
    // Not push(...events): one collection delete can write more objects than a call has arguments.
    for (const e of events) this.history.push(e);
    if (this.history.length > this.historyLimit) {
      const drop = this.history.length - this.historyLimit;
      this.compactedThrough = this.history[drop - 1]!.revision;
      this.history = this.history.slice(drop);
    }
    for (const l of [...this.listeners]) l(events);
  }

  /** Calls `listener` with the events of every later write. Returns the unsubscribe function. */
  subscribe(listener: (events: readonly ChangeEvent[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The events after `revision`, in order, or `undefined` when some of them are no longer kept
   * (the watch must relist: 410 Gone).
   */
  eventsAfter(revision: number): readonly ChangeEvent[] | undefined {
    if (revision < this.compactedThrough) return undefined;
    const i = this.history.findIndex((e) => e.revision > revision);
    return i < 0 ? [] : this.history.slice(i);
  }

  /** The oldest revision a watch can resume from. */
  get oldestResumable(): number {
    return this.compactedThrough;
  }

  /** Remembers the current world for continuing a paged list; returns its revision. */
  keepSnapshot(): number {
    const rev = this.revision;
    if (!this.snapshots.has(rev)) {
      this.snapshots.set(rev, this.currentWorld);
      // A bounded number of snapshots: a client that pages too slowly gets 410 and starts over.
      while (this.snapshots.size > 32) this.snapshots.delete(this.snapshots.keys().next().value!);
    }
    return rev;
  }

  /** The world as it was at `revision`, when it is the current one or was kept for a paged list. */
  snapshot(revision: number): World | undefined {
    return revision === this.revision ? this.currentWorld : this.snapshots.get(revision);
  }

  /**
   * Runs the apiextensions naming and establishing controllers (`crdNamingUpdates`) over the
   * definitions as this transaction leaves them, writing the status changes into it, so that a
   * definition is established (or refused for a name another one holds) in the write that made
   * it, and a name freed by a delete or a rename goes to a definition that waited for it. A
   * definition created here also gets `status.storedVersions`, as the real server sets it on create.
   */
  private nameCrds(txn: NamespaceStrategyTransaction, created: ReadonlySet<string>): void {
    const crds = txn.world().list(CRD_KIND).filter(isServable);
    const updates = crdNamingUpdates(crds, formatTimestamp(this.now()));
    for (const crd of crds) {
      const name = crd.metadata!.name!;
      const update = updates.get(name);
      if (update === undefined && !created.has(name)) continue;
      const status: Record<string, unknown> = { ...(crd.status as Record<string, unknown> | undefined), ...update };
      if (created.has(name)) {
        const versions = (crd as { spec?: { versions?: { name?: string; storage?: boolean }[] } }).spec?.versions ?? [];
        status.storedVersions = versions.filter((v) => v.storage === true).map((v) => v.name);
      }
      txn.updateStatus({ ...crd, status });
    }
  }

  /**
   * Serves the resources of the established CRDs now in the world, under their accepted names, and
   * declares their kinds (scope, subresources, plural). A definition refused for a name another one
   * holds serves nothing, so two definitions never share a kind's objects. A definition being
   * deleted is served until it goes, so that its instances' finalizers can be removed.
   */
  private syncCustomResources(): void {
    const resources: ServedResource[] = [];
    for (const crd of this.currentWorld.list(CRD_KIND)) {
      if (!isEstablished(crd) || !isServable(crd)) continue;
      const spec = (crd as { spec?: Record<string, unknown> }).spec;
      const res = resourceOfCrd({ ...crd, spec: { ...spec, names: acceptedNames(crd) } } as KubeObject);
      resources.push(res);
      this.kinds.declare(`${res.group}/${res.kind}`, kindOptionsOf(res));
    }
    this.catalog.setCustom(resources);
  }
}

/** Whether kamera can serve the definition; only a seeded state can hold one it cannot (writes are checked), and it serves nothing. */
function isServable(crd: KubeObject): boolean {
  try {
    resourceOfCrd(crd);
    return true;
  } catch (err) {
    if (err instanceof CrdShapeError) return false;
    throw err;
  }
}
