import type { AddResult, Core } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { ExplorerConfig } from "../explore/explorerConfig.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KubernetesModel, type KubernetesTransition } from "../explore/kubernetesModel.ts";
import { LazyWorldReader } from "../explore/lazyWorldReader.ts";
import type { ReconcileOutcome } from "../explore/reconcileRun.ts";
import type { StateCodec } from "../explore/stateCodec.ts";
import type { StateOutcome } from "../explore/stateOutcome.ts";
import type { StepRecord } from "../explore/stepRecord.ts";
import { TriggerIndex } from "../explore/triggerIndex.ts";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { ReceivedVersions } from "./receivedVersions.ts";
import { IncarnationIds, Outbox } from "./outbox.ts";
import { NO_BOOKKEEPING, ownerOf, type Dictionary, type ExpandMessage, type ShardOptions, type StatesMessage, type ToCoordinator, type ToWorker } from "./shardMessages.ts";

/** How a shard talks to the other shards and to the coordinator, whatever carries the messages. */
export interface ShardLink {
  readonly shard: number;
  readonly workers: number;
  toShard(to: number, msg: StatesMessage): void;
  toCoordinator(msg: ToCoordinator): void;
  /** Every message addressed to this shard, in the order each sender sent them. */
  listen(handler: (msg: ToWorker) => void): void;
  /**
   * Whether a message sent to a shard that does not listen yet waits for it (a `MessagePort`
   * queues until it is listened to): the shard then explores as soon as it is ready, without
   * waiting for `go` (the coordinator's word that every worker listens). Over NATS a message to a
   * worker not yet subscribed is lost, so those wait.
   */
  readonly keepsEarlyMessages?: boolean;
  /**
   * One flag per shard, shared by every shard's thread (a `SharedArrayBuffer`): 1 while that shard
   * has nothing to expand and waits for states. A busy shard looks at it after each expansion and
   * sends what it holds for a waiting shard at once, instead of at its next yield (up to 20 ms
   * later, during which the waiting shard's core is idle). Absent where shards share no memory.
   */
  readonly waiting?: Int32Array;
}

const enum Status {
  Open = 1,
  Expanded = 2,
  Final = 3,
  Aborted = 4,
  Cutoff = 5,
  /** Owned by another shard: made here as a successor and sent to its owner. */
  Ghost = 6,
}

const EMPTY: Uint32Array = new Uint32Array(0);
/** States per `states` message before it is sent without waiting for the next flush. */
const STATES_PER_MESSAGE = 512;
/** Packed u32s of expansion records per message before it is sent without waiting. */
const RECORDS_PER_MESSAGE = 1 << 16;
const YIELD_EVERY_MS = 20;
const STATUS_EVERY_MS = 200;

/**
 * One worker of a parallel exploration. It owns the states whose fingerprint modulo the number of
 * workers is its index; it expands those (the same `KubernetesModel` as a single-worker run),
 * keeps successors it owns, and sends the others to their owners. Its local core holds its own
 * states and the "ghosts" it made for others (so a ghost is sent once, and again only when a
 * shorter path to it is found). Depths are shortest known distances, relaxed across shards, so
 * the states cut off at max depth are those of a single-worker run once the search is complete.
 * Every expansion goes to the coordinator, which rebuilds the graph in single-worker order.
 */
