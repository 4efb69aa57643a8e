import type { AddResult, Core } from "../../bindings/core.ts";
import type { Model, SearchStats, Transition } from "../explore/checker.ts";
import type { ExplorerConfig } from "../explore/explorerConfig.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import type { NondeterminismReport } from "../explore/exploreOptions.ts";
import type { ExploreStats, PendingReconcile } from "../explore/exploreResult.ts";
import { StateCodec } from "../explore/stateCodec.ts";
import type { StateOutcome } from "../explore/stateOutcome.ts";
import type { StepRecord } from "../explore/stepRecord.ts";
import { KameraError } from "../kameraError.ts";
import { loadHasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, parseObjectKeyString } from "../objects/objectKey.ts";
import { VersionTable } from "../objects/versionTable.ts";
import { ExpansionRequests } from "./expansionRequests.ts";
import { ReceivedVersions } from "./receivedVersions.ts";
import { ownerOf, type ExpandMessage, type ExpansionsMessage } from "./shardMessages.ts";

const EMPTY: Uint32Array = new Uint32Array(0);

interface ReplayTransition extends Transition {
  failure: StateOutcome | undefined;
}

/** Where one expanded state's transitions are: the worker that sent them, its message's records, and the index after the state's header. */
interface Expansion {
  worker: number;
  records: Uint32Array;
  at: number;
}

/**
 * Which states the replay asks workers to expand (after their search, while they wait for it):
 * `"all"`, every state it expands that has no expansion with a single-worker run's incarnation
 * counts (the search was complete: a state nobody expanded is one only corrected transitions
 * reach); `"recount"`, only states that were expanded with other counts (the search was stopped
 * by `maxStates`: a state nobody expanded is one it did not get to); `"none"`.
 */
export type CorrectionScope = "all" | "recount" | "none";

/** What one worker sent: its dictionary (by its ids) and, lazily, our ids for them. */
class WorkerTables {
  constructor(readonly index: number) {}
  readonly keys: [string, string, string][] = [];
  readonly versions: [string, KubeObject, bigint][] = [];
  readonly requests: [string, string, string][] = [];
  readonly steps: [StepRecord, StateOutcome | undefined][] = [];
  readonly keyIds: number[] = [];
  readonly versionIds: number[] = [];
  readonly requestIds: number[] = [];
  readonly stepIds: number[] = [];
  /** Incarnation counts by the worker's id, as `incarnationsText`. */
  readonly incarnations: string[] = [];
  /** The worker said its search is over: what it sends now answers `expand` requests. */
  searched = false;
}

/**
 * The coordinator's side of a parallel exploration: the expansions the workers sent, replayed as
 * a model for the ordinary checker. The checker then runs the single-worker search (same frontier,
 * seed, bounds, depth relaxation, outcomes) over transitions that are looked up instead of
 * computed, so states get the ids, edges and path counts of a single-worker run. Contents are
 * interned here in that replay's order, so ids are deterministic whatever order messages came in.
 */
export class ReplayModel implements Model<ReplayTransition, ExploreStats> {
  private core!: Core;
  private codec!: StateCodec;
  private received!: ReceivedVersions;
  private readonly workers: WorkerTables[] = [];
  /** Parent fingerprint → where the transitions the search made of it are. */
  private readonly expansions = new Map<bigint, Expansion>();
  /** Expansions made after the search on request, by `fingerprint/counts` (`requestKey`). */
  private readonly requested = new Map<string, Expansion>();
  /** Some step removed an object: incarnation counts may then differ between paths to one state. */
  private removals = false;
  private scope: CorrectionScope = "none";
  private sendRequest: ((shard: number, msg: ExpandMessage) => void) | undefined;
  private requests: ExpansionRequests | undefined;
  private maxDepth = Infinity;
  /** Why requests stopped before the replay ended (the timeout or a stop signal), and how many states it would have asked for since. */
  private cutBy: "timeout" | "signal" | undefined;
  private notAskedForCut = 0;
  private readonly always = new Map<string, StateOutcome>();
  private readonly converged = new Map<string, StateOutcome>();
  private initialRecord: { worker: number; data: Uint32Array } | undefined;
  private readonly steps: StepRecord[] = [];
  private readonly failures: (StateOutcome | undefined)[] = [];
  /** Per edge (the checker's step id), the step record's index. */
  private edgeSteps: number[] = [];
  private notExpandable = 0;
  /** The expansion `expandable` found for the state it was asked about. */
  private chosen: { state: number; expansion: Expansion } | undefined;
  /** Per replayed state, the incarnation counts of the first path that reached it in this replay's order. */
  private readonly incarnationsOf: ReadonlyMap<string, number>[] = [];
  private bookkeepingDiffers = 0;
  private firstDifference: { state: string; single: string; worker: string } | undefined;
  reconcilesExecuted = 0;
  reconcilesReplayed = 0;
  readonly nondeterministic: NondeterminismReport[] = [];

