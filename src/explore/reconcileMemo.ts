import type { ListFilter, StateReader } from "../apiserver/stateReader.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { World } from "../apiserver/world.ts";
import type { WorldEntry } from "../apiserver/worldReader.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { VersionTable } from "../objects/versionTable.ts";
import type { Effect } from "../apiserver/effect.ts";

/** The object under a key. `keyId` is the key's interned id, filled in by the first lookup that resolves it. */
export interface MemoGetQuery {
  q: "get";
  key: string;
  keyId?: number;
}

/** The objects of a kind that pass a filter. `kindKeys` is the kind's interned key ids, filled in by the first lookup. */
export interface MemoListQuery {
  q: "list";
  kind: string;
  filterKey: string;
  keep: (o: KubeObject) => boolean;
  kindKeys?: readonly number[];
}

/** One question a reconcile asked of its state. */
export type MemoQuery =
  | MemoGetQuery
  | MemoListQuery
  | { q: "all" }
  | { q: "uid"; uid: string }
  | { q: "dependents"; uid: string }
  | { q: "incarnation"; key: string }
  | { q: "now" };

/** What the state answered, as version ids (0 = absent) or plain numbers. */
type Answer = number | string;

/** Where a state's world comes from when something needs its objects (made on first use, then kept). */
export interface WorldSource {
  world(): World;
  /** The object under a key (an object key string), answered without making the world where the source can. */
  object?(key: string): KubeObject | undefined;
}

/**
 * A state as a memo lookup asks it: the version id under a key and the version ids of a kind's
 * objects (as `listAnswer` gives them), and its world for the rarer questions (all objects, by
 * uid, by owner). `StateSlots` answers from the core's slots; `worldState` from a world.
 */
export interface MemoState {
  /** The version id of the object under `q.key`: 0 when there is none, -1 when it is not interned. */
  get(q: MemoGetQuery): number;
  /** The version ids of the objects of `q.kind` that `q.keep` keeps, in key order, as `listAnswer` joins them. */
  list(q: MemoListQuery): Answer;
  /** The state's world, for the questions ids cannot answer; stays the same state's after the lookup. */
  worldSource(): WorldSource;
}

/** What a reconcile did, in the explorer's terms, enough to make the same transition again. */
export interface MemoOutcome {
  effects: Effect[];
  /** `[keyId, versionId]` pairs (versionId 0 = removed), one per key written, in first-write order. */
  changed: number[];
  /** `changed` as the core takes it, made once and shared by every replay. */
  changedIds?: Uint32Array;
  /** The key strings of `changed`, in the same order. */
  changedKeys: string[];
  /** How many revisions the writes took. */
  revisions: number;
  /** Keys created, with how many times each. */
  created: [string, number][];
  error?: string;
  errorLocation?: string;
  requeue: boolean;
  requeueAfter?: number;
  logs: string[];
  /** The number of the recorded run's step record in the explorer's step table, shared by every replay of it (set by the explorer). */
  stepRecord?: number;
}

/**
 * A node of a request's decision tree: a leaf (`outcome`) or a question (`query`) with one branch
 * per answer seen. Most questions only ever got one answer, so the first branch is kept inline and
 * a map is made for the second: one node per recorded read is what the memo's memory grows with,
 * and a lookup walks one per question. One class for both kinds keeps the walk monomorphic.
 */
class MemoNode {
  /** Further answers after the first, made when a second one is seen. */
  more: Map<Answer, MemoNode> | undefined = undefined;

  private constructor(
    readonly query: MemoQuery | undefined,
    readonly outcome: MemoOutcome | undefined,
    readonly answer: Answer,
    readonly child: MemoNode | undefined,
  ) {}

  static leaf(outcome: MemoOutcome): MemoNode {
    return new MemoNode(undefined, outcome, 0, undefined);
  }

  static question(query: MemoQuery, answer: Answer, child: MemoNode): MemoNode {
    return new MemoNode(query, undefined, answer, child);
  }