export class ShardExplorer {
  private core!: Core;
  private model!: KubernetesModel;
  private codec!: StateCodec;
  private receivedVersions!: ReceivedVersions;
  private readonly status: number[] = [];
  private readonly depthOf: number[] = [];
  private readonly inbox: ToWorker[] = [];
  private wake: (() => void) | undefined;
  private go = false;
  private ending: "finish" | "stop" | undefined;
  /** The search's stop also cuts short the state being expanded (not so for `maxStates`). */
  private stopMidState = false;
  private readonly probes: number[] = [];
  /** After the search: answering the coordinator's `expand` requests (see `serve`). */
  private serving = false;
  /** While serving: the coordinator released this worker (`release`), or abandoned the run (`stop`). */
  private served: "release" | "stop" | undefined;
  private readonly expandRequests: ExpandMessage[] = [];
  private sent = 0;
  private received = 0;
  private ownedStates = 0;
  private expanded = 0;
  private transitions = 0;
  private lastIdleReport: string | undefined;
  private readonly peers: Outbox[] = [];
  private toCoordinator!: Outbox;
  private outcomes: [string, "always" | "converged", StateOutcome][] = [];
  private initialRecord: Uint32Array | undefined;
  /** Per sender (the coordinator last): its ids → ours. */
  private readonly fromPeer: { keys: number[]; versions: number[]; requests: number[]; incarnations: ReadonlyMap<string, number>[] }[] = [];
  private readonly incarnationIds = new IncarnationIds();
  private readonly stepIds = new WeakMap<StepRecord, number>();
  private readonly stepIdsByContent = new Map<string, number>();
  private stepCount = 0;
  private s0Slots: Uint32Array = EMPTY;
  private parent = -1;
  private parentSlots: Uint32Array | undefined;
  private parentDepth = 0;
  private recordTransitions = 0;
  /** The expansion record of the state being expanded. */
  private record: number[] = [];
  private interrupted = false;
  private lastYield = performance.now();
  private lastStatus = performance.now();
  private readonly maxDepth: number;
  private readonly triggers: TriggerIndex;
  private readonly add = (via: KubernetesTransition): AddResult => this.addTransition(via);
  private readonly shouldStop = async (): Promise<boolean> => {
    await this.maybeYield();
    if (this.serving ? this.served !== "stop" : !this.stopMidState) return false;
    this.interrupted = true;
    return true;
  };

  constructor(
    private readonly config: ExplorerConfig,
    private readonly initial: InitialState,
    private readonly options: ShardOptions,
    private readonly link: ShardLink,
  ) {
    this.maxDepth = options.maxDepth ?? config.maxDepth;
    this.triggers = new TriggerIndex(config.registrations);
    for (let i = 0; i <= link.workers; i++) this.fromPeer.push({ keys: [], versions: [], requests: [], incarnations: [] });
    link.listen((msg) => {
      // A stop must be seen inside a long expansion, before the inbox is next read.
      if (msg.type === "stop") this.stopped(msg.betweenStates === true);
      this.inbox.push(msg);
      const wake = this.wake;
      this.wake = undefined;
      wake?.();
    });
  }

  /** Explores until the coordinator says finish or stop; reports a failure instead of throwing. */
  async run(): Promise<void> {
    try {
      await this.start();
      this.link.toCoordinator({ type: "ready", from: this.link.shard });
      // Waiting for the others' start-up would leave this shard's core idle (the coordinator's
      // thread is ready first and owns half the states); termination waits for every worker's
      // report regardless (the coordinator probes only when each has said it is idle).
      if (this.link.keepsEarlyMessages) this.go = true;
      while (!this.go && this.ending === undefined) {
        this.drainInbox();
        if (!this.go && this.ending === undefined) await this.nextMessage();
      }
      await this.loop();
      this.flushAll(this.ending !== "stop");
      this.link.toCoordinator({ type: "searched", from: this.link.shard });
      await this.serve();
      const stats = this.model.stats({ statesVisited: 0, uniqueStates: 0, transitions: 0, maxDepth: 0, durationMs: 0, frontierSize: 0, finalCount: 0, abortedCount: 0, engine: this.core.engine });
      this.link.toCoordinator({
        type: "done",
        from: this.link.shard,
        reconcilesExecuted: stats.reconcilesExecuted,
        reconcilesReplayed: stats.reconcilesReplayed,
        nondeterministic: this.model.nondeterministic,
      });
    } catch (e) {
      this.link.toCoordinator({ type: "failed", from: this.link.shard, message: e instanceof Error ? e.message : String(e) });
    }
  }

