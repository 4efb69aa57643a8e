import type { KubeObject } from "../objects/kubeObject.ts";
import type { ServerMeta } from "./serverMeta.ts";
import type { World } from "./world.ts";
import type { WorldEntry } from "./worldReader.ts";

/**
 * A list request's filter: `keep` is the compiled filter (`compileListFilter`), `key` names it
 * (`listFilterKey`) so that two lists with equal filters can be told to ask the same question.
 */
export interface ListFilter {
  readonly key: string;
  keep(obj: KubeObject): boolean;
}

/**
 * Every read one reconcile makes of its state goes through a `StateReader`: its client's gets and
 * lists, its factory's view, the checks its writes make of the state they start from (existence,
 * conflicts, the incarnation counts that make uids) and the simulated clock. The plain reader
 * (`stateReader`) answers from a world; a wrapper sees every question and answer, the way
 * controller-runtime's `interceptor.Funcs` wraps a client — reconcile memoization records a
 * reconcile's reads that way. Reads of a reconcile's own earlier writes do not reach the reader:
 * those follow from the reads before them.
 *
 * @example
 * ```ts
 * const reader = stateReader(world, meta, 0);
 * const logged: StateReader = { ...reader, get: (key) => (console.log("get", key), reader.get(key)) };
 * const client = createClient({ view: logged, txn, kinds });
 * ```
 */
export interface StateReader {
  /** The object under a key string (`objectKeyString`), or undefined. */
  get(key: string): KubeObject | undefined;
  /** The objects of a kind that `filter` keeps, sorted by namespace then name. */
  list(kind: string, filter: ListFilter): readonly KubeObject[];
  /** All objects, sorted by kind, namespace, name. */
  all(): readonly KubeObject[];
  /** The object whose `metadata.uid` is `uid`, with its kind (the garbage collector's owner lookups). */
  findByUid(uid: string): WorldEntry | undefined;
  /** The objects with an ownerReference to `ownerUid`, sorted by kind, namespace, name. */
  dependentsOf(ownerUid: string): readonly WorldEntry[];
  /** How often the object under `key` has been created on the path (a create's new uid depends on it). */
  incarnation(key: string): number;
  /** The simulated clock, in milliseconds (what `ctx.now()` returns). */
  now(): number;
}

/** The filter that keeps every object (a factory view's `list(kind)`). */
export const KEEP_ALL: ListFilter = { key: "*", keep: () => true };

/**
 * The plain reader of one state: its world, its bookkeeping (incarnations) and its clock.
 *
 * @example
 * ```ts
 * const reader = stateReader(world, meta, 1_000);
 * reader.list("core/Pod", KEEP_ALL).length;
 * ```
 */
export function stateReader(world: World, meta: ServerMeta, nowMs: number): StateReader {
  return new WorldStateReader(world, meta, nowMs);
}

// A class rather than an object of closures: one is made per reconcile, on the explorer's hot path.
class WorldStateReader implements StateReader {
  constructor(
    private readonly world: World,
    private readonly meta: ServerMeta,
    private readonly nowMs: number,
  ) {}
  get(key: string): KubeObject | undefined {
    return this.world.getByKey(key);
  }
  list(kind: string, filter: ListFilter): readonly KubeObject[] {
    const all = this.world.list(kind);
    if (filter === KEEP_ALL) return all;
    // The world's list is frozen, so when the filter keeps every object (a namespace's list in a
    // one-namespace world, the usual case) it is the answer itself, and no array is made.
    let i = 0;
    while (i < all.length && filter.keep(all[i]!)) i++;
    return i === all.length ? all : all.filter(filter.keep);
  }
  all(): readonly KubeObject[] {
    return this.world.all();
  }
  findByUid(uid: string): WorldEntry | undefined {
    return this.world.findByUid(uid);
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    return this.world.dependentsOf(ownerUid);
  }
  incarnation(key: string): number {
    return this.meta.incarnations.get(key) ?? 0;
  }
  now(): number {
    return this.nowMs;
  }
}
