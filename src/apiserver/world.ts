import type { WorldEntry, WorldReader } from "./worldReader.ts";
import { KameraError } from "../kameraError.ts";
import { deepFreeze } from "../objects/deepFreeze.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, parseObjectKeyString } from "../objects/objectKey.ts";

const EMPTY: readonly KubeObject[] = Object.freeze([]);

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Deep-freezes an object; free for objects `deepFreeze` has already frozen (interned versions, earlier worlds). */
function frozen(obj: KubeObject): KubeObject {
  return deepFreeze(obj);
}

function identityOf(kind: string, obj: KubeObject, where: string): string {
  const meta = obj?.metadata;
  if (!meta || typeof meta.name !== "string" || meta.name === "") {
    throw new KameraError(`${where}: a ${kind} object has no metadata.name`);
  }
  const ns = meta.namespace ?? "";
  if (typeof ns !== "string") throw new KameraError(`${where}: ${kind} "${meta.name}" has a non-string metadata.namespace`);
  return objectKeyString(kind, ns, meta.name);
}

/**
 * The objects of one state of the simulated API server: an immutable set of frozen objects keyed
 * by `(kind, namespace, name)`. The explorer builds one per state expansion, so construction is a
 * single pass; the sorted per-kind lists, the full sorted list and the uid index are computed only
 * when first asked for, and `with` carries the sorted lists of untouched kinds over to the new world.
 *
 * @example
 * ```ts
 * const w = World.fromObjects([["core/ConfigMap", cm]]);
 * w.get("core/ConfigMap", "default", "cfg");          // the frozen object
 * const w2 = w.with(new Map([[objectKeyString("core/ConfigMap", "default", "cfg"), undefined]]));
 * w2.size;                                            // 0; w is unchanged
 * ```
 */
export class World implements WorldReader {
  /** Sorted objects per kind, computed on demand (and inherited from the parent world for untouched kinds). */
  private readonly sortedByKind: Map<string, readonly KubeObject[]>;
  /** Keys grouped by kind, unsorted; built in one pass on first use. */
  private keysByKind: Map<string, string[]> | undefined;
  private sortedKeys: readonly string[] | undefined;
  private allSorted: readonly KubeObject[] | undefined;
  private uidIndex: Map<string, WorldEntry> | undefined;
  private dependentsIndex: Map<string, WorldEntry[]> | undefined;

  private constructor(
    private readonly objects: ReadonlyMap<string, KubeObject>,
    inherited?: Map<string, readonly KubeObject[]>,
  ) {
    this.sortedByKind = inherited ?? new Map();
  }

  /** The world with no objects. */
  static empty(): World {
    return new World(new Map());
  }

  /**
   * A world of the given `[kind, object]` pairs (kind canonical, e.g. `"apps/Deployment"`). Objects
   * are deep-frozen. Two objects with the same key, or one without a name, are a `KameraError`.
   */
  static fromObjects(entries: Iterable<readonly [string, KubeObject]>): World {
    const objects = new Map<string, KubeObject>();
    for (const [kind, obj] of entries) {
      const key = identityOf(kind, obj, "World.fromObjects");
      if (objects.has(key)) {
        const { namespace, name } = parseObjectKeyString(key);
        throw new KameraError(`World.fromObjects: ${kind} ${namespace ? `${namespace}/` : ""}${name} is given twice`);
      }
      objects.set(key, frozen(obj));
    }
    return new World(objects);
  }

  /**
   * A world over `objects`, keyed by their `objectKeyString`s and deep-frozen already (by
   * `deepFreeze`; a state rebuilt from interned versions is): unlike `fromObjects` nothing is
   * checked or frozen, which is what makes it cheap. The world owns the map from then on.
   *
   * @example
   * ```ts
   * const w = World.fromFrozen(new Map([[objectKeyString("core/ConfigMap", "default", "cfg"), deepFreeze(cm)]]));
   * ```
   */
  static fromFrozen(objects: Map<string, KubeObject>): World {
    return new World(objects);
  }

  /** Number of objects. */
  get size(): number {
    return this.objects.size;
  }