  constructor(
    private readonly config: ExplorerConfig,
    private readonly initialState: InitialState,
    workers: number,
    private readonly startedAt: number,
  ) {
    for (let i = 0; i < workers; i++) this.workers.push(new WorkerTables(i));
  }

  /** Takes in a worker's expansions message (in the order that worker sent them). */
  ingest(msg: ExpansionsMessage): void {
    const w = this.workers[msg.from]!;
    for (const [id, kind, namespace, name] of msg.dict.keys) w.keys[id] = [kind, namespace, name];
    for (const [id, kind, object, hash] of msg.dict.versions) w.versions[id] = [kind, object, hash];
    for (const [id, reconcilerId, namespace, name] of msg.dict.requests) w.requests[id] = [reconcilerId, namespace, name];
    for (const [id, record, failure] of msg.dict.steps) {
      w.steps[id] = [record, failure];
      if (!this.removals && record.effects.some((e) => e.op === "REMOVE")) this.removals = true;
    }
    for (const [id, entries] of msg.dict.incarnations) w.incarnations[id] = incarnationsText(entries);
    for (const [fp, when, outcome] of msg.outcomes) (when === "always" ? this.always : this.converged).set(fp, outcome);
    if (msg.initial) this.initialRecord = { worker: msg.from, data: msg.initial };
    const a = msg.records;
    let i = 0;
    while (i < a.length) {
      const fp = (BigInt(a[i]!) << 32n) | BigInt(a[i + 1]!);
      const n = a[i + 3]!;
      const expansion = { worker: msg.from, records: a, at: i + 4 };
      if (w.searched) {
        const key = requestKey(fp, this.countsOf(expansion));
        this.requested.set(key, expansion);
        this.requests!.answered(key);
      } else {
        if (this.expansions.has(fp)) throw new KameraError(`internal error: state ${hex(fp)} was expanded twice (by worker ${this.expansions.get(fp)!.worker} and worker ${msg.from})`);
        this.expansions.set(fp, expansion);
      }
      i += 4;
      for (let t = 0; t < n; t++) {
        i += 1;
        i += 1 + 2 * a[i]!;
        i += 1 + a[i]!;
      }
    }
    if (msg.answers !== undefined) this.requests!.batchAnswered(msg.from, msg.answers);
  }

  /** `worker` ended its search: the expansions it sends from now on are answers to requests. */
  searchEnded(worker: number): void {
    this.workers[worker]!.searched = true;
  }

  /**
   * Whether the workers' expansions may have been made with other incarnation counts than a
   * single-worker run's: only when some step removed an object (without removals, an object's
   * count is 1 while it exists and 0 if it never did, a function of the state).
   */
  mayNeedCorrections(): boolean {
    return this.removals;
  }

  /**
   * Lets the replay ask workers (through `send`) to expand states within `scope` with a single-worker
   * run's incarnation counts, and expands on the answers; `maxDepth` is the replay's (states at it
   * are not expanded, so not asked for in advance).
   */
  correctWith(scope: CorrectionScope, maxDepth: number, send: (shard: number, msg: ExpandMessage) => void): void {
    this.scope = scope;
    this.maxDepth = maxDepth;
    this.sendRequest = send;
  }

  /**
   * No more requests (the timeout passed or a stop signal came while replaying); those sent are
   * still waited for. A state it would have asked for since is expanded as the search did (the
   * bookkeeping warning then says if its counts differ), or stays unexpanded if the search did not.
   */
  stopAsking(reason: "timeout" | "signal"): void {
    this.cutBy ??= reason;
  }

