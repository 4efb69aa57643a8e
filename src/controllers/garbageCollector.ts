import { ignoreNotFound } from "../apiserver/apiError.ts";
import type { WorldEntry } from "../apiserver/worldReader.ts";
import { FOREGROUND_FINALIZER, ORPHAN_FINALIZER } from "../apiserver/writeTransaction.ts";
import type { Client, DeleteOptions } from "../client/client.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import { kindOf } from "../kinds.ts";
import type { KubeObject, OwnerReference } from "../objects/kubeObject.ts";
import type { Reconciler, Request } from "../reconciler.ts";
import type { Effect } from "../apiserver/effect.ts";

/** The reconciler id of the built-in garbage collector. */
export const GARBAGE_COLLECTOR_ID = "garbage-collector";

/**
 * The garbage collector reconciles objects of every kind, so its requests carry the kind:
 * `namespace` is the object's namespace ("" when cluster-scoped) and `name` is `<kind>/<name>`,
 * e.g. `{ namespace: "default", name: "apps/ReplicaSet/web-5d4f" }`. Object names cannot contain
 * "/", so the last "/" separates kind and name.
 *
 * @example
 * ```ts
 * garbageCollectorRequest("core/Pod", "default", "web-1"); // { namespace: "default", name: "core/Pod/web-1" }
 * ```
 */
export function garbageCollectorRequest(kind: string, namespace: string, name: string): Request {
  return { namespace, name: `${kind}/${name}` };
}

/** The object a garbage-collector request is about, or undefined when the request is not one. */
export function parseGarbageCollectorRequest(req: Request): { kind: string; namespace: string; name: string } | undefined {
  const slash = req.name.lastIndexOf("/");
  if (slash <= 0 || slash === req.name.length - 1) return undefined;
  return { kind: req.name.slice(0, slash), namespace: req.namespace, name: req.name.slice(slash + 1) };
}

function isDeleting(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined;
}

function hasFinalizer(obj: KubeObject, f: string): boolean {
  return obj.metadata?.finalizers?.includes(f) ?? false;
}

/** An owner that has the `foregroundDeletion` finalizer and a deletion timestamp waits for its blocking dependents. */
function waitsForDependents(obj: KubeObject): boolean {
  return isDeleting(obj) && hasFinalizer(obj, FOREGROUND_FINALIZER);
}

function entryOf(obj: KubeObject): WorldEntry {
  const kind = kindOf(obj);
  const ns = obj.metadata?.namespace ?? "";
  return { key: `${kind}\u0000${ns}\u0000${obj.metadata!.name!}`, kind, object: obj };
}

/** Uid lookups over a world: the world's own indexes when it has them, one scan otherwise. */
class OwnerGraph {
  private byUid: Map<string, WorldEntry> | undefined;
  private deps: Map<string, WorldEntry[]> | undefined;

  constructor(private readonly world: WorldReader) {}

  find(uid: string): WorldEntry | undefined {
    if (this.world.findByUid) return this.world.findByUid(uid);
    this.index();
    return this.byUid!.get(uid);
  }

  dependentsOf(uid: string): readonly WorldEntry[] {
    if (this.world.dependentsOf) return this.world.dependentsOf(uid);
    this.index();
    return this.deps!.get(uid) ?? [];
  }

  /**
   * The owner an ownerReference of `dependent` points at, when it exists: the object of the
   * reference's kind and name, in the dependent's namespace unless the owner is cluster-scoped,
   * with the reference's uid. Looked up by name and then compared by uid, as the real collector
   * does (and a name lookup is what a write to another object cannot change, which keeps what a
   * reconcile or a trigger read narrow). A reference whose kind does not parse cannot be looked
   * up; like the real collector, which retries such references instead of deleting, it counts as
   * present.
   */
  ownerOf(dependent: KubeObject, ref: OwnerReference): { present: boolean; owner?: KubeObject } {
    let refKind: string;
    try {
      refKind = kindOf(ref);
    } catch {
      return { present: true };
    }
    const ns = dependent.metadata?.namespace ?? "";
    // A namespaced owner is in the dependent's namespace; a cluster-scoped one has none.
    const owner = this.world.get(refKind, ns, ref.name) ?? (ns !== "" ? this.world.get(refKind, "", ref.name) : undefined);
    if (owner === undefined || owner.metadata?.uid !== ref.uid) return { present: false };
    return { present: true, owner };
  }

  private index(): void {
    if (this.byUid) return;
    this.byUid = new Map();
    this.deps = new Map();
    for (const obj of this.world.all()) {
      const entry = entryOf(obj);
      const uid = obj.metadata?.uid;
      if (uid && !this.byUid.has(uid)) this.byUid.set(uid, entry);
      for (const u of new Set((obj.metadata?.ownerReferences ?? []).map((r) => r.uid))) {
        const l = this.deps.get(u);
        if (l) l.push(entry);
        else this.deps.set(u, [entry]);
      }
    }
  }
}