  /** The branch under `answer`, if one was recorded. */
  next(answer: Answer): MemoNode | undefined {
    if (answer === this.answer) return this.child;
    return this.more === undefined ? undefined : this.more.get(answer);
  }

  /** Records a branch under an answer not seen here before. */
  branch(answer: Answer, child: MemoNode): void {
    (this.more ??= new Map()).set(answer, child);
  }
}

function sameQuery(a: MemoQuery, b: MemoQuery): boolean {
  if (a.q !== b.q) return false;
  switch (a.q) {
    case "get":
    case "incarnation":
      return a.key === (b as typeof a).key;
    case "list":
      return a.kind === (b as typeof a).kind && a.filterKey === (b as typeof a).filterKey;
    case "uid":
    case "dependents":
      return a.uid === (b as typeof a).uid;
    default:
      return true;
  }
}

function describe(q: MemoQuery): string {
  switch (q.q) {
    case "get":
    case "incarnation":
      return `${q.q} ${q.key.replaceAll("\u0000", " ")}`;
    case "list":
      return `list ${q.kind} ${q.filterKey}`;
    case "uid":
    case "dependents":
      return `${q.q} ${q.uid}`;
    default:
      return q.q;
  }
}

/**
 * The questions one run of a reconcile asked (every read of the state, the clock, the
 * incarnation counts its creates used) and the answers it got, in order. `reads` wraps the
 * readers of a run (`runReconcile`'s `interceptReads`) to record them. A trace that saw an object
 * the version table does not know cannot be compared with other states and is marked unusable.
 */
export class ReconcileTrace {
  readonly queries: MemoQuery[] = [];
  readonly answers: Answer[] = [];
  usable = true;

  /** `versionId`, bound once (one trace is made per reconcile that really runs). */
  private readonly id: (obj: KubeObject | undefined) => number;

  constructor(private readonly versions: VersionTable) {
    this.id = this.versionId.bind(this);
  }

  private versionId(obj: KubeObject | undefined): number {
    if (obj === undefined) return 0;
    const id = this.versions.idOf(obj);
    if (id === undefined) {
      this.usable = false;
      return -1;
    }
    return id;
  }

  /** `reader`, with every read it answers recorded in this trace. */
  reads(reader: StateReader): StateReader {
    return new RecordingReader(reader, this);
  }

  get(key: string, found: KubeObject | undefined): void {
    this.queries.push({ q: "get", key });
    this.answers.push(this.id(found));
  }

  list(kind: string, filterKey: string, keep: (o: KubeObject) => boolean, found: readonly KubeObject[]): void {
    this.queries.push({ q: "list", kind, filterKey, keep });
    this.answers.push(listAnswer(found, this.id));
  }

  all(found: readonly KubeObject[]): void {
    this.queries.push({ q: "all" });
    this.answers.push(listAnswer(found, this.id));
  }

  uid(uid: string, found: WorldEntry | undefined): void {
    this.queries.push({ q: "uid", uid });
    this.answers.push(found === undefined ? "" : entriesAnswer([found], this.id));
  }

  dependents(ownerUid: string, found: readonly WorldEntry[]): void {
    this.queries.push({ q: "dependents", uid: ownerUid });
    this.answers.push(entriesAnswer(found, this.id));
  }

  incarnation(key: string, value: number): void {
    this.queries.push({ q: "incarnation", key });
    this.answers.push(value);
  }

  now(ms: number): void {
    this.queries.push({ q: "now" });
    this.answers.push(ms);
  }
}

/** A reader that tells a trace of every read it answers. */
class RecordingReader implements StateReader {
  constructor(
    private readonly reader: StateReader,
    private readonly trace: ReconcileTrace,
  ) {}
  get(key: string): KubeObject | undefined {
    const found = this.reader.get(key);
    this.trace.get(key, found);
    return found;
  }
  list(kind: string, filter: ListFilter): readonly KubeObject[] {
    const found = this.reader.list(kind, filter);
    this.trace.list(kind, filter.key, filter.keep, found);
    return found;
  }
  all(): readonly KubeObject[] {
    const found = this.reader.all();
    this.trace.all(found);
    return found;
  }
  findByUid(uid: string): WorldEntry | undefined {
    const found = this.reader.findByUid(uid);
    this.trace.uid(uid, found);
    return found;
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    const found = this.reader.dependentsOf(ownerUid);
    this.trace.dependents(ownerUid, found);
    return found;
  }
  incarnation(key: string): number {
    const value = this.reader.incarnation(key);
    this.trace.incarnation(key, value);
    return value;
  }
  now(): number {
    const ms = this.reader.now();
    this.trace.now(ms);
    return ms;
  }
}