  /** Why the replay did not ask for some state it needed, if that happened: the result is then not complete. */
  cut(): "timeout" | "signal" | undefined {
    return this.notAskedForCut > 0 ? this.cutBy : undefined;
  }

  /** The run failed (a worker failed or was lost): waits for answers reject. */
  fail(e: Error): void {
    this.requests?.fail(e);
  }

  /** The workers' counters and findings, from their last messages. */
  addWorkerEnd(executed: number, replayed: number, reports: readonly NondeterminismReport[]): void {
    this.reconcilesExecuted += executed;
    this.reconcilesReplayed += replayed;
    for (const r of reports) if (!this.nondeterministic.some((n) => n.reconcilerId === r.reconcilerId)) this.nondeterministic.push(r);
  }

  /** Expansions received (for progress and tests). */
  expansionCount(): number {
    return this.expansions.size;
  }

  async initial(core: Core): Promise<number> {
    const hasher = await loadHasher();
    const config = this.config;
    this.core = core;
    this.codec = new StateCodec(core, hasher, new VersionTable(hasher, (kind) => config.masks.get(kind) ?? []), config.registrations);
    this.received = new ReceivedVersions(core, this.codec.versions);
    if (this.sendRequest !== undefined) this.requests = new ExpansionRequests(this.codec, this.workers.length, this.sendRequest);
    const init = this.initialRecord;
    if (!init) throw new KameraError("no worker sent the initial state: the owner of the initial state stopped before its first report");
    const w = this.workers[init.worker]!;
    const a = init.data;
    let i = 0;
    const nSlots = a[i++]!;
    const slots = new Uint32Array(nSlots * 2);
    const order: [number, number][] = [];
    for (let j = 0; j < nSlots; j++) {
      order.push([this.keyId(w, a[i]!), this.versionId(w, a[i]!, a[i + 1]!)]);
      i += 2;
    }
    order.sort((x, y) => x[0] - y[0]);
    order.forEach(([k, v], j) => {
      slots[2 * j] = k;
      slots[2 * j + 1] = v;
    });
    // Requests are numbered in the order a single-worker run numbers them: the initial ones first, in the initial state's order.
    for (const p of this.initialState.pending) this.codec.requestId(this.regIndex(p.reconcilerId), p.request.namespace, p.request.name);
    const nPending = a[i++]!;
    const pending = new Uint32Array(nPending);
    for (let j = 0; j < nPending; j++) pending[j] = this.requestId(w, a[i++]!);
    pending.sort();
    return core.addInitial(slots, pending, EMPTY);
  }

  isFinal(state: number): boolean {
    return this.core.pending(state).length === 0;
  }

  reachedFinal(state: number): StateOutcome | undefined {
    return this.converged.get(hex(this.core.fingerprint(state)));
  }

  discovered(state: number): StateOutcome | undefined {
    return this.always.get(hex(this.core.fingerprint(state)));
  }

  failure(via: ReplayTransition): StateOutcome | undefined {
    return via.failure;
  }

  expandable(state: number): boolean {
    const e = this.usable(state);
    if (e !== undefined) {
      // `successors` of this state comes next: it need not look again.
      this.chosen = { state, expansion: e };
      return true;
    }
    if (this.ask(state, this.core.depth(state), true)) {
      this.requests!.flush();
      return true;
    }
    // Expanded with other counts, and not asked for again: the bookkeeping warning says so.
    if (this.expansions.has(this.core.fingerprint(state))) return true;
    this.notExpandable++;
    return false;
  }

  /** The expansion of `state` made with a single-worker run's incarnation counts, if there is one. */
  private usable(state: number): Expansion | undefined {
    const fp = this.core.fingerprint(state);
    const e = this.expansions.get(fp);
    const mine = this.incarnationsOf[state];
    if (mine === undefined) {
      // Only the initial state: its counts are the same on every worker.
      if (e !== undefined) this.incarnationsOf[state] = parseIncarnations(this.countsOf(e));
      return e;
    }
    const text = incarnationsTextOf(mine);
    if (e !== undefined && this.countsOf(e) === text) return e;
    return this.requests === undefined ? undefined : this.requested.get(requestKey(fp, text));
  }

