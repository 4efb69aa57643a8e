import type { Core } from "../../bindings/core.ts";
import type { StateContents } from "../../bindings/stateContents.ts";
import { addMod64, mixCursor, mixRequest, mixSlot, subMod64 } from "../../bindings/fingerprintMix.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { World } from "../apiserver/world.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, type ObjectKey } from "../objects/objectKey.ts";
import type { VersionTable } from "../objects/versionTable.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import { ChunkedIntList } from "./chunkedIntList.ts";
import { SharedValueList } from "./sharedValueList.ts";
import { Interner } from "./interner.ts";
import type { Snapshot, StaleState } from "./staleness.ts";

/** A pending reconcile with the index of its registration. */
export interface RequestEntry extends PendingReconcile {
  reg: number;
}

/**
 * The one owner of what a state is. In the core a state is (keyId, versionId) slots, sorted
 * pending request ids and staleness cursors; this codec interns objects, keys and requests to those
 * ids (registering their content hashes with the core), keeps what the core does not hold — the
 * server bookkeeping (`ServerMeta`) and the staleness positions of each state — and rebuilds a
 * state's world and pending list from its ids.
 */
export class StateCodec {
  private readonly keys = new Interner<ObjectKey>();
  private readonly requests = new Interner<RequestEntry>();
  private readonly keyHashes: bigint[] = [];
  /** `objectKeyString` of each key id. */
  private readonly keyTexts: string[] = [];
  /** The key ids of each kind, sorted by key string: the order `World.list` gives their objects. */
  private readonly kindKeys = new Map<string, number[]>();
  private readonly requestHashes: bigint[] = [];
  /**
   * Each state's `ServerMeta`, by field: the revision, and the incarnation map (shared by every
   * state whose path created nothing new). Not the meta objects themselves: one kept per state
   * was most of what a memoized search keeps per new state, for the garbage collector to copy.
   * Revisions are integers outside the heap; incarnation maps and staleness positions are shared
   * along paths, so each state holds a number naming one.
   */
  private readonly revisions = new ChunkedIntList(0);
  private readonly incarnations = new SharedValueList<ServerMeta["incarnations"]>();
  private readonly staleStates = new SharedValueList<StaleState>();

  constructor(
    private readonly core: Core,
    readonly hasher: Hasher,
    readonly versions: VersionTable,
    private readonly regs: readonly ControllerRegistration[],
  ) {}

  keyId(kind: string, namespace: string, name: string): number {
    const text = objectKeyString(kind, namespace, name);
    return this.keys.intern(text, () => ({ kind, namespace, name }), (id) => {
      const hash = this.hasher.hash64(text);
      this.keyHashes[id] = hash;
      this.keyTexts[id] = text;
      this.core.registerKey(id, hash);
      this.addKindKey(kind, id, text);
    });
  }

  private addKindKey(kind: string, id: number, text: string): void {
    let ids = this.kindKeys.get(kind);
    if (ids === undefined) this.kindKeys.set(kind, (ids = []));
    let at = ids.length;
    while (at > 0 && this.keyTexts[ids[at - 1]!]! > text) at--;
    ids.splice(at, 0, id);
  }

  /** The id of an interned key string, or undefined when no state has had an object under it. */
  findKeyId(text: string): number | undefined {
    return this.keys.find(text);
  }

  /**
   * The ids of every key of `kind` interned so far, sorted by key string (the order in which a
   * world lists them). The array is live: keys interned later are inserted into it.
   */
  keysOfKind(kind: string): readonly number[] {
    let ids = this.kindKeys.get(kind);
    if (ids === undefined) this.kindKeys.set(kind, (ids = []));
    return ids;
  }

  key(id: number): ObjectKey {
    return this.keys.get(id);
  }

  keyString(id: number): string {
    const text = this.keyTexts[id];
    if (text === undefined) throw new RangeError(`no interned key with id ${id}`);
    return text;
  }

  versionId(kind: string, obj: object): number {
    const before = this.versions.size;
    const id = this.versions.intern(kind, obj);
    if (this.versions.size > before) this.core.registerVersion(id, this.versions.hash(id));
    return id;
  }

  requestId(reg: number, namespace: string, name: string): number {
    const reconcilerId = this.regs[reg]!.id;
    const text = `${reconcilerId}\u0000${namespace}\u0000${name}`;
    return this.requests.intern(text, () => ({ reg, reconcilerId, request: { namespace, name } }), (id) => {
      const hash = this.hasher.hash64(text);
      this.requestHashes[id] = hash;
      this.core.registerRequest(id, hash);
    });
  }

  request(id: number): RequestEntry {
    return this.requests.get(id);
  }

