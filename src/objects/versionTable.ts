import { KameraError } from "../kameraError.ts";
import { canonicalJson } from "./canonicalJson.ts";
import { deepCopy } from "./deepCopy.ts";
import { deepFreeze, isDeepFrozen } from "./deepFreeze.ts";
import type { Hasher } from "./hasher.ts";
import { normalizeForIdentity } from "./identityMask.ts";
import type { KubeObject } from "./kubeObject.ts";

/** Where a frozen object reference was interned: its kind (masks differ per kind) and its id. */
interface Interned {
  kind: string;
  id: number;
}

/**
 * Interns object versions: each distinct **normalized** content (per kind, under that kind's
 * masks; see `normalizeForIdentity`) gets one version id ≥ 1 and one 64-bit content hash — the
 * xxHash64 of the canonical JSON of the normalized form — computed once. The first object seen
 * with a content is kept, deep-frozen, as the representative that `object(id)` returns, real
 * values included. Re-interning a representative (or any object this table has already seen
 * frozen) is a WeakMap lookup; anything else is normalized and encoded once per call.
 *
 * Ids are dense and assigned in first-seen order, so they are deterministic for a deterministic
 * exploration; the hashes do not depend on ids or order at all. Two contents with the same hash
 * (of probability about n²/2⁶⁵, as for state fingerprints) would share an id: a version is known
 * by its hash, so that one interned by `internHashed` (from a hash another table computed) and
 * one interned by `intern` are the same version.
 *
 * @example
 * ```ts
 * const versions = new VersionTable(await loadHasher(), (kind) => masks.get(kind) ?? []);
 * const id = versions.intern("core/ConfigMap", cm);
 * versions.intern("core/ConfigMap", { ...cm, metadata: { ...cm.metadata, resourceVersion: "9" } }) === id; // true
 * ```
 */
export class VersionTable {
  /** Index 0 is unused so that ids start at 1 (0 means "absent" in the core). */
  private readonly objects: KubeObject[] = [undefined as never];
  private readonly hashes: bigint[] = [0n];
  /** `kind NUL canonical-normalized-JSON` → id. */
  private readonly byContent = new Map<string, number>();
  private readonly byReference = new WeakMap<object, Interned>();
  /** Per kind, content hash → id: how `internHashed` finds a version without normalizing it. */
  private readonly byHash = new Map<string, Map<bigint, number>>();

  constructor(
    private readonly hasher: Hasher,
    private readonly masksFor: (kind: string) => readonly string[],
  ) {}

  /** The number of distinct versions interned so far. */
  get size(): number {
    return this.objects.length - 1;
  }

  /**
   * The version id of `obj`'s normalized content under `kind`'s masks, assigning a new id (and
   * keeping a frozen copy of `obj` as the representative) when the content is new. `obj` itself
   * is never mutated or frozen.
   */
  intern(kind: string, obj: KubeObject | object): number {
    const known = this.byReference.get(obj);
    if (known !== undefined && known.kind === kind) return known.id;
    const text = canonicalJson(normalizeForIdentity(obj, this.masksFor(kind)));
    const contentKey = `${kind}\u0000${text}`;
    let id = this.byContent.get(contentKey);
    if (id === undefined) {
      const hash = this.hasher.hash64(text);
      // A version first interned by `internHashed` has no content key yet.
      id = this.hashesOf(kind).get(hash);
      if (id === undefined) {
        // A caller's object may still be mutated by the caller; only a deep-frozen one can be shared.
        id = this.add(kind, isDeepFrozen(obj) ? (obj as KubeObject) : deepFreeze(deepCopy(obj as KubeObject)), hash);
      }
      this.byContent.set(contentKey, id);
    }
    // A frozen reference cannot change, so it can be looked up by identity next time.
    if (isDeepFrozen(obj)) this.byReference.set(obj, { kind, id });
    return id;
  }

  /** The content hash `obj` has under `kind`'s masks (what `hash` gives for its version), computed without interning it. */
  contentHash(kind: string, obj: object): bigint {
    return this.hasher.hash64(canonicalJson(normalizeForIdentity(obj, this.masksFor(kind))));
  }

  /**
   * The version id of an object whose content hash under `kind` is already known — computed by
   * another table of the same scenario (another worker's), which sent the object with it — without
   * normalizing and encoding it again. `owned` says the caller gives the object away (a message's
   * copy): it is then frozen in place instead of copied. The hash is trusted: the table holds the
   * object under it as `intern` would have, and a later `intern` of equal content finds it.
   */
  internHashed(kind: string, hash: bigint, obj: KubeObject, owned: boolean): number {
    const id = this.hashesOf(kind).get(hash);
    if (id !== undefined) return id;
    return this.add(kind, isDeepFrozen(obj) ? obj : owned ? deepFreeze(obj) : deepFreeze(deepCopy(obj)), hash);
  }

  private hashesOf(kind: string): Map<bigint, number> {
    let m = this.byHash.get(kind);
    if (m === undefined) this.byHash.set(kind, (m = new Map()));
    return m;
  }

  private add(kind: string, representative: KubeObject, hash: bigint): number {
    const id = this.objects.length;
    this.objects.push(representative);
    this.hashes.push(hash);
    this.hashesOf(kind).set(hash, id);
    this.byReference.set(representative, { kind, id });
    return id;
  }

  /** The version id of an object this table has seen frozen (a representative, or an object of a world it built), else undefined. No normalization. */
  idOf(obj: object): number | undefined {
    return this.byReference.get(obj)?.id;
  }

  /** The frozen representative of version `id` (the first object interned with that content). */
  object(id: number): KubeObject {
    return this.objects[this.check(id)]!;
  }

  /** The 64-bit content hash of version `id`: xxHash64 of the canonical JSON of its normalized form. */
  hash(id: number): bigint {
    return this.hashes[this.check(id)]!;
  }

  private check(id: number): number {
    if (!Number.isInteger(id) || id < 1 || id >= this.objects.length) {
      throw new KameraError(`unknown version id ${id}: ids run from 1 to ${this.size}`);
    }
    return id;
  }
}