  /** Asks the owner of `state` to expand it with the replay's counts (or has asked already), if the scope allows; false if not. */
  private ask(state: number, depth: number, needed: boolean): boolean {
    const requests = this.requests;
    const mine = this.incarnationsOf[state];
    if (requests === undefined || mine === undefined) return false;
    const fp = this.core.fingerprint(state);
    const key = requestKey(fp, incarnationsTextOf(mine));
    if (requests.has(key)) return true;
    const inScope = this.scope === "all" || (this.scope === "recount" && this.expansions.has(fp));
    if (!inScope) return false;
    if (this.cutBy !== undefined) {
      if (needed) this.notAskedForCut++;
      return false;
    }
    requests.ask(ownerOf(Number(fp & 0xffffffffn), this.workers.length), key, fp, depth, mine, this.core.slots(state), this.core.pending(state));
    return true;
  }

  /** The incarnation counts an expansion was made with (as `incarnationsText`). */
  private countsOf(e: Expansion): string {
    const w = this.workers[e.worker]!;
    const id = e.records[e.at - 2]!;
    const counts = w.incarnations[id];
    if (counts === undefined) throw new KameraError(`internal error: worker ${w.index} used incarnation counts ${id} before sending them`);
    return counts;
  }

  /**
   * The transitions of `state` in the order a single-worker run makes them: grouped by the request
   * that ran, groups in the order of request numbers (which the worker's numbering need not
   * follow), in the worker's order within a group (views, then `ctx.choose` options).
   */
  async successors(state: number, depth: number, add: (via: ReplayTransition) => AddResult): Promise<void> {
    let e = this.chosen?.state === state ? this.chosen.expansion : this.usable(state);
    this.chosen = undefined;
    if (e === undefined) {
      const fp = this.core.fingerprint(state);
      const key = requestKey(fp, incarnationsTextOf(this.incarnationsOf[state]!));
      if (this.requests?.has(key)) {
        // Asked for by `expandable` (or ahead of time, below): its answer is on its way.
        await this.requests.wait(key);
        e = this.usable(state);
        if (e === undefined) throw new KameraError(`internal error: the expansion of ${key} arrived but is not the one asked for`);
      } else {
        // Not asked for again (see `expandable`): the search's, which `checkBookkeeping` reports.
        e = this.expansions.get(fp)!;
      }
    }
    const w = this.workers[e.worker]!;
    const a = e.records;
    const n = a[e.at - 1]!;
    this.checkBookkeeping(state, w, a[e.at - 2]!);
    const starts: number[] = [];
    const groups: number[] = [];
    let i = e.at;
    for (let t = 0; t < n; t++) {
      starts.push(i);
      const record = this.steps[this.stepId(w, a[i]!)]!;
      groups.push(this.codec.requestId(this.regIndex(record.reconcilerId), record.request.namespace, record.request.name));
      i += 1;
      i += 1 + 2 * a[i]!;
      i += 1 + a[i]!;
    }
    const order = starts.map((_, t) => t).sort((x, y) => groups[x]! - groups[y]! || x - y);
    for (const t of order) {
      i = starts[t]!;
      const step = this.stepId(w, a[i++]!);
      const nChanged = a[i++]!;
      const changed = new Uint32Array(nChanged * 2);
      for (let j = 0; j < nChanged; j++) {
        changed[2 * j] = this.keyId(w, a[i]!);
        changed[2 * j + 1] = this.versionId(w, a[i]!, a[i + 1]!);
        i += 2;
      }
      const nPending = a[i++]!;
      const pending = new Uint32Array(nPending);
      for (let j = 0; j < nPending; j++) pending[j] = this.requestId(w, a[i++]!);
      pending.sort();
      this.edgeSteps.push(step);
      const failure = this.failures[step];
      const added = add({ step: this.edgeSteps.length - 1, changed, pending, cursors: EMPTY, failure });
      if (added.isNew) {
        this.incarnationsOf[added.stateId] = afterCreates(this.incarnationsOf[state]!, this.steps[step]!);
        if (this.requests !== undefined && failure === undefined) this.askAhead(added.stateId, depth + 1);
      }
    }
    this.requests?.flush();
  }