  private async start(): Promise<void> {
    const opts = this.options;
    this.model = new KubernetesModel(this.config, this.initial, {
      maxDepth: opts.maxDepth,
      abortOnError: opts.abortOnError,
      reconcileTimeoutMs: opts.reconcileTimeoutMs,
      determinismCheck: opts.determinismCheck,
      // Explicit: the single-worker default ("por") does not run in shards.
      reduction: opts.reduceNoOps ? "noops" : "none",
      memoizeReconciles: opts.memoizeReconciles,
    });
    this.core = await createCore({ engine: opts.engine, frontier: opts.frontier, seed: opts.seed, expectedStates: 1 << 16 });
    const s0 = await this.model.initial(this.core);
    this.codec = this.model.stateCodec();
    this.receivedVersions = new ReceivedVersions(this.core, this.codec.versions);
    for (let i = 0; i < this.link.workers; i++) this.peers.push(new Outbox(this.codec, this.incarnationIds));
    this.toCoordinator = new Outbox(this.codec, this.incarnationIds);
    this.s0Slots = this.core.slots(s0);
    const { lo, hi } = split(this.core.fingerprint(s0));
    this.depthOf[s0] = 0;
    if (this.owns(lo)) {
      this.ownedStates++;
      this.status[s0] = Status.Open;
      const initialRecord: number[] = [];
      this.toCoordinator.packInto(this.core.slots(s0), this.core.pending(s0), initialRecord);
      this.initialRecord = Uint32Array.from(initialRecord);
      const violated = this.model.discovered(s0, undefined);
      if (violated) this.abort(s0, hi, lo, "always", violated);
      else this.checkFinal(s0, hi, lo);
    } else {
      this.status[s0] = Status.Ghost;
    }
  }

  private owns(lo: number): boolean {
    return ownerOf(lo, this.link.workers) === this.link.shard;
  }

  private async loop(): Promise<void> {
    for (;;) {
      this.drainInbox();
      if (this.ending !== undefined) return;
      const bounded = this.atBound();
      const s = bounded ? -1 : this.nextOpen();
      if (s < 0) {
        this.flushAll(true);
        // At its bound it wants no more states: its idle report (its count is at least maxStates) makes the coordinator stop every worker.
        this.setWaiting(bounded ? 0 : 1);
        this.answerProbes(true);
        const counters = `${this.sent}/${this.received}/${this.ownedStates}`;
        if (counters !== this.lastIdleReport) {
          this.lastIdleReport = counters;
          this.sendStatus(true, -1);
        }
        await this.nextMessage();
        continue;
      }
      this.answerProbes(false);
      this.lastIdleReport = undefined;
      this.setWaiting(0);
      await this.expand(s);
      this.feedWaiting();
      await this.maybeYield();
    }
  }

  /**
   * Whether this shard owns `maxStates` states. It then expands no more, as a single-worker run
   * checks the bound between states: without this, the workers would explore on until the
   * coordinator adds up their reports (sent every 200 ms), however many states that makes.
   */
  private atBound(): boolean {
    return this.options.maxStates !== undefined && this.ownedStates >= this.options.maxStates;
  }

  private stopped(betweenStates: boolean): void {
    if (this.serving) {
      this.served = "stop";
      return;
    }
    this.ending = "stop";
    if (!betweenStates) this.stopMidState = true;
  }

  /** Says (where shards share memory) whether this shard waits for states. */
  private setWaiting(flag: 0 | 1): void {
    const waiting = this.link.waiting;
    if (waiting !== undefined && waiting[this.link.shard] !== flag) Atomics.store(waiting, this.link.shard, flag);
  }

  /** Sends at once what waits for a shard that has nothing to expand. */
  private feedWaiting(): void {
    const waiting = this.link.waiting;
    if (waiting === undefined || this.ending === "stop") return;
    for (let i = 0; i < this.peers.length; i++) {
      if (i !== this.link.shard && this.peers[i]!.count > 0 && Atomics.load(waiting, i) === 1) this.flushPeer(i);
    }
  }

  /** The next owned state waiting for expansion, or −1. */
  private nextOpen(): number {
    for (;;) {
      const s = this.core.next();
      if (s < 0 || this.status[s] === Status.Open) return s;
    }
  }

  private nextMessage(): Promise<void> {
    if (this.inbox.length > 0) return Promise.resolve();
    return new Promise((resolve) => (this.wake = resolve));
  }