  /**
   * A history position of one kind, identified by the content hashes of its objects. Its versions
   * are interned through `versionId`, so the core knows their hashes: a version first seen in a
   * stale view's history can later be written into a state's slots.
   */
  snapshotOf(kind: string, objects: readonly KubeObject[], revision: number): Snapshot {
    let text = kind;
    const interned: KubeObject[] = [];
    for (const o of objects) {
      const id = this.versionId(kind, o);
      text += `,${this.versions.hash(id).toString(16)}`;
      interned.push(this.versions.object(id));
    }
    return { hash: this.hasher.hash64(text), revision, objects: interned };
  }

  /** Keeps what the core does not hold of a new state. */
  remember(state: number, meta: ServerMeta, stale: StaleState): void {
    this.revisions.set(state, meta.revision);
    this.incarnations.set(state, meta.incarnations);
    this.staleStates.set(state, stale);
  }

  /** A state's server bookkeeping, or undefined when none was kept for it (a state a parallel worker received before it was expanded). */
  knownMeta(state: number): ServerMeta | undefined {
    const incarnations = this.incarnations.get(state);
    return incarnations === undefined ? undefined : { revision: this.revisions.get(state), incarnations };
  }

  meta(state: number): ServerMeta {
    const meta = this.knownMeta(state);
    if (meta === undefined) throw new RangeError(`no server bookkeeping for state ${state}`);
    return meta;
  }

  stale(state: number): StaleState {
    return this.staleStates.get(state)!;
  }

  /**
   * What `state` is in interned numbers, read into `into` (reused from call to call): its
   * (keyId, versionId) slots and pending request ids. For a copy of the graph kept elsewhere,
   * which can then rebuild worlds and pending lists from `keyString`, `versions` and `request`.
   */
  readState(state: number, into: StateContents): StateContents {
    return this.core.readState(state, into);
  }

  /** The true world of a state, rebuilt from its slots (interned versions are deep-frozen and keyed by their own identity). */
  world(state: number): World {
    return this.worldOf(this.core.slots(state));
  }

  /** The world of (keyId, versionId) slots, as a state holds them. */
  worldOf(slots: Uint32Array): World {
    const objects = new Map<string, KubeObject>();
    for (let i = 0; i < slots.length; i += 2) objects.set(this.keyString(slots[i]!), this.versions.object(slots[i + 1]!));
    return World.fromFrozen(objects);
  }

  /** The pending reconciles of a state, in (reconciler, namespace, name) order. */
  pending(state: number): PendingReconcile[] {
    const out = [...this.core.pending(state)].map((r) => {
      const e = this.requests.get(r);
      return { reconcilerId: e.reconcilerId, request: { ...e.request } };
    });
    out.sort(comparePending);
    return out;
  }

  /**
   * The fingerprint the core will give the successor of `parent` with `changed` applied and
   * exactly `pending` and `cursors` (a custom search strategy is told it before the state is
   * added). Computed with the core's own mixing functions, from the parent's fingerprint.
   */
  fingerprintOf(parent: number, changed: Uint32Array, pending: Uint32Array, cursors: Uint32Array): bigint {
    const core = this.core;
    let fp = core.fingerprint(parent);
    for (const r of core.pending(parent)) fp = subMod64(fp, mixRequest(this.requestHashes[r]!));
    const parentCursors = core.cursors(parent);
    for (let i = 0; i < parentCursors.length; i += 2) fp = subMod64(fp, mixCursor(i >> 1, parentCursors[i]!, parentCursors[i + 1]!));
    if (changed.length > 0) {
      const slots = core.slots(parent);
      for (let i = 0; i < changed.length; i += 2) {
        const key = changed[i]!;
        const keyHash = this.keyHashes[key]!;
        const old = versionAt(slots, key);
        if (old !== 0) fp = subMod64(fp, mixSlot(keyHash, this.versions.hash(old)));
        if (changed[i + 1]! !== 0) fp = addMod64(fp, mixSlot(keyHash, this.versions.hash(changed[i + 1]!)));
      }
    }
    for (const r of pending) fp = addMod64(fp, mixRequest(this.requestHashes[r]!));
    for (let i = 0; i < cursors.length; i += 2) fp = addMod64(fp, mixCursor(i >> 1, cursors[i]!, cursors[i + 1]!));
    return fp;
  }
}

/** The version of `key` in (key, version) slots, or 0 when absent. */
function versionAt(slots: Uint32Array, key: number): number {
  for (let i = 0; i < slots.length; i += 2) if (slots[i] === key) return slots[i + 1]!;
  return 0;
}

/** (reconciler, namespace, name) order. */
export function comparePending(a: PendingReconcile, b: PendingReconcile): number {
  return cmp(a.reconcilerId, b.reconcilerId) || cmp(a.request.namespace, b.request.namespace) || cmp(a.request.name, b.request.name);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