  /**
   * Asks now for a new successor's expansion if the replay will need one (it is not final, not
   * aborted, not at max depth, and has none with its counts): its owner makes it while the replay
   * goes on, and the requests of one state's successors go out together.
   */
  private askAhead(child: number, depth: number): void {
    if (depth >= this.maxDepth || this.core.pending(child).length === 0) return;
    if (this.usable(child) !== undefined) return;
    if (this.always.has(hex(this.core.fingerprint(child)))) return;
    this.ask(child, depth, false);
  }

  /**
   * Compares the incarnation counts a worker expanded `state` with (those of the first path that
   * reached it there) with a single-worker run's (those of the first path in this replay's order).
   * A create's uid depends on them, so where they differ the worker's transitions may not be a
   * single-worker run's: the result says so (`bookkeepingWarning`) rather than passing for one.
   * The initial state's are the same everywhere.
   */
  private checkBookkeeping(state: number, w: WorkerTables, incarnationsId: number): void {
    const theirs = w.incarnations[incarnationsId];
    if (theirs === undefined) throw new KameraError(`internal error: worker ${w.index} used incarnation counts ${incarnationsId} before sending them`);
    const mine = this.incarnationsOf[state];
    if (mine === undefined) {
      this.incarnationsOf[state] = parseIncarnations(theirs);
      return;
    }
    const text = incarnationsTextOf(mine);
    if (text === theirs) return;
    this.bookkeepingDiffers++;
    this.firstDifference ??= { state: hex(this.core.fingerprint(state)), single: text, worker: theirs };
  }

  /** A warning when some state was expanded with other incarnation counts than a single-worker run's (see `checkBookkeeping`). */
  bookkeepingWarning(): string | undefined {
    const d = this.firstDifference;
    if (d === undefined) return undefined;
    const n = this.bookkeepingDiffers;
    return (
      `${n.toLocaleString("en-US")} state${n === 1 ? " was" : "s were"} expanded by a worker with the server bookkeeping of another path than a single-worker run keeps ` +
      `(how many times an object was created on the path, from which a recreated object's uid is made), e.g. state ${d.state}: ${describeDifference(d.single, d.worker)}. ` +
      `The successors of such a state, and the states after them, may differ from a single-worker run's: explore with one worker to compare ` +
      `(docs/scale-out.md, "Equal results").`
    );
  }

  private keyId(w: WorkerTables, id: number): number {
    let ours = w.keyIds[id];
    if (ours === undefined) {
      const k = w.keys[id];
      if (!k) throw new KameraError(`internal error: a worker used object key ${id} before sending it`);
      ours = this.codec.keyId(k[0], k[1], k[2]);
      w.keyIds[id] = ours;
    }
    return ours;
  }

  private versionId(w: WorkerTables, _key: number, id: number): number {
    if (id === 0) return 0;
    let ours = w.versionIds[id];
    if (ours === undefined) {
      const v = w.versions[id];
      if (!v) throw new KameraError(`internal error: a worker used object version ${id} before sending it`);
      ours = this.received.version(v[0], v[1], v[2], w.index);
      w.versionIds[id] = ours;
    }
    return ours;
  }

  private requestId(w: WorkerTables, id: number): number {
    let ours = w.requestIds[id];
    if (ours === undefined) {
      const r = w.requests[id];
      if (!r) throw new KameraError(`internal error: a worker used request ${id} before sending it`);
      ours = this.codec.requestId(this.regIndex(r[0]), r[1], r[2]);
      w.requestIds[id] = ours;
    }
    return ours;
  }

  private regIndex(reconcilerId: string): number {
    const reg = this.config.registrations.findIndex((x) => x.id === reconcilerId);
    if (reg < 0) throw new KameraError(`a worker reported reconciler "${reconcilerId}", which the coordinator's scenario does not register: workers must load the same scenario`);
    return reg;
  }

