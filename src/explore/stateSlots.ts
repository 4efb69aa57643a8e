import type { Core } from "../../bindings/core.ts";
import { StateContents } from "../../bindings/stateContents.ts";
import type { World } from "../apiserver/world.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { VersionTable } from "../objects/versionTable.ts";
import type { MemoGetQuery, MemoListQuery, MemoState, WorldSource } from "./reconcileMemo.ts";
import type { StateCodec } from "./stateCodec.ts";

/**
 * The state being expanded, as the core holds it: its slots and pending set read in one call
 * (`Core.readState`) and its versions indexed by key id, so that the memo's questions (the
 * object under a key, the objects of a kind) are answered from integers instead of from a world
 * of objects and key strings. The world itself is made only when something needs objects: a
 * reconcile that really runs, a replay whose world after the writes is read, a question the slots
 * cannot answer (by uid, by owner).
 *
 * One holder serves the whole search, one state at a time: `pending` is valid until the next
 * `load` of another state.
 */
export class StateSlots implements MemoState {
  private readonly contents = new StateContents();
  private state = -1;
  /** Version id by key id for the loaded state (0: no object); reset key by key on the next load. */
  private versionByKey = new Uint32Array(256);
  private source: StateWorld | undefined;

  constructor(
    private readonly core: Core,
    private readonly codec: StateCodec,
    private readonly versions: VersionTable,
  ) {}

  /** Reads `state` from the core (nothing happens when it is the state loaded already). */
  load(state: number): this {
    if (state === this.state) return this;
    const byKey = this.versionByKey;
    const old = this.contents.slots;
    for (let i = 0; i < old.length; i += 2) byKey[old[i]!] = 0;
    const slots = this.core.readState(state, this.contents).slots;
    // Slots are sorted by key id: the last key is the largest.
    const maxKey = slots.length > 0 ? slots[slots.length - 2]! : 0;
    if (maxKey >= byKey.length) {
      let n = byKey.length;
      while (n <= maxKey) n *= 2;
      this.versionByKey = new Uint32Array(n);
    }
    const into = this.versionByKey;
    for (let i = 0; i < slots.length; i += 2) into[slots[i]!] = slots[i + 1]!;
    this.state = state;
    this.source = undefined;
    return this;
  }

  /** Whether `state` is the state loaded now. */
  isLoaded(state: number): boolean {
    return state === this.state;
  }

  /** The loaded state's (keyId, versionId) slots, sorted by key id (a view, valid until the next `load` of another state). */
  get loadedSlots(): Uint32Array {
    return this.contents.slots;
  }

  /** The loaded state's pending request ids, ascending (a view: copy it to keep it past the next `load`). */
  get pending(): Uint32Array {
    return this.contents.pending;
  }

  /** The loaded state's world, made on first use and shared by everything that reads it. */
  worldSource(): WorldSource {
    return (this.source ??= new StateWorld(this.codec, this.state, this));
  }

  /** The object under `key` in `state` when that is the loaded state; null when another state is loaded. */
  objectIn(state: number, key: string): KubeObject | undefined | null {
    if (state !== this.state) return null;
    const id = this.codec.findKeyId(key);
    const v = id === undefined || id >= this.versionByKey.length ? 0 : this.versionByKey[id]!;
    return v === 0 ? undefined : this.versions.object(v);
  }

  world(): World {
    return this.worldSource().world();
  }

  get(q: MemoGetQuery): number {
    // A key never interned is under no state's slots: absent (and resolved once it is interned).
    const id = (q.keyId ??= this.codec.findKeyId(q.key));
    return id === undefined || id >= this.versionByKey.length ? 0 : this.versionByKey[id]!;
  }

  list(q: MemoListQuery): number | string {
    const ids = (q.kindKeys ??= this.codec.keysOfKind(q.kind));
    const byKey = this.versionByKey;
    const keep = q.keep;
    // As `listAnswer` does with a world's sorted list: one id as itself, several joined.
    let n = 0;
    let first = 0;
    let joined = "";
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i]!;
      const v = id < byKey.length ? byKey[id]! : 0;
      if (v === 0 || !keep(this.versions.object(v))) continue;
      if (n === 0) first = v;
      else joined += n === 1 ? `${first},${v},` : `${v},`;
      n++;
    }
    return n === 1 ? first : joined;
  }
}

/** A state's world, rebuilt from its slots when first asked for. */
class StateWorld implements WorldSource {
  private made: World | undefined;
  constructor(
    private readonly codec: StateCodec,
    private readonly state: number,
    private readonly slots: StateSlots,
  ) {}
  world(): World {
    // While the state is loaded its slots are at hand: no second read from the core.
    return (this.made ??= this.slots.isLoaded(this.state) ? this.codec.worldOf(this.slots.loadedSlots) : this.codec.world(this.state));
  }
  object(key: string): KubeObject | undefined {
    if (this.made !== undefined) return this.made.getByKey(key);
    // While the state is loaded its slots answer: one object does not need the whole world.
    const found = this.slots.objectIn(this.state, key);
    return found !== null ? found : this.world().getByKey(key);
  }
}