/**
 * What the garbage collector's watch enqueues for one effect, given the world after the reconcile:
 * - on a removal: every dependent of the removed object, and every owner of it that is waiting in
 *   foreground deletion (it may now be free to go);
 * - on a delete that leaves an `orphan` or `foregroundDeletion` finalizer: the object itself;
 * - on a create, update or patch: the object, when one of its owners is missing (it must be
 *   deleted, or the dangling reference dropped); and every owner waiting in foreground deletion
 *   that the object stopped blocking (reference removed, or `blockOwnerDeletion` cleared).
 */
export function garbageCollectorTrigger(effect: Effect, world: WorldReader): Request[] {
  if (!garbageCollectorMayTrigger(effect)) return [];
  const graph = new OwnerGraph(world);
  const out: Request[] = [];
  const enqueue = (e: { kind: string; object: KubeObject }) =>
    out.push(garbageCollectorRequest(e.kind, e.object.metadata?.namespace ?? "", e.object.metadata!.name!));
  const enqueueWaitingOwner = (uid: string) => {
    const owner = graph.find(uid);
    if (owner && waitsForDependents(owner.object)) enqueue(owner);
  };

  if (effect.op === "REMOVE") {
    const before = effect.before;
    const uid = before?.metadata?.uid;
    if (uid) for (const d of graph.dependentsOf(uid)) enqueue(d);
    for (const ref of before?.metadata?.ownerReferences ?? []) enqueueWaitingOwner(ref.uid);
    return out;
  }
  const after = effect.after;
  if (!after) return out;
  const self = { kind: effect.kind, object: after };
  if (effect.op === "DELETE" && (hasFinalizer(after, ORPHAN_FINALIZER) || hasFinalizer(after, FOREGROUND_FINALIZER))) {
    enqueue(self);
  }
  const refs = after.metadata?.ownerReferences ?? [];
  for (const r of refs) {
    if (graph.ownerOf(after, r).present) continue;
    enqueue(self);
    break;
  }
  // Plain scans: reference lists are short, and this runs for most writes of a search.
  for (const ref of effect.before?.metadata?.ownerReferences ?? []) {
    if (ref.blockOwnerDeletion === true && !refs.some((r) => r.blockOwnerDeletion === true && r.uid === ref.uid)) enqueueWaitingOwner(ref.uid);
  }
  return out;
}

/**
 * Whether `garbageCollectorTrigger` may enqueue anything for `effect`, from the effect alone. Most
 * writes concern objects without owners: nothing can then be enqueued, and the trigger runs for
 * every write of every transition, so a caller may skip it (and the empty list it would make).
 */
export function garbageCollectorMayTrigger(effect: Effect): boolean {
  return effect.op === "REMOVE" || effect.op === "DELETE" || hasOwnerReferences(effect.after) || hasOwnerReferences(effect.before);
}

function hasOwnerReferences(obj: KubeObject | undefined): boolean {
  const refs = obj?.metadata?.ownerReferences;
  return refs !== undefined && refs.length > 0;
}

function refOf(obj: KubeObject) {
  return { apiVersion: obj.apiVersion!, kind: obj.kind!, namespace: obj.metadata?.namespace, name: obj.metadata!.name! };
}

/**
 * The garbage collector as an ordinary reconciler (see `garbageCollectorRegistration`). It reads
 * the reconciler's view and writes through the client, so its timing interleaves with user
 * controllers, as the real one's does. One reconcile handles one object:
 * - being deleted with `orphan`: removes the ownerReferences to it from its dependents, then the finalizer;
 * - being deleted with `foregroundDeletion`: deletes its dependents (in foreground when they have
 *   dependents of their own), and removes the finalizer once no dependent with
 *   `blockOwnerDeletion` remains;
 * - otherwise, with owners: if every owner is gone (or waiting in foreground deletion), deletes it
 *   — with the deletion policy its own finalizers ask for, Background by default; if some owner
 *   remains, drops the references to the missing and waiting owners.
 * Deletes carry a uid precondition, as the real collector's do, so a re-created object is never
 * deleted by mistake; an object already gone is not an error.
 */
export class GarbageCollector implements Reconciler {
  private readonly graph: OwnerGraph;

  constructor(
    private readonly client: Client,
    private readonly view: WorldReader,
  ) {
    this.graph = new OwnerGraph(view);
  }