  /** Lets messages in now and then; flushes what waits and reports progress. */
  private async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield < YIELD_EVERY_MS) return;
    // Other shards may be waiting for the states made here.
    this.flushAll(this.ending !== "stop");
    await new Promise((r) => setImmediate(r));
    this.lastYield = performance.now();
    if (!this.serving && this.lastYield - this.lastStatus >= STATUS_EVERY_MS) this.sendStatus(false, -1);
  }

  private sendStatus(idle: boolean, wave: number): void {
    this.lastStatus = performance.now();
    this.link.toCoordinator({
      type: "status",
      from: this.link.shard,
      idle,
      sent: this.sent,
      received: this.received,
      states: this.ownedStates,
      expanded: this.expanded,
      transitions: this.transitions,
      wave,
    });
  }

  private answerProbes(idle: boolean): void {
    for (const wave of this.probes.splice(0)) this.sendStatus(idle, wave);
  }

  private drainInbox(): void {
    while (this.inbox.length > 0) {
      const msg = this.inbox.shift()!;
      switch (msg.type) {
        case "states":
          if (this.ending === undefined) this.receiveStates(msg);
          break;
        case "go":
          this.go = true;
          break;
        case "probe":
          this.probes.push(msg.wave);
          break;
        case "finish":
          this.ending ??= "finish";
          break;
        case "stop":
          this.stopped(msg.betweenStates === true);
          break;
        case "expand":
          this.expandRequests.push(msg);
          break;
        case "release":
          this.served ??= "release";
          break;
        case "alive":
          break;
      }
    }
  }

  private async expand(s: number): Promise<void> {
    const depth = this.depthOf[s]!;
    if (depth >= this.maxDepth) {
      this.status[s] = Status.Cutoff;
      return;
    }
    this.status[s] = Status.Expanded;
    // Some successors were never made: the state stays unexpanded (its record was not kept).
    if (!(await this.expandAt(s, depth))) this.status[s] = Status.Open;
  }

  /** Makes the successors of `s` with its bookkeeping (`codec.meta`) and records them for the coordinator; false when stopped part way. */
  private async expandAt(s: number, depth: number): Promise<boolean> {
    const { lo, hi } = split(this.core.fingerprint(s));
    // Its own buffer: the coordinator's may be flushed while the state's successors are made.
    // The bookkeeping this expansion runs with: the coordinator checks it is the single-worker run's.
    this.record = [hi, lo, this.toCoordinator.incarnationRef(this.codec.meta(s).incarnations), 0];
    this.parent = s;
    this.parentSlots = undefined;
    this.parentDepth = depth;
    this.recordTransitions = 0;
    await this.model.successors(s, depth, this.add, this.shouldStop);
    if (this.interrupted) {
      this.interrupted = false;
      return false;
    }
    const record = this.record;
    record[3] = this.recordTransitions;
    const out = this.toCoordinator.buf;
    for (let i = 0; i < record.length; i++) out.push(record[i]!);
    this.expanded++;
    if (out.length >= RECORDS_PER_MESSAGE) this.flushCoordinator();
    return true;
  }

  /**
   * After the search: expands the states the coordinator asks for, with the incarnation counts it
   * gives (those of a single-worker run's first path to each, which its replay knows and the
   * search may not have had), until it releases this worker. Their successors are only recorded:
   * the search is over, so nothing is sent to other workers or explored further here.
   */
  private async serve(): Promise<void> {
    this.serving = true;
    for (;;) {
      this.drainInbox();
      if (this.served !== undefined) return;
      const request = this.expandRequests.shift();
      if (request === undefined) {
        await this.nextMessage();
        continue;
      }
      if (!(await this.answer(request))) return;
    }
  }

  /** Expands every state of one `expand` request and sends the records, the last message marked as the answer; false when abandoned. */
  private async answer(msg: ExpandMessage): Promise<boolean> {
    const from = this.link.workers;
    const map = this.admitDictionary(from, msg.dict);
    const a = msg.states;
    let i = 0;
    while (i < a.length) {
      const hi = a[i]!;
      const lo = a[i + 1]!;
      const depth = a[i + 2]!;
      const incarnations = map.incarnations[a[i + 3]!]!;
      i += 4;
      const { slots, pending, next } = this.unpackContents(map, a, i);
      i = next;
      let s = this.core.lookup(join(hi, lo));
      if (s < 0) {
        s = this.addUnseen(hi, lo, slots, pending);
        this.status[s] = this.owns(lo) ? Status.Expanded : Status.Ghost;
        this.depthOf[s] = depth;
      }
      // The revision only numbers resourceVersions (not part of a state's identity): above every one the state holds.
      const revision = Math.max(this.codec.knownMeta(s)?.revision ?? 0, highestResourceVersion(this.codec.world(s).all()));
      this.codec.remember(s, { revision, incarnations }, this.codec.stale(s) ?? this.codec.stale(0));
      if (!(await this.expandAt(s, depth))) return false;
    }
    this.flushCoordinator(msg.batch);
    return true;
  }

  private addTransition(via: KubernetesTransition): AddResult {
    const core = this.core;
    const packed = core.addSuccessorPacked(this.parent, 0, via.changed, via.pending, via.cursors);
    const child = packed >>> 1;
    const isNew = (packed & 1) === 1;
    const depth = this.parentDepth + 1;
    this.transitions++;
    this.recordTransitions++;
    let owned: boolean;
    if (isNew && this.serving) {
      // New here, and perhaps reached by no path of the search: its invariants are checked here
      // (its owner may have checked them too). After the search nothing is sent or explored further.
      const { lo, hi } = split(core.fingerprint(child));
      owned = this.owns(lo);
      this.depthOf[child] = depth;
      this.status[child] = owned ? Status.Open : Status.Ghost;
      const violated = this.model.discovered(child, via);
      if (violated) this.outcomes.push([hex(hi, lo), "always", violated]);
      else if (core.pending(child).length === 0) {
        const failed = this.model.reachedFinal(child);
        if (failed) this.outcomes.push([hex(hi, lo), "converged", failed]);
      }
    } else if (this.serving) {
      owned = this.status[child] !== Status.Ghost;
    } else if (isNew) {
      const { lo, hi } = split(core.fingerprint(child));
      owned = this.owns(lo);
      this.depthOf[child] = depth;
      if (owned) {
        this.ownedStates++;
        this.status[child] = Status.Open;
        const violated = this.model.discovered(child, via);
        if (violated) this.abort(child, hi, lo, "always", violated);
        else this.checkFinal(child, hi, lo);
      } else {
        this.status[child] = Status.Ghost;
        this.sendState(child, hi, lo, depth, via.meta);
      }
    } else {
      owned = this.status[child] !== Status.Ghost;
      if (depth < this.depthOf[child]!) this.lower(child, depth);
    }
    this.recordTransition(via);
    return { stateId: child, isNew: isNew && owned };
  }

  /** A final state's converged-state properties are checked when it is found: it is never expanded. */
  private checkFinal(s: number, hi: number, lo: number): void {
    if (this.core.pending(s).length > 0) return;
    this.status[s] = Status.Final;
    const violated = this.model.reachedFinal(s);
    if (violated) this.outcomes.push([hex(hi, lo), "converged", violated]);
  }

  private abort(s: number, hi: number, lo: number, when: "always" | "converged", outcome: StateOutcome): void {
    this.status[s] = Status.Aborted;
    this.outcomes.push([hex(hi, lo), when, outcome]);
  }

  /** A shorter path reached `state`: lower depths below it, re-open states cut off at max depth, tell owners of ghosts. */
  private lower(state: number, depth: number): void {
    const queue: number[] = [state];
    this.depthOf[state] = depth;
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const d = this.depthOf[s]!;
      const status = this.status[s];
      if (status === Status.Ghost) {
        const { lo, hi } = split(this.core.fingerprint(s));
        this.sendState(s, hi, lo, d, undefined);
        continue;
      }
      if (status === Status.Cutoff && d < this.maxDepth) {
        this.status[s] = Status.Open;
        this.core.push(s);
        continue;
      }
      if (status !== Status.Expanded) continue;
      const succ = this.core.successors(s);
      for (let i = 0; i < succ.length; i++) {
        const to = this.core.edgeTarget(succ[i]!);
        if (d + 1 < this.depthOf[to]!) {
          this.depthOf[to] = d + 1;
          queue.push(to);
        }
      }
    }
  }

  // ---- Sending ----

  private sendState(s: number, hi: number, lo: number, depth: number, meta: ServerMeta | undefined): void {
    const to = ownerOf(lo, this.link.workers);
    const box = this.peers[to]!;
    box.buf.push(hi, lo, depth);
    if (meta === undefined) {
      box.buf.push(0, NO_BOOKKEEPING, 0, 0);
    } else {
      box.buf.push(meta.revision, box.incarnationRef(meta.incarnations));
      box.packInto(this.core.slots(s), this.core.pending(s));
    }
    if (++box.count >= STATES_PER_MESSAGE) this.flushPeer(to);
  }

  /** Appends one transition of the state being expanded to the coordinator's record. */
  private recordTransition(via: KubernetesTransition): void {
    const box = this.toCoordinator;
    const buf = this.record;
    buf.push(this.stepRef(box, via));
    const changed = via.changed;
    buf.push(changed.length >> 1);
    for (let i = 0; i < changed.length; i += 2) buf.push(box.keyRef(changed[i]!), box.versionRef(changed[i]!, changed[i + 1]!));
    const pending = via.pending;
    buf.push(pending.length);
    // Requests this step triggered come first, in the order a single-worker run interns them (the
    // coordinator numbers requests in that order, and a state's successors follow request numbers).
    const first = this.triggeredOrder(via);
    for (const r of first) buf.push(box.requestRef(r));
    for (let i = 0; i < pending.length; i++) if (!first.includes(pending[i]!)) buf.push(box.requestRef(pending[i]!));
  }

  /** The requests `via`'s effects trigger, in the order `KubernetesModel` interns them. */
  private triggeredOrder(via: KubernetesTransition): number[] {
    const out: number[] = [];
    const effects = this.model.step(via.step).effects;
    if (effects.length === 0) return out;
    for (const effect of effects) {
      // Custom triggers read the world after the writes; a replayed run's is made only if one does.
      for (const t of this.triggers.triggered(effect, new LazyWorldReader(via.run))) {
        const id = this.codec.requestId(t.reconciler, t.request.namespace, t.request.name);
        if (!out.includes(id)) out.push(id);
      }
    }
    return out;
  }

  /**
   * A step's id for the coordinator. Records shared by replays of one memoized run are one step;
   * other records are one step when they agree on everything a state's identity sees (request,
   * each effect's operation, object and the versions before and after, error, requeue, choices),
   * so that the coordinator is not sent millions of copies of the same reconcile.
   */
  private stepRef(box: Outbox, via: KubernetesTransition): number {
    const record = this.model.step(via.step);
    let id = this.stepIds.get(record);
    if (id === undefined) {
      const key = this.stepKey(record, via);
      id = this.stepIdsByContent.get(key);
      if (id === undefined) {
        id = this.stepCount++;
        this.stepIdsByContent.set(key, id);
      }
      this.stepIds.set(record, id);
    }
    if (!box.steps[id]) {
      box.steps[id] = true;
      box.dict.steps.push([id, record, via.failure]);
    }
    return id;
  }

  private stepKey(record: StepRecord, via: KubernetesTransition): string {
    // Read once per expanded state: most of its transitions need a step key.
    this.parentSlots ??= this.core.slots(this.parent);
    const parentSlots = this.parentSlots;
    let key = `${record.reconcilerId}\u0000${record.request.namespace}\u0000${record.request.name}\u0000${record.error ?? ""}\u0000${record.requeue ?? ""}\u0000${record.requeueAfter ?? ""}\u0000${record.choices?.join(",") ?? ""}\u0000${via.failure ? 1 : 0}`;
    for (const e of record.effects) {
      const k = this.codec.keyId(e.kind, e.namespace, e.name);
      key += `|${e.op}:${k}:${versionAt(parentSlots, k)}`;
    }
    key += `|${via.changed.join(",")}`;
    return key;
  }

  private flushPeer(to: number): void {
    const box = this.peers[to]!;
    if (box.count === 0) return;
    const { dict, packed } = box.take();
    this.link.toShard(to, { type: "states", from: this.link.shard, dict, states: packed });
    this.sent++;
  }

  /** Sends the expansion records that wait (with `answers`, even none: the end of an answer to that `expand` request). */
  private flushCoordinator(answers?: number): void {
    const box = this.toCoordinator;
    if (answers === undefined && box.buf.length === 0 && this.outcomes.length === 0 && this.initialRecord === undefined) return;
    const { dict, packed } = box.take();
    const msg: ToCoordinator = { type: "expansions", from: this.link.shard, dict, records: packed, outcomes: this.outcomes };
    if (this.initialRecord) msg.initial = this.initialRecord;
    if (answers !== undefined) msg.answers = answers;
    this.link.toCoordinator(msg);
    this.initialRecord = undefined;
    this.outcomes = [];
  }

  /** Sends what waits: to the other shards (unless stopping) and to the coordinator. */
  private flushAll(peersToo: boolean): void {
    if (peersToo) for (let i = 0; i < this.peers.length; i++) if (i !== this.link.shard) this.flushPeer(i);
    this.flushCoordinator();
  }

  // ---- Receiving ----

  private receiveStates(msg: StatesMessage): void {
    this.received++;
    const map = this.admitDictionary(msg.from, msg.dict);
    const a = msg.states;
    let i = 0;
    while (i < a.length) {
      const hi = a[i]!;
      const lo = a[i + 1]!;
      const depth = a[i + 2]!;
      const revision = a[i + 3]!;
      const incarnationsId = a[i + 4]!;
      i += 5;
      if (incarnationsId === NO_BOOKKEEPING) {
        i += 2;
        const known = this.core.lookup(join(hi, lo));
        if (known < 0) throw new KameraError(`internal error: shard ${msg.from} lowered the depth of state ${hex(hi, lo)}, which it never sent`);
        if (depth < this.depthOf[known]!) this.lower(known, depth);
        continue;
      }
      const { slots, pending, next } = this.unpackContents(map, a, i);
      i = next;
      const meta: ServerMeta = { revision, incarnations: map.incarnations[incarnationsId]! };
      this.receiveState(hi, lo, depth, slots, pending, meta);
    }
  }

  /** Takes in a sender's dictionary entries (`from` is the coordinator's index, the number of workers, for its `expand` requests). */
  private admitDictionary(from: number, dict: Dictionary): (typeof this.fromPeer)[number] {
    const map = this.fromPeer[from]!;
    const codec = this.codec;
    const regs = this.config.registrations;
    const sender = from === this.link.workers ? "the coordinator" : `shard ${from}`;
    for (const [id, kind, namespace, name] of dict.keys) map.keys[id] = codec.keyId(kind, namespace, name);
    for (const [id, kind, object, hash] of dict.versions) map.versions[id] = this.receivedVersions.version(kind, object, hash, from, sender);
    for (const [id, reconcilerId, namespace, name] of dict.requests) {
      const reg = regs.findIndex((r) => r.id === reconcilerId);
      if (reg < 0) throw new KameraError(`${sender} sent a request of reconciler "${reconcilerId}", which this worker's scenario does not register: every worker must load the same scenario`);
      map.requests[id] = codec.requestId(reg, namespace, name);
    }
    for (const [id, entries] of dict.incarnations) map.incarnations[id] = new Map(entries);
    return map;
  }

  /** Reads [nSlots, (key, version)…, nPending, request…] at `i` of `a`, in our ids. */
  private unpackContents(map: (typeof this.fromPeer)[number], a: Uint32Array, i: number): { slots: Uint32Array; pending: Uint32Array; next: number } {
    const nSlots = a[i++]!;
    const slots = new Uint32Array(nSlots * 2);
    for (let j = 0; j < nSlots; j++) {
      slots[2 * j] = map.keys[a[i++]!]!;
      slots[2 * j + 1] = map.versions[a[i++]!]!;
    }
    const nPending = a[i++]!;
    const pending = new Uint32Array(nPending);
    for (let j = 0; j < nPending; j++) pending[j] = map.requests[a[i++]!]!;
    pending.sort();
    return { slots, pending, next: i };
  }

  /**
   * Adds a state this worker has not made, from its contents. The core adds states only as
   * successors: it enters as one of state 0 (the edge is never read; depths are kept beside the core).
   */
  private addUnseen(hi: number, lo: number, slots: Uint32Array, pending: Uint32Array): number {
    const packed = this.core.addSuccessorPacked(0, 0, changesFrom(this.s0Slots, sortSlots(slots)), pending, EMPTY);
    const s = packed >>> 1;
    const fp = split(this.core.fingerprint(s));
    if (fp.hi !== hi || fp.lo !== lo) {
      throw new KameraError(`internal error: a state received as ${hex(hi, lo)} has fingerprint ${hex(fp.hi, fp.lo)} here: every worker must load the same scenario with the same options`);
    }
    return s;
  }

  private receiveState(hi: number, lo: number, depth: number, slots: Uint32Array, pending: Uint32Array, meta: ServerMeta): void {
    const known = this.core.lookup(join(hi, lo));
    if (known >= 0) {
      if (depth < this.depthOf[known]!) this.lower(known, depth);
      return;
    }
    const s = this.addUnseen(hi, lo, slots, pending);
    this.depthOf[s] = depth;
    this.ownedStates++;
    this.status[s] = Status.Open;
    const codec = this.codec;
    const stale = codec.stale(0);
    const via = {
      step: 0,
      changed: EMPTY,
      pending,
      cursors: EMPTY,
      meta,
      stale,
      // Invariants read the run's world: it is made when first asked for.
      run: {
        get world() {
          return codec.world(s);
        },
      } as ReconcileOutcome,
    } as KubernetesTransition;
    const violated = this.model.discovered(s, via);
    if (violated) this.abort(s, hi, lo, "always", violated);
    else this.checkFinal(s, hi, lo);
  }
}