  private stepId(w: WorkerTables, id: number): number {
    let ours = w.stepIds[id];
    if (ours === undefined) {
      const s = w.steps[id];
      if (!s) throw new KameraError(`internal error: a worker used step ${id} before sending it`);
      ours = this.steps.length;
      this.steps.push(s[0]);
      this.failures.push(s[1]);
      w.stepIds[id] = ours;
    }
    return ours;
  }

  // What results read of a state and a step.
  objects(state: number): readonly KubeObject[] {
    return this.codec.world(state).all();
  }
  pending(state: number): PendingReconcile[] {
    return this.codec.pending(state);
  }
  step(stepId: number): StepRecord {
    return this.steps[this.edgeSteps[stepId]!]!;
  }
  stepCount(): number {
    return this.edgeSteps.length;
  }

  stats(search: SearchStats): ExploreStats {
    const unique = search.uniqueStates;
    const durationMs = performance.now() - this.startedAt;
    return {
      statesVisited: search.statesVisited,
      uniqueStates: unique,
      transitions: search.transitions,
      reconcilesExecuted: this.reconcilesExecuted,
      reconcilesReplayed: this.reconcilesReplayed,
      maxDepth: search.maxDepth,
      durationMs,
      statesPerSecond: durationMs > 0 ? (unique / durationMs) * 1000 : 0,
      frontierSize: search.frontierSize + this.notExpandable,
      collisionProbability: (unique * unique) / 2 ** 65,
      convergedCount: search.finalCount,
      abortedCount: search.abortedCount,
      engine: search.engine,
    };
  }
}

/** A state with given incarnation counts, as requests and their answers name it. */
function requestKey(fp: bigint, counts: string): string {
  return `${hex(fp)}/${counts.replaceAll("\n", ",")}`;
}

function hex(fp: bigint): string {
  return fp.toString(16).padStart(16, "0");
}

/** Incarnation counts as one comparable text: `key=count` pairs sorted by key, joined by newlines. */
function incarnationsText(entries: Iterable<readonly [string, number]>): string {
  return [...entries]
    .map(([k, n]) => `${k}=${n}`)
    .sort()
    .join("\n");
}

const textOf = new WeakMap<ReadonlyMap<string, number>, string>();

function incarnationsTextOf(m: ReadonlyMap<string, number>): string {
  let t = textOf.get(m);
  if (t === undefined) textOf.set(m, (t = incarnationsText(m)));
  return t;
}

function parseIncarnations(text: string): ReadonlyMap<string, number> {
  const m = new Map<string, number>();
  if (text !== "") {
    for (const line of text.split("\n")) {
      const at = line.lastIndexOf("=");
      m.set(line.slice(0, at), Number(line.slice(at + 1)));
    }
  }
  textOf.set(m, text);
  return m;
}

/** The counts after `step`'s creates (the one write that counts an incarnation). */
function afterCreates(before: ReadonlyMap<string, number>, step: StepRecord): ReadonlyMap<string, number> {
  let out: Map<string, number> | undefined;
  for (const e of step.effects) {
    if (e.op !== "CREATE") continue;
    out ??= new Map(before);
    const key = objectKeyString(e.kind, e.namespace, e.name);
    out.set(key, (out.get(key) ?? 0) + 1);
  }
  return out ?? before;
}

/** "core/ConfigMap default/x created 2 times on the single-worker path, 1 on the worker's" for the keys whose counts differ (at most three). */
function describeDifference(single: string, worker: string): string {
  const a = parseIncarnations(single);
  const b = parseIncarnations(worker);
  const keys = [...new Set([...a.keys(), ...b.keys()])].filter((k) => (a.get(k) ?? 0) !== (b.get(k) ?? 0)).sort();
  const times = (n: number) => `${n} time${n === 1 ? "" : "s"}`;
  const named = (k: string) => {
    const { kind, namespace, name } = parseObjectKeyString(k);
    return `${kind} ${namespace ? `${namespace}/` : ""}${name}`;
  };
  const shown = keys.slice(0, 3).map((k) => `${named(k)} created ${times(a.get(k) ?? 0)} on the single-worker path, ${times(b.get(k) ?? 0)} on the worker's`);
  return shown.join("; ") + (keys.length > 3 ? `; and ${keys.length - 3} more` : "");
}