  async reconcile(req: Request): Promise<void> {
    const target = parseGarbageCollectorRequest(req);
    if (!target) throw new Error(`garbage-collector: request name ${JSON.stringify(req.name)} is not "<group>/<Kind>/<name>"`);
    let obj = this.view.get(target.kind, target.namespace, target.name);
    if (!obj) return;
    if (isDeleting(obj)) {
      if (hasFinalizer(obj, ORPHAN_FINALIZER)) {
        obj = await this.orphanDependents(obj);
        if (!obj) return;
      }
      if (hasFinalizer(obj, FOREGROUND_FINALIZER)) await this.deleteDependents(obj);
      return;
    }
    await this.attemptToDelete(obj);
  }

  /** Strips the references to `owner` from its dependents, then removes the `orphan` finalizer. Returns the owner as written. */
  private async orphanDependents(owner: KubeObject): Promise<KubeObject | undefined> {
    const uid = owner.metadata!.uid!;
    for (const d of this.graph.dependentsOf(uid)) {
      await this.dropOwnerReferences(d.object, new Set([uid]));
    }
    return this.removeFinalizer(owner, ORPHAN_FINALIZER);
  }

  private async deleteDependents(owner: KubeObject): Promise<void> {
    const uid = owner.metadata!.uid!;
    const dependents = this.graph.dependentsOf(uid);
    for (const d of dependents) {
      if (!isDeleting(d.object)) await this.attemptToDelete(d.object);
    }
    const blocking = dependents.filter((d) =>
      (d.object.metadata?.ownerReferences ?? []).some((r) => r.uid === uid && r.blockOwnerDeletion === true),
    );
    if (blocking.length === 0) await this.removeFinalizer(owner, FOREGROUND_FINALIZER);
  }

  private async attemptToDelete(obj: KubeObject): Promise<void> {
    const refs = obj.metadata?.ownerReferences ?? [];
    if (refs.length === 0 || isDeleting(obj)) return;
    const solid: OwnerReference[] = [];
    const gone = new Set<string>();
    let waiting = false;
    for (const ref of refs) {
      const { present, owner } = this.graph.ownerOf(obj, ref);
      if (!present) gone.add(ref.uid);
      else if (owner && waitsForDependents(owner)) {
        gone.add(ref.uid);
        waiting = true;
      } else solid.push(ref);
    }
    if (solid.length > 0) {
      if (gone.size > 0) await this.dropOwnerReferences(obj, gone);
      return;
    }
    let policy: DeleteOptions["propagationPolicy"];
    if (waiting && this.graph.dependentsOf(obj.metadata!.uid!).length > 0) policy = "Foreground";
    else if (hasFinalizer(obj, ORPHAN_FINALIZER)) policy = "Orphan";
    else if (hasFinalizer(obj, FOREGROUND_FINALIZER)) policy = "Foreground";
    else policy = "Background";
    await this.client.delete(refOf(obj), { propagationPolicy: policy, preconditions: { uid: obj.metadata!.uid! } }).catch(ignoreNotFound);
  }

  /** Removes the ownerReferences with these uids; the resourceVersion makes it fail rather than overwrite a newer object. */
  private async dropOwnerReferences(obj: KubeObject, uids: ReadonlySet<string>): Promise<void> {
    const remaining = (obj.metadata?.ownerReferences ?? []).filter((r) => !uids.has(r.uid));
    await this.client
      .patch(refOf(obj), { metadata: { resourceVersion: obj.metadata?.resourceVersion, ownerReferences: remaining } }, "merge")
      .catch(ignoreNotFound);
  }

  private async removeFinalizer(obj: KubeObject, finalizer: string): Promise<KubeObject | undefined> {
    const remaining = (obj.metadata?.finalizers ?? []).filter((f) => f !== finalizer);
    return this.client
      .patch(refOf(obj), { metadata: { resourceVersion: obj.metadata?.resourceVersion, finalizers: remaining } }, "merge")
      .catch(ignoreNotFound);
  }
}

/**
 * The built-in garbage collector's registration: id `"garbage-collector"`, no primary kind (its
 * `trigger` does all the enqueueing, for objects of every kind; see `garbageCollectorTrigger` and
 * `garbageCollectorRequest` for the request encoding). The explorer registers it unless the
 * builder turns it off.
 *
 * @example
 * ```ts
 * const gc = garbageCollectorRegistration();
 * gc.trigger!(effect, world); // the requests this effect enqueues for the collector
 * ```
 */
export function garbageCollectorRegistration(): ControllerRegistration {
  return {
    id: GARBAGE_COLLECTOR_ID,
    factory: (client, view) => new GarbageCollector(client, view),
    // No object has the empty kind, so the for-kind watch never fires; `trigger` covers every kind.
    for: "",
    owns: [],
    watches: [],
    trigger: garbageCollectorTrigger,
  };
}