function split(fp: bigint): { hi: number; lo: number } {
  return { hi: Number(fp >> 32n), lo: Number(fp & 0xffffffffn) };
}

function join(hi: number, lo: number): bigint {
  return (BigInt(hi) << 32n) | BigInt(lo);
}

function hex(hi: number, lo: number): string {
  return hi.toString(16).padStart(8, "0") + lo.toString(16).padStart(8, "0");
}

/** The highest `metadata.resourceVersion` among `objects` (0 if none is a number). */
function highestResourceVersion(objects: readonly KubeObject[]): number {
  let top = 0;
  for (const o of objects) {
    const rv = Number(o.metadata?.resourceVersion);
    if (Number.isFinite(rv) && rv > top) top = rv;
  }
  return top;
}

function versionAt(slots: Uint32Array, key: number): number {
  for (let i = 0; i < slots.length; i += 2) if (slots[i] === key) return slots[i + 1]!;
  return 0;
}

/** Sorts (key, version) pairs by key, in place, and returns them. */
function sortSlots(slots: Uint32Array): Uint32Array {
  // By insertion: a state has tens of slots, and they arrive in the sender's key order, which
  // mostly follows ours (both number keys as they first appear); no array of pairs to collect.
  for (let i = 2; i < slots.length; i += 2) {
    const key = slots[i]!;
    const version = slots[i + 1]!;
    let j = i - 2;
    for (; j >= 0 && slots[j]! > key; j -= 2) {
      slots[j + 2] = slots[j]!;
      slots[j + 3] = slots[j + 1]!;
    }
    slots[j + 2] = key;
    slots[j + 3] = version;
  }
  return slots;
}

/** The `changed` pairs that turn the slots `base` (sorted by key) into `target` (sorted by key). */
function changesFrom(base: Uint32Array, target: Uint32Array): Uint32Array {
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < base.length || j < target.length) {
    const bk = i < base.length ? base[i]! : Infinity;
    const tk = j < target.length ? target[j]! : Infinity;
    if (bk < tk) {
      out.push(bk, 0);
      i += 2;
    } else if (tk < bk) {
      out.push(tk, target[j + 1]!);
      j += 2;
    } else {
      if (base[i + 1] !== target[j + 1]) out.push(tk, target[j + 1]!);
      i += 2;
      j += 2;
    }
  }
  return Uint32Array.from(out);
}
