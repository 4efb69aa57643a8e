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
import { ReceivedVersions } from "./receivedVersions.ts";
import type { ExpansionsMessage } from "./shardMessages.ts";

const EMPTY: Uint32Array = new Uint32Array(0);

interface ReplayTransition extends Transition {
  failure: StateOutcome | undefined;
}

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
  /** Parent fingerprint → where its transitions are. */
  private readonly expansions = new Map<bigint, { worker: number; records: Uint32Array; at: number }>();
  private readonly always = new Map<string, StateOutcome>();
  private readonly converged = new Map<string, StateOutcome>();
  private initialRecord: { worker: number; data: Uint32Array } | undefined;
  private readonly steps: StepRecord[] = [];
  private readonly failures: (StateOutcome | undefined)[] = [];
  /** Per edge (the checker's step id), the step record's index. */
  private edgeSteps: number[] = [];
  private notExpandable = 0;
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
    for (const [id, record, failure] of msg.dict.steps) w.steps[id] = [record, failure];
    for (const [id, entries] of msg.dict.incarnations) w.incarnations[id] = incarnationsText(entries);
    for (const [fp, when, outcome] of msg.outcomes) (when === "always" ? this.always : this.converged).set(fp, outcome);
    if (msg.initial) this.initialRecord = { worker: msg.from, data: msg.initial };
    const a = msg.records;
    let i = 0;
    while (i < a.length) {
      const fp = (BigInt(a[i]!) << 32n) | BigInt(a[i + 1]!);
      const n = a[i + 3]!;
      if (this.expansions.has(fp)) throw new KameraError(`internal error: state ${hex(fp)} was expanded twice (by worker ${this.expansions.get(fp)!.worker} and worker ${msg.from})`);
      this.expansions.set(fp, { worker: msg.from, records: a, at: i + 4 });
      i += 4;
      for (let t = 0; t < n; t++) {
        i += 1;
        i += 1 + 2 * a[i]!;
        i += 1 + a[i]!;
      }
    }
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
    if (this.expansions.has(this.core.fingerprint(state))) return true;
    this.notExpandable++;
    return false;
  }

  /**
   * The transitions of `state` in the order a single-worker run makes them: grouped by the request
   * that ran, groups in the order of request numbers (which the worker's numbering need not
   * follow), in the worker's order within a group (views, then `ctx.choose` options).
   */
  async successors(state: number, _depth: number, add: (via: ReplayTransition) => AddResult): Promise<void> {
    const e = this.expansions.get(this.core.fingerprint(state))!;
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
      const added = add({ step: this.edgeSteps.length - 1, changed, pending, cursors: EMPTY, failure: this.failures[step] });
      if (added.isNew) this.incarnationsOf[added.stateId] = afterCreates(this.incarnationsOf[state]!, this.steps[step]!);
    }
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