/**
 * A list's answer: its members' version ids, in order — the id itself for a list of one (the
 * common case, and no string to build), else the ids joined (`""` for none). Members `keep`
 * rejects are skipped, so a lookup need not copy the filtered list.
 */
function listAnswer(objs: readonly KubeObject[], id: (o: KubeObject) => number, keep?: (o: KubeObject) => boolean): Answer {
  let n = 0;
  let first = 0;
  let joined = "";
  for (let i = 0; i < objs.length; i++) {
    const o = objs[i]!;
    if (keep !== undefined && !keep(o)) continue;
    const v = id(o);
    if (n === 0) first = v;
    else joined += n === 1 ? `${first},${v},` : `${v},`;
    n++;
  }
  return n === 1 ? first : joined;
}

/** A lookup's answer: each entry's key and version id, in order. */
function entriesAnswer(found: readonly WorldEntry[], id: (o: KubeObject) => number): string {
  let s = "";
  for (const e of found) s += `${e.key}#${id(e.object)},`;
  return s;
}

/** Where two runs of a reconcile on equal answers asked different questions: the reconciler is not deterministic. */
export interface MemoDivergence {
  reqId: number;
  first: string;
  second: string;
}

/**
 * Reconcile memoization. A reconcile is a function of what it reads: the objects it gets and
 * lists (from its client, its factory's view and its writes' checks), the clock if it asks, and
 * the incarnation counts its creates use for uids. Keyed per pending request, this keeps a
 * decision tree of every run so far — at each node the next question the reconcile asked, one
 * branch per answer seen — with what the run did at its leaves. Before running a reconcile on a
 * new state, the explorer walks the tree asking the state the same questions; reaching a leaf
 * means the reconcile would ask and get exactly what an earlier run did, so it would do the same,
 * and its transition is made from the leaf without running it.
 *
 * Only the resourceVersions, server timestamps and error texts in the recorded effects may differ
 * from a fresh run (they come from the run that was recorded); none of them is part of a state's
 * identity — unless a reconciler copies a resourceVersion its own write returned into content,
 * which the README names as the one case memoization changes. Runs that used `ctx.choose`, hit the time budget or saw unknown objects are not kept.
 * Two runs that asked different questions after equal answers show that the reconciler depends on
 * something it does not read through kamera; that request is then always run.
 *
 * @example
 * ```ts
 * const memo = new ReconcileMemo(versions, 1 << 22);
 * const hit = memo.lookup(reqId, memo.worldState(world), meta, nowMs);
 * if (!hit) {
 *   const trace = memo.trace();
 *   const out = await runReconcile({ ...input, interceptReads: (reader) => trace.reads(reader) });
 *   memo.insert(reqId, trace, outcomeOf(out));
 * }
 * ```
 */
export class ReconcileMemo {
  private readonly roots = new Map<number, MemoNode>();
  private readonly unusable = new Set<number>();
  private leaves = 0;
  /** Decision-tree nodes, one per recorded read: what the memo's memory grows with. */
  private nodes = 0;
  readonly divergences: MemoDivergence[] = [];

  constructor(
    private readonly versions: VersionTable,
    /** Reads recorded at most; runs that would pass it are not kept (a bound on memory). */
    private readonly maxReads: number,
  ) {}

  /** Number of recorded runs. */
  get size(): number {
    return this.leaves;
  }

  trace(): ReconcileTrace {
    return new ReconcileTrace(this.versions);
  }