  /** The object with this identity, or undefined. */
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.objects.get(objectKeyString(kind, namespace, name));
  }

  /** The object under a key string (`objectKeyString`), or undefined. */
  getByKey(key: string): KubeObject | undefined {
    return this.objects.get(key);
  }

  /** Whether an object with this key string exists. */
  has(key: string): boolean {
    return this.objects.has(key);
  }

  /** All objects of a kind (all namespaces), sorted by namespace then name. */
  list(kind: string): readonly KubeObject[] {
    const cached = this.sortedByKind.get(kind);
    if (cached) return cached;
    const keys = this.groupedKeys().get(kind);
    if (!keys) return EMPTY;
    const sorted = Object.freeze(
      keys.length === 1 ? [this.objects.get(keys[0]!)!] : [...keys].sort(compareStrings).map((k) => this.objects.get(k)!),
    );
    this.sortedByKind.set(kind, sorted);
    return sorted;
  }

  /** The kinds that have at least one object, sorted. */
  kinds(): readonly string[] {
    return [...this.groupedKeys().keys()].sort(compareStrings);
  }

  /** All objects, sorted by kind, namespace, name. */
  all(): readonly KubeObject[] {
    if (!this.allSorted) {
      const out: KubeObject[] = [];
      for (const kind of this.kinds()) for (const o of this.list(kind)) out.push(o);
      this.allSorted = Object.freeze(out);
    }
    return this.allSorted;
  }

  /** All key strings, sorted (the order of `all()`). */
  keys(): readonly string[] {
    if (!this.sortedKeys) this.sortedKeys = Object.freeze([...this.objects.keys()].sort(compareStrings));
    return this.sortedKeys;
  }

  /** All objects with their keys and kinds, sorted by key. */
  entries(): WorldEntry[] {
    return this.keys().map((key) => ({ key, kind: parseObjectKeyString(key).kind, object: this.objects.get(key)! }));
  }

  /** The object whose `metadata.uid` is `uid`, with its kind, or undefined. The index is built on first use. */
  findByUid(uid: string): WorldEntry | undefined {
    if (!this.uidIndex) {
      const index = new Map<string, WorldEntry>();
      // Sorted keys make the winner deterministic should two objects share a uid (only a seeded state can do that).
      for (const key of this.keys()) {
        const object = this.objects.get(key)!;
        const u = object.metadata?.uid;
        if (typeof u === "string" && u !== "" && !index.has(u)) index.set(u, { key, kind: parseObjectKeyString(key).kind, object });
      }
      this.uidIndex = index;
    }
    return this.uidIndex.get(uid);
  }

  /**
   * The objects with an ownerReference to `ownerUid`, sorted by kind, namespace, name (the
   * garbage collector's dependents). The index is built on first use.
   */
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    if (!this.dependentsIndex) {
      const index = new Map<string, WorldEntry[]>();
      for (const key of this.keys()) {
        const object = this.objects.get(key)!;
        const refs = object.metadata?.ownerReferences;
        if (!refs || refs.length === 0) continue;
        const entry: WorldEntry = { key, kind: parseObjectKeyString(key).kind, object };
        for (const uid of new Set(refs.map((r) => r.uid))) {
          const l = index.get(uid);
          if (l) l.push(entry);
          else index.set(uid, [entry]);
        }
      }
      this.dependentsIndex = index;
    }
    return this.dependentsIndex.get(ownerUid) ?? [];
  }

  /**
   * A new world with `changes` applied (an object puts or replaces the object under its key,
   * `undefined` removes it); this world is unchanged. O(size) to copy the key map; the sorted
   * lists of kinds that no change touches are shared with the new world.
   */
  with(changes: ReadonlyMap<string, KubeObject | undefined>): World {
    if (changes.size === 0) return this;
    const objects = new Map(this.objects);
    const touched = new Set<string>();
    for (const [key, obj] of changes) {
      const { kind } = parseObjectKeyString(key);
      touched.add(kind);
      if (obj === undefined) {
        objects.delete(key);
        continue;
      }
      const actual = identityOf(kind, obj, "World.with");
      if (actual !== key) {
        const want = parseObjectKeyString(key);
        throw new KameraError(
          `World.with: the object under key ${want.kind} ${want.namespace}/${want.name} is ${obj.metadata?.namespace ?? ""}/${obj.metadata?.name}`,
        );
      }
      objects.set(key, frozen(obj));
    }
    const inherited = new Map<string, readonly KubeObject[]>();
    for (const [kind, list] of this.sortedByKind) if (!touched.has(kind)) inherited.set(kind, list);
    return new World(objects, inherited);
  }

  private groupedKeys(): Map<string, string[]> {
    if (!this.keysByKind) {
      const grouped = new Map<string, string[]>();
      for (const key of this.objects.keys()) {
        const kind = key.slice(0, key.indexOf("\u0000"));
        const l = grouped.get(kind);
        if (l) l.push(key);
        else grouped.set(kind, [key]);
      }
      this.keysByKind = grouped;
    }
    return this.keysByKind;
  }
}