  /** The recorded outcome of request `reqId` on this state, if an earlier run asked and got the same. */
  lookup(reqId: number, state: MemoState, meta: ServerMeta, nowMs: number): MemoOutcome | undefined {
    let node = this.roots.get(reqId);
    while (node !== undefined) {
      const query = node.query;
      if (query === undefined) return node.outcome;
      node = node.next(this.answer(query, state, meta, nowMs));
    }
    return undefined;
  }

  /** `world` as a lookup asks it (for callers that hold a world rather than a state of the core). */
  worldState(world: World): MemoState {
    return new WorldMemoState(world, this.idOf);
  }

  /** Records a fresh run of `reqId`. Returns false when the run contradicts an earlier one. */
  insert(reqId: number, trace: ReconcileTrace, outcome: MemoOutcome): boolean {
    if (!trace.usable || this.unusable.has(reqId) || this.nodes + trace.queries.length > this.maxReads) return true;
    const { queries, answers } = trace;
    let node = this.roots.get(reqId);
    if (node === undefined) {
      this.roots.set(reqId, this.chain(trace, 0, outcome));
      this.leaves++;
      return true;
    }
    for (let i = 0; ; i++) {
      const query = node.query;
      if (query === undefined) {
        // Equal answers so far, and the earlier run stopped asking here.
        if (i === queries.length) return true;
        return this.diverged(reqId, "(no further reads)", describe(queries[i]!));
      }
      if (i === queries.length) return this.diverged(reqId, describe(query), "(no further reads)");
      if (!sameQuery(query, queries[i]!)) return this.diverged(reqId, describe(query), describe(queries[i]!));
      const child: MemoNode | undefined = node.next(answers[i]!);
      if (child === undefined) {
        node.branch(answers[i]!, this.chain(trace, i + 1, outcome));
        this.leaves++;
        return true;
      }
      node = child;
    }
  }

  /** The trace's questions from `from` on, one node each, ending in a leaf with `outcome`. */
  private chain(trace: ReconcileTrace, from: number, outcome: MemoOutcome): MemoNode {
    const { queries, answers } = trace;
    let node = MemoNode.leaf(outcome);
    for (let i = queries.length - 1; i >= from; i--) node = MemoNode.question(queries[i]!, answers[i]!, node);
    this.nodes += queries.length - from;
    return node;
  }

  private diverged(reqId: number, first: string, second: string): boolean {
    this.unusable.add(reqId);
    this.roots.delete(reqId);
    this.divergences.push({ reqId, first, second });
    return false;
  }

  private answer(q: MemoQuery, state: MemoState, meta: ServerMeta, nowMs: number): Answer {
    switch (q.q) {
      case "get":
        return state.get(q);
      case "list":
        return state.list(q);
      case "all":
        return listAnswer(state.worldSource().world().all(), this.idOf);
      case "uid": {
        const found = state.worldSource().world().findByUid(q.uid);
        return found === undefined ? "" : entriesAnswer([found], this.idOf);
      }
      case "dependents":
        return entriesAnswer(state.worldSource().world().dependentsOf(q.uid), this.idOf);
      case "incarnation":
        return meta.incarnations.get(q.key) ?? 0;
      case "now":
        return nowMs;
    }
  }

  private readonly idOf = (obj: KubeObject | undefined): number => {
    if (obj === undefined) return 0;
    // -1 never matches a recorded answer: an unknown object cannot be proven equal to anything.
    return this.versions.idOf(obj) ?? -1;
  };
}

/** A world as a memo lookup asks it. */
class WorldMemoState implements MemoState, WorldSource {
  constructor(
    private readonly w: World,
    private readonly idOf: (obj: KubeObject | undefined) => number,
  ) {}
  world(): World {
    return this.w;
  }
  worldSource(): WorldSource {
    return this;
  }
  get(q: MemoGetQuery): number {
    return this.idOf(this.w.getByKey(q.key));
  }
  list(q: MemoListQuery): Answer {
    return listAnswer(this.w.list(q.kind), this.idOf, q.keep);
  }
}
