import type { AddResult, Core } from "../../bindings/core.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { World } from "../apiserver/world.ts";
import type { WorldReader } from "../apiserver/worldReader.ts";
import { KameraError } from "../kameraError.ts";
import { parseKind } from "../kinds.ts";
import { loadHasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, parseObjectKeyString } from "../objects/objectKey.ts";
import { VersionTable } from "../objects/versionTable.ts";
import type { SearchStats } from "./checker.ts";
import { siblingPrefixes } from "./choiceDriver.ts";
import { walkStrategyOf } from "./strategies/walkStrategy.ts";
import type { ExplorerConfig } from "./explorerConfig.ts";
import { reductionOf, type ExploreOptions, type NondeterminismReport, type Reduction } from "./exploreOptions.ts";
import type { ExploreStats } from "./exploreResult.ts";
import { buildInitialWorld } from "./initialWorld.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { evaluateInvariant } from "./invariant.ts";
import { addWrites, emptyFootprint, FootprintRecorder, mergeFootprint, readsOfQueries, readsWithin, recordingWorld, sameEnqueued, type Footprint } from "./footprint.ts";
import { MemoizedReconciles, worldAfter, type Ran } from "./memoizedReconciles.ts";
import { PartialOrderReduction } from "./partialOrderReduction.ts";
import { SleepSets, type SleepingRun } from "./sleepSet.ts";
import { PorExpansion, type PorModel } from "./porExpansion.ts";
import { AsleepStep } from "./asleepStep.ts";
import type { KubernetesTransition } from "./kubernetesTransition.ts";
import type { MemoOutcome } from "./reconcileMemo.ts";
import { runReconcile, type ReconcileOutcome, type ReconcileRunInput } from "./reconcileRun.ts";
import type { SearchStrategy } from "./searchStrategy.ts";
import { StalenessModel, type StaleState, type ViewChoice } from "./staleness.ts";
import { StateCodec, comparePending, type RequestEntry } from "./stateCodec.ts";
import type { StateOutcome } from "./stateOutcome.ts";
import type { StepRecord } from "./stepRecord.ts";
import type { Request } from "../reconciler.ts";
import { stateViewOf } from "./stateView.ts";
import { TriggerIndex, type Triggered } from "./triggerIndex.ts";
import { StateSlots } from "./stateSlots.ts";
import { StepTable } from "./stepTable.ts";
import type { SchedulableModel } from "./walker.ts";
import type { UserCodeActivity } from "./userCodeActivity.ts";

export type { KubernetesTransition } from "./kubernetesTransition.ts";

const EMPTY = new Uint32Array(0);

/**
 * Kubernetes controllers as a model for the checker. A state is a world (objects), the pending
 * reconciles and, with staleness, what each reconciler's view lags behind. Its successors: every
 * pending reconcile, from every view its reconciler may have (staleness), once per combination of
 * its `ctx.choose` options; each run's writes and the reconciles they trigger (watches, owners,
 * the garbage collector's `trigger`) make the next state. Invariants are its properties.
 */
export class KubernetesModel implements SchedulableModel<KubernetesTransition, ExploreStats> {
  private core!: Core;
  private codec!: StateCodec;
  /** The state being expanded, read from the core once; memo lookups are answered from its slots. */
  private slots!: StateSlots;
  private stale!: StalenessModel;
  private runs!: MemoizedReconciles;
  private readonly triggers: TriggerIndex;
  /** The step record of each transition (replays of one recorded run share theirs). */
  private readonly steps = new StepTable();
  /** The child's pending ids as `makeTransition` gathers them (its first entries; the rest is left over from earlier transitions). */
  private readonly pendingScratch: number[] = [];
  /** What `customTriggered` found for one write, emptied after reading. */
  private readonly customScratch: Triggered[] = [];
  /** The sorted pending sets of transitions added at once, in reused arrays (the core copies what it is given). */
  private readonly pendingSet = new PendingSetScratch();
  /** The transition `makeTransition` makes over when asked to reuse one (a replay's, added at once). */
  private reusableStep: Step | undefined;
  /** What the last `makeTransition` noted for the partial-order reduction (see there). */
  private lastEnqueued: Set<number> | undefined;
  private lastRemembered: MemoOutcome | undefined;
  /** The invariants checked on every state and on converged ones (checked per new state: filtered once). */
  private alwaysInvariants: ExplorerConfig["invariants"] | undefined;
  private convergedInvariants: ExplorerConfig["invariants"] | undefined;
  /** Request ids an effect enqueues through for/owns/watches (see `watchTriggeredIds`). */
  private readonly watchTriggers = new WeakMap<Effect, readonly number[]>();
  /** `reduceNoOps`: requests known to write at a state's world, handed along no-op edges (which keep the world). */
  private readonly knownEffectful = new Map<number, Set<number>>();
  private readonly search: SearchStrategy | undefined;
  private readonly reconcileTimeoutMs: number;
  /** Observers told when user code starts and returns (an isolated run's watchdog); empty in most runs. */
  private readonly watchers: NonNullable<ExploreOptions["observers"]>;
  private readonly reduction: Reduction;
  /** Whether a walk strategy drives this model (through `successorsOf`, never reduced). */
  private readonly walked: boolean;
  /** `reduction: "por"` without staleness. */
  private por: PartialOrderReduction | undefined;
  /** With `por`: what its expansions ask of this model. */
  private porModel: PorModel | undefined;
  /** With `por`: the runs asleep at states not expanded yet (not with `determinismCheck`, which wants every run made). */
  private sleep: SleepSets<AsleepStep> | undefined;
  private memoize = false;
  /** The read footprints of recorded runs, for their replays. */
  private readonly memoReads = new WeakMap<MemoOutcome, Footprint>();
  /** The whole footprint of the first transition made from each recorded run. */
  private readonly memoFootprints = new WeakMap<MemoOutcome, Footprint>();
  /** Reduced states being expanded fully (their bound grew): the reconciles already expanded there. */
  private readonly reopening = new Map<number, ReadonlySet<number>>();
  readonly nondeterministic: NondeterminismReport[] = [];

  constructor(
    private readonly config: ExplorerConfig,
    private readonly initialState: InitialState,
    private readonly opts: ExploreOptions,
  ) {
    this.triggers = new TriggerIndex(config.registrations);
    this.search = typeof opts.strategy === "object" && "priority" in opts.strategy ? opts.strategy : undefined;
    this.reconcileTimeoutMs = opts.reconcileTimeoutMs ?? 5_000;
    this.watchers = (opts.observers ?? []).filter((o) => o.userCodeStarted || o.userCodeFinished);
    this.reduction = reductionOf(opts);
    this.walked = walkStrategyOf(opts.strategy) !== undefined;
  }

  async initial(core: Core): Promise<number> {
    const config = this.config;
    const regs = config.registrations;
    const hasher = await loadHasher();
    const versions = new VersionTable(hasher, (kind) => config.masks.get(kind) ?? []);
    this.core = core;
    this.codec = new StateCodec(core, hasher, versions, regs);
    this.slots = new StateSlots(core, this.codec, versions);
    this.stale = new StalenessModel(config.staleness, regs, (kind, objects, revision) => this.codec.snapshotOf(kind, objects, revision));
    // Memoization needs the true world to be what reconcilers read, and real runs for the determinism check.
    const memoize = this.opts.memoizeReconciles !== false && !this.opts.determinismCheck && !this.stale.enabled;
    this.memoize = memoize;
    this.runs = new MemoizedReconciles(this.codec, memoize, (r, d) => this.reportDivergence(r, d));
    // Staleness makes a run depend on its view's cursors as well as on the world: not reduced.
    if (this.reduction === "por" && !this.stale.enabled) this.por = new PartialOrderReduction();
    if (this.por && !this.opts.determinismCheck) this.sleep = new SleepSets();
    if (this.por) this.porModel = this.makePorModel();

    const initial = this.initialState;
    const { world, meta, history } = await buildInitialWorld(config.kinds, initial, hasher);
    const slots: number[] = [];
    for (const { key, kind, object } of world.entries()) {
      const { namespace, name } = parseObjectKeyString(key);
      slots.push(this.codec.keyId(kind, namespace, name), this.codec.versionId(kind, object));
    }
    const pending = new Set<number>();
    for (const p of initial.pending) pending.add(this.codec.requestId(this.regIndex(p.reconcilerId), p.request.namespace, p.request.name));
    const stale0 = this.stale.initial(
      new Map([...history].map(([kind, entries]) => [kind, entries.map((e) => this.codec.snapshotOf(kind, e.objects, e.revision))])),
    );
    const s0 = core.addInitial(new Uint32Array(slots), sortedIds(pending), this.stale.enabled ? this.stale.encode(stale0) : EMPTY);
    this.codec.remember(s0, meta, stale0);
    return s0;
  }

  isFinal(state: number): boolean {
    // Loaded as `successors` will read it (the load is then kept): one read of the state, not two.
    return this.slots.load(state).pending.length === 0;
  }

  reachedFinal(state: number): StateOutcome | undefined {
    return this.checkInvariants(state, () => this.codec.world(state), "converged");
  }

  discovered(state: number, via: KubernetesTransition | undefined): StateOutcome | undefined {
    if (via === undefined) return this.checkInvariants(state, () => this.codec.world(state), "always");
    this.codec.remember(state, via.meta, via.stale);
    return this.checkInvariants(state, () => via.run.world, "always");
  }

  failure(via: KubernetesTransition): StateOutcome | undefined {
    return via.failure;
  }

  /**
   * Hands every successor of `s` to `add`. A state whose successors are all replays is expanded
   * synchronously (undefined): no promise, no microtask turn. The first reconcile that must really
   * run makes the rest of the expansion asynchronous (a promise).
   */
  successors(s: number, depth: number, add: (via: KubernetesTransition) => AddResult, shouldStop: () => boolean | Promise<boolean>): void | Promise<void> {
    const state = this.slots.load(s);
    const meta = this.codec.meta(s);
    const now = new Date(depth * this.config.tickMs);
    // The reductions keep a state's pending set past its expansion: theirs is a copy.
    if (this.por) return this.successorsPor(s, state.pending.slice(), meta, now, add, shouldStop);
    if (this.reduction === "noops" && !this.stale.enabled) return this.successorsNoOps(s, state, meta, now, add, shouldStop);
    return this.successorsFrom(s, state, meta, now, add, shouldStop, 0, 0);
  }

  /** `reduceNoOps`: the reduced successors, or every successor when the reduction does not apply. */
  private async successorsNoOps(
    s: number,
    state: StateSlots,
    meta: ServerMeta,
    now: Date,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
  ): Promise<void> {
    if (await this.successorsReduced(s, state.pending.slice(), state.world(), meta, now, add, shouldStop)) return;
    await this.successorsFrom(s, state, meta, now, add, shouldStop, 0, 0);
  }

  /**
   * The successors of `s` from pending reconcile `i0`'s view `v0` on. Most transitions of a
   * memoized search are replays: made here, synchronously, without the promise and the microtask
   * turn an `await` costs even when it is done. At the first reconcile that must really run, the
   * rest continues in `runThenContinue` (a promise).
   */
  private successorsFrom(
    s: number,
    state: StateSlots,
    meta: ServerMeta,
    now: Date,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
    i0: number,
    v0: number,
  ): void | Promise<void> {
    const pendingIds = state.pending;
    const st = this.codec.stale(s);
    for (let i = i0; i < pendingIds.length; i++) {
      const r = pendingIds[i]!;
      const entry = this.codec.request(r);
      const views = this.stale.views(st, entry.reg);
      for (let v = i === i0 ? v0 : 0; v < views.length; v++) {
        if (this.replayView(s, r, pendingIds, entry, state, meta, now, views[v]!, add)) continue;
        return this.runThenContinue(s, state, meta, now, add, shouldStop, i, v);
      }
    }
    return undefined;
  }

  /** Runs pending reconcile `i`'s view `v` at `s` (its replay just missed), then adds the successors after it. */
  private async runThenContinue(
    s: number,
    state: StateSlots,
    meta: ServerMeta,
    now: Date,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
    i: number,
    v: number,
  ): Promise<void> {
    const pendingIds = state.pending;
    const r = pendingIds[i]!;
    const entry = this.codec.request(r);
    const view = this.stale.views(this.codec.stale(s), entry.reg)[v]!;
    if (!(await this.runView(s, r, pendingIds, entry, state, meta, now, view, add, shouldStop, true))) return;
    const rest = this.successorsFrom(s, state, meta, now, add, shouldStop, i, v + 1);
    if (rest !== undefined) await rest;
  }

  /** For walks: the pending reconciles of a state, in the order `successorsOf` numbers them, each labelled "reconciler namespace/name". */
  enabled(s: number): string[] {
    return Array.from(this.core.pending(s), (r) => {
      const entry = this.codec.request(r);
      return `${entry.reconcilerId} ${entry.request.namespace}/${entry.request.name}`;
    });
  }

  /** For walks: the successors of one pending reconcile (every view, every `ctx.choose` combination); `reduceNoOps` does not apply. */
  async successorsOf(s: number, depth: number, thread: number, add: (via: KubernetesTransition) => AddResult, shouldStop: () => Promise<boolean>): Promise<void> {
    const state = this.slots.load(s);
    const pendingIds = state.pending;
    const r = pendingIds[thread]!;
    const entry = this.codec.request(r);
    const meta = this.codec.meta(s);
    const now = new Date(depth * this.config.tickMs);
    for (const view of this.stale.views(this.codec.stale(s), entry.reg)) {
      if (this.replayView(s, r, pendingIds, entry, state, meta, now, view, add)) continue;
      if (!(await this.runView(s, r, pendingIds, entry, state, meta, now, view, add, shouldStop, true))) return;
    }
  }

  /**
   * `reduceNoOps`: runs the pending reconciles in content order until one writes nothing, and
   * makes that the only successor. Requests already known to write at this world (tried at the
   * parent before its no-op) are not run again: skipping them does not change which no-op comes
   * first. If every reconcile writes, the state is expanded fully, reusing the runs made here.
   * Returns false (expand the usual way) when a reconcile uses `ctx.choose`.
   */
  private async successorsReduced(
    s: number,
    pendingIds: Uint32Array,
    world: World,
    meta: ServerMeta,
    now: Date,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
  ): Promise<boolean> {
    const known = this.knownEffectful.get(s) ?? new Set<number>();
    this.knownEffectful.delete(s);
    const order = [...pendingIds].sort((a, b) => comparePending(this.codec.request(a), this.codec.request(b)));
    // Without staleness a reconciler has exactly one view: the true world.
    const viewOf = (entry: RequestEntry) => this.stale.views(this.codec.stale(s), entry.reg)[0]!;
    const effectful = new Map<number, Ran>();
    for (const r of order) {
      if (known.has(r)) continue;
      if (await shouldStop()) return true;
      const entry = this.codec.request(r);
      const ran = this.runs.reconcile(r, this.runInput(s, entry, world, world, meta, now, []));
      const out = ran instanceof Promise ? await ran : ran;
      if (out.choices.counts.length > 0) return false;
      if (out.effects.length > 0 || out.error !== undefined || out.requeue) {
        known.add(r);
        effectful.set(r, out);
        continue;
      }
      const added = this.addTransition(s, r, pendingIds, entry, out, viewOf(entry), add);
      if (added.isNew) {
        known.delete(r);
        this.knownEffectful.set(added.stateId, known);
      }
      return true;
    }
    for (const r of pendingIds) {
      const entry = this.codec.request(r);
      const out = effectful.get(r);
      if (out) this.addTransition(s, r, pendingIds, entry, out, viewOf(entry), add);
      else if (!(await this.runView(s, r, pendingIds, entry, this.slots, meta, now, viewOf(entry), add, shouldStop))) return true;
    }
    return true;
  }

  /** `reduction: "por"`: the reduced successors of `s` (`PorExpansion`). */
  private successorsPor(
    s: number,
    pendingIds: Uint32Array,
    meta: ServerMeta,
    now: Date,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
  ): Promise<void> {
    const spared = this.reopening.get(s);
    this.reopening.delete(s);
    const asleep = this.sleep?.take(s);
    const view = this.stale.views(this.codec.stale(s), 0)[0]!;
    return new PorExpansion(this.porModel!, this.por!, this.sleep, s, pendingIds, meta, now, view, spared, asleep, add, shouldStop).run();
  }

  /** What a `PorExpansion` asks of this model: made once, its functions are not made per state. */
  private makePorModel(): PorModel {
    return {
      memoize: this.memoize,
      determinismCheck: Boolean(this.opts.determinismCheck),
      load: (s) => this.slots.load(s),
      replayOn: (r, slots, meta, nowMs) => this.runs.replayOn(r, slots, meta, nowMs),
      runInput: (s, r, world, meta, now) => this.runInput(s, this.codec.request(r), world, world, meta, now, []),
      run: (r, input) => this.runs.run(r, input),
      checkDeterminism: (s, input, out) => this.checkDeterminism(s, input, out),
      make: (s, r, pendingIds, out, view, recorder) => {
        const triggerReads = new FootprintRecorder();
        const transition = this.makeTransition(s, r, pendingIds, this.codec.request(r), out, view, triggerReads, false);
        const fp = this.footprintOf(out, this.lastRemembered, recorder, triggerReads.footprint, this.lastEnqueued!, r);
        return { transition, fp };
      },
      addAsleep: (s, r, pendingIds, z, add) => this.addAsleep(s, r, pendingIds, z, add),
      runChoices: (s, r, pendingIds, meta, now, view, add, shouldStop) => {
        const entry = this.codec.request(r);
        return this.runView(s, r, pendingIds, entry, this.slots.load(s), meta, now, view, add, shouldStop);
      },
    };
  }

  /**
   * The successor of pending `r` made from its run asleep at `s` (its writes, the requests it
   * enqueued, its step), when that successor is a known state; undefined when it is not (the
   * caller runs `r`: a new state needs its world and server bookkeeping, which only a run makes).
   */
  private addAsleep(s: number, r: number, pendingIds: Uint32Array, z: SleepingRun<AsleepStep>, add: (via: KubernetesTransition) => AddResult): { added: AddResult; pending: Uint32Array } | undefined {
    const next: number[] = [];
    for (let i = 0; i < pendingIds.length; i++) if (pendingIds[i] !== r) next.push(pendingIds[i]!);
    for (const t of z.fp.triggers) next.push(t);
    if (z.staysPending) next.push(r);
    const pending = sortedUniqueIds(next);
    const t = z.transition;
    if (this.core.lookup(this.codec.fingerprintOf(s, t.changed, pending, EMPTY)) < 0) return undefined;
    const step = this.steps.addStep(this.steps.recordOf(t.step));
    const added = add(t.to(step, pending));
    if (added.isNew) throw new KameraError(`internal error: the successor of a sleeping run at state ${s} was not the known state its fingerprint named; please report this with the scenario`);
    return { added, pending };
  }

  /** What one run touched: its reads (recorded, or those of the recorded run it replays), its writes, the trigger functions' reads, the requests it enqueued. */
  private footprintOf(out: Ran, remembered: MemoOutcome | undefined, recorder: FootprintRecorder | undefined, triggerReads: Footprint, enqueued: Set<number>, r: number): Footprint {
    let reads: Footprint | undefined;
    if (out.replayed) {
      // Most replays enqueue what the recorded run did and their triggers read nothing new: share its footprint.
      const recorded = this.memoFootprints.get(out.replayed);
      if (recorded !== undefined && sameEnqueued(recorded.triggers, enqueued, r) && readsWithin(triggerReads, recorded)) return recorded;
      reads = this.memoReads.get(out.replayed);
    } else if (out.trace) {
      reads = readsOfQueries(out.trace.queries);
      if (remembered) this.memoReads.set(remembered, reads);
    } else if (recorder !== undefined && !out.timedOut) {
      // Without memoization the run read through `recorder`; with it, only runs the memo could not trace lack a trace.
      reads = recorder.footprint;
    }
    const fp = emptyFootprint();
    if (reads === undefined) fp.unknown = true;
    else mergeFootprint(fp, reads);
    mergeFootprint(fp, triggerReads);
    addWrites(fp, out.effects);
    for (const t of enqueued) if (t !== r) fp.triggers.add(t);
    fp.requeues = out.error !== undefined || out.requeue;
    const key = out.replayed ?? remembered;
    if (key !== undefined && !this.memoFootprints.has(key)) this.memoFootprints.set(key, fp);
    return fp;
  }

  /** Reduced states whose choice the grown bound no longer justifies: the checker expands them again, fully. */
  reopen(): number[] {
    const por = this.por;
    if (por === undefined) return [];
    // What is left are the sleep sets of states never expanded (converged, cut off, aborted).
    this.sleep?.clear();
    const core = this.core;
    const states = por.toReopen((state, visit) => {
      const out = core.successors(state);
      for (let i = 0; i < out.length; i++) visit(core.edgeTarget(out[i]!));
    });
    for (const state of states) {
      this.reopening.set(state, new Set(por.chosenAt(state)!.keys()));
      por.forget(state);
    }
    return states;
  }

  /**
   * With memoization, looks the first run of one pending reconcile from one view up in the memo
   * by the state's slots and, when it is there, adds its transition: true if it did. A replay
   * takes no time (the search checks its limits between states) and made no choices: it is the
   * only combination, so nothing is left for `runView`.
   */
  private replayView(
    s: number,
    r: number,
    parentPending: ArrayLike<number>,
    entry: RequestEntry,
    state: StateSlots,
    meta: ServerMeta,
    now: Date,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
  ): boolean {
    // The memo is on only without staleness, where every view is the true world.
    if (!this.memoize || view.overrides.size !== 0) return false;
    // The replay and its transition are made over for each replay added here: every `add` is done
    // with a transition when it returns (it keeps its arrays, its bookkeeping, its failure, not it).
    const replay = this.runs.replayOn(r, state, meta, now.getTime(), true);
    if (replay === undefined) return false;
    add(this.makeTransition(s, r, parentPending, entry, replay, view, undefined, true, true));
    return true;
  }

  /**
   * Runs one pending reconcile from one view, once per combination of its `ctx.choose` options;
   * false if `shouldStop` cut it short. `state` is `s`, loaded. With memoization the first run
   * is looked up in the memo first (unless `replayTried`: the caller's `replayView` just missed),
   * and the world is made only if it must run.
   */
  private async runView(
    s: number,
    r: number,
    parentPending: ArrayLike<number>,
    entry: RequestEntry,
    state: StateSlots,
    meta: ServerMeta,
    now: Date,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
    replayTried = false,
  ): Promise<boolean> {
    const replayFirst = this.memoize && view.overrides.size === 0;
    if (!replayTried && this.replayView(s, r, parentPending, entry, state, meta, now, view, add)) return true;
    const world = state.world();
    const readWorld = this.viewWorld(world, view);
    const prefixes: (readonly number[])[] = [NO_PREFIX];
    for (let first = true; prefixes.length > 0; first = false) {
      // Limits are checked between reconciles, not only between states: one reconcile may offer thousands of choices.
      const stop = shouldStop();
      if (stop === true || (stop !== false && (await stop))) return false;
      const prefix = prefixes.pop()!;
      const input = this.runInput(s, entry, readWorld, world, meta, now, prefix);
      const ran = first && replayFirst ? this.runs.run(r, input) : this.runs.reconcile(r, input);
      const out = ran instanceof Promise ? await ran : ran;
      if (this.opts.determinismCheck) await this.checkDeterminism(s, input, out);
      // A run cut off by its budget is one failed step: the choices it made on its way into a
      // runaway loop (up to a million of them) are not alternatives worth enumerating.
      if (!out.timedOut) for (const p of siblingPrefixes(prefix.length, out.choices.taken, out.choices.counts)) prefixes.push(p);
      this.addTransition(s, r, parentPending, entry, out, view, add);
    }
    return true;
  }

  private runInput(s: number, entry: RequestEntry, view: World, trueWorld: World, meta: ServerMeta, now: Date, prefix: readonly number[]): ReconcileRunInput {
    const input: ReconcileRunInput = {
      reg: this.config.registrations[entry.reg]!,
      request: entry.request,
      view,
      trueWorld,
      meta,
      now,
      kinds: this.config.kinds,
      hasher: this.codec.hasher,
      prefix,
      timeoutMs: this.reconcileTimeoutMs,
    };
    if (this.watchers.length > 0) {
      const activity: UserCodeActivity = { kind: "reconcile", reconcilerId: entry.reconcilerId, request: { ...entry.request }, state: s, stateId: hex16(this.core.fingerprint(s)) };
      input.watch = { started: () => this.userCodeStarted(activity), finished: () => this.userCodeFinished() };
    }
    return input;
  }

  private userCodeStarted(activity: UserCodeActivity): void {
    for (const w of this.watchers) w.userCodeStarted?.(activity);
  }

  private userCodeFinished(): void {
    for (const w of this.watchers) w.userCodeFinished?.();
  }

  /** The world a reconciler reads: the true world with its stuck kinds replaced by their history positions. */
  private viewWorld(world: World, view: ViewChoice): World {
    if (view.overrides.size === 0) return world;
    const changes = new Map<string, KubeObject | undefined>();
    for (const [kind, snap] of view.overrides) {
      for (const o of world.list(kind)) changes.set(objectKeyString(kind, o.metadata?.namespace ?? "", o.metadata!.name!), undefined);
      for (const o of snap.objects) changes.set(objectKeyString(kind, o.metadata?.namespace ?? "", o.metadata!.name!), o);
    }
    return world.with(changes);
  }

  /**
   * The successor a reconcile's outcome makes: its writes, the reconciles they trigger (added to
   * the parent's pending reconciles other than `r`), the step record. The transition is added at
   * once, so its pending set may live in a reused array (the core copies what it is given).
   */
  private addTransition(
    s: number,
    r: number,
    parentPending: ArrayLike<number>,
    entry: RequestEntry,
    out: Ran,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
  ): AddResult {
    return add(this.makeTransition(s, r, parentPending, entry, out, view, undefined, true));
  }

  /**
   * The transition a reconcile's outcome makes. With `triggerReads` (the partial-order
   * reduction), it also notes the requests the run's writes enqueued (`lastEnqueued`) and, in
   * `triggerReads`, what the trigger functions read of the world after the writes; the memo
   * outcome the run was kept as, or replays, is `lastRemembered`. `addedAtOnce` lets the pending
   * set live in a reused array: the transition must then be added before the next one is made.
   * `reuse` goes further: the transition itself is the one made last time, made over.
   */
  private makeTransition(
    s: number,
    r: number,
    parentPending: ArrayLike<number>,
    entry: RequestEntry,
    out: Ran,
    view: ViewChoice,
    triggerReads: FootprintRecorder | undefined,
    addedAtOnce: boolean,
    reuse = false,
  ): KubernetesTransition {
    // Filled by index with a count: emptying an array by `length = 0` drops its storage, and
    // pushing again would allocate it anew for every transition.
    const pending = this.pendingScratch;
    let n = 0;
    for (let i = 0; i < parentPending.length; i++) if (parentPending[i] !== r) pending[n++] = parentPending[i]!;
    const enqueuedFrom = n;
    const stale = this.stale.enabled;
    const staleAfter = stale ? this.stale.afterWrites(view.cursorsAfter, out.effects) : view.cursorsAfter;
    const skip = stale ? (reg: number, kind: string) => this.stale.isPinned(staleAfter, reg, kind) : undefined;
    const replayed = out.replayed;
    const changed = replayed !== undefined ? (replayed.changedIds ??= new Uint32Array(replayed.changed)) : this.runs.changes(r, s, out);
    const remembered = replayed ?? this.runs.lastRemembered;
    const effects = out.effects;
    if (effects.length > 0) {
      const custom = this.triggers.hasCustom;
      // Custom triggers (the garbage collector's) read the world after the writes: a run or a replay makes it only if one does.
      const world: WorldReader | undefined = custom ? worldAfter(out) : undefined;
      // Watch triggers read only the effect; what custom triggers read is part of the run's footprint.
      const after = triggerReads && world ? recordingWorld(world, triggerReads) : world;
      for (let e = 0; e < effects.length; e++) {
        const effect = effects[e]!;
        const ids = this.watchTriggeredIds(effect, skip);
        for (let i = 0; i < ids.length; i++) pending[n++] = ids[i]!;
        if (after !== undefined) {
          // Into a reused list: most writes trigger nothing custom, and then nothing is allocated for them.
          const found = this.triggers.customTriggered(effect, after, this.customScratch);
          for (let i = 0; i < found.length; i++) pending[n++] = this.codec.requestId(found[i]!.reconciler, found[i]!.request.namespace, found[i]!.request.name);
          if (found.length > 0) found.length = 0;
        }
      }
    }
    // Everything put after the parent's pending requests was enqueued by the run's writes.
    this.lastEnqueued = triggerReads ? new Set(pending.slice(enqueuedFrom, n)) : undefined;
    this.lastRemembered = remembered;
    if (out.error !== undefined || out.requeue) pending[n++] = r;
    // Every replay of a recorded run is the same step: one shared record keeps a large graph's steps small.
    let record = remembered?.stepRecord;
    if (record === undefined) {
      const step: StepRecord = { reconcilerId: entry.reconcilerId, request: entry.request, effects: out.effects };
      if (out.error !== undefined) step.error = out.error;
      if (out.errorLocation !== undefined) step.errorLocation = out.errorLocation;
      if (out.requeue) step.requeue = true;
      if (out.requeueAfter !== undefined) step.requeueAfter = out.requeueAfter;
      if (out.choices.taken.length) step.choices = out.choices.describe();
      if (view.staleView) step.staleView = view.staleView;
      record = this.steps.addRecord(step);
      if (remembered) remembered.stepRecord = record;
    }
    const stepId = this.steps.addStep(record);
    const pendingIds = addedAtOnce ? this.pendingSet.of(pending, n) : sortedUniqueIds(pending.slice(0, n));
    const cursors = stale ? this.stale.encode(staleAfter) : EMPTY;
    const transition = reuse
      ? this.reusableStep !== undefined
        ? this.reusableStep.reset(stepId, changed, pendingIds, cursors, out, staleAfter)
        : (this.reusableStep = new Step(stepId, changed, pendingIds, cursors, out, staleAfter))
      : new Step(stepId, changed, pendingIds, cursors, out, staleAfter);
    if (this.search) transition.priority = this.priorityOf(s, transition, entry, out);
    if (out.error !== undefined && this.opts.abortOnError) {
      transition.failure = {
        kind: "aborted",
        reason: "error",
        error: out.error,
        failedReconcile: { reconcilerId: entry.reconcilerId, request: { ...entry.request } },
      };
    }
    return transition;
  }

  /**
   * The ids of the requests `effect` enqueues through for, owns and watches, in `triggered`'s
   * order. Without staleness they depend on the effect alone; a replayed effect is the recorded
   * one, so its ids are kept with it.
   */
  private watchTriggeredIds(effect: Effect, skip: ((reg: number, kind: string) => boolean) | undefined): readonly number[] {
    if (skip === undefined) {
      const known = this.watchTriggers.get(effect);
      if (known !== undefined) return known;
    }
    const ids = this.triggers.watchTriggered(effect, skip).map((t) => this.codec.requestId(t.reconciler, t.request.namespace, t.request.name));
    if (skip === undefined) this.watchTriggers.set(effect, ids);
    return ids;
  }

  private priorityOf(parent: number, t: KubernetesTransition, entry: RequestEntry, out: ReconcileOutcome): number {
    const p = this.search!.priority({
      stateId: hex16(this.codec.fingerprintOf(parent, t.changed, t.pending, t.cursors)),
      depth: this.core.depth(parent) + 1,
      pendingCount: t.pending.length,
      objectCount: out.world.size,
      reconcilerId: entry.reconcilerId,
      effectCount: out.effects.length,
    });
    if (typeof p !== "number" || Number.isNaN(p)) throw new KameraError(`the search strategy's priority() returned ${JSON.stringify(p)}; expected a number`);
    return p;
  }

  private invariantsWhen(when: "always" | "converged"): ExplorerConfig["invariants"] {
    return this.config.invariants.filter((i) => i.when === when);
  }

  private checkInvariants(state: number, world: () => World, when: "always" | "converged"): StateOutcome | undefined {
    const invs = when === "always" ? (this.alwaysInvariants ??= this.invariantsWhen(when)) : (this.convergedInvariants ??= this.invariantsWhen(when));
    if (invs.length === 0) return undefined;
    // The reduction must see what invariants on every state read: runs that write it are visible.
    const reads = this.por && when === "always" ? new FootprintRecorder() : undefined;
    let readPending = false;
    const pending = () => {
      readPending = true;
      return this.codec.pending(state);
    };
    const view = stateViewOf(reads ? recordingWorld(world(), reads) : world(), pending, (k) => void parseKind(k));
    const failed: { invariant: string; message: string }[] = [];
    for (const inv of invs) {
      if (this.watchers.length > 0) this.userCodeStarted({ kind: "invariant", invariant: inv.name, state, stateId: hex16(this.core.fingerprint(state)) });
      let message: string | undefined;
      try {
        message = evaluateInvariant(inv, view);
      } finally {
        if (this.watchers.length > 0) this.userCodeFinished();
      }
      if (message !== undefined) failed.push({ invariant: inv.name, message });
    }
    if (reads) this.por!.observeInvariantReads(reads.footprint, readPending);
    if (failed.length === 0) return undefined;
    return { kind: "aborted", reason: "invariant", error: failed.map((f) => `${f.invariant}: ${f.message}`).join("; "), violations: failed };
  }

  private regIndex(id: string): number {
    const regs = this.config.registrations;
    const i = regs.findIndex((r) => r.id === id);
    if (i < 0) throw new KameraError(`unknown reconciler id "${id}" in the initial state; registered: ${regs.map((r) => r.id).join(", ")}`);
    return i;
  }

  /** Two runs of a request asked different questions after getting the same answers: the reconciler is nondeterministic. */
  private reportDivergence(r: number, d: { state: number; first: string; second: string }): void {
    const entry = this.codec.request(r);
    if (this.nondeterministic.some((n) => n.reconcilerId === entry.reconcilerId)) return;
    this.nondeterministic.push({
      kind: "reads",
      reconcilerId: entry.reconcilerId,
      request: { ...entry.request },
      stateId: hex16(this.core.fingerprint(d.state)),
      first: `an earlier run, after the same reads, read next: ${d.first}`,
      second: `this run read next: ${d.second}`,
    });
  }

  private async checkDeterminism(s: number, input: ReconcileRunInput, first: ReconcileOutcome): Promise<void> {
    const again = await runReconcile({ ...input, prefix: first.choices.taken });
    const a = JSON.stringify({ effects: first.effects, error: first.error ?? null, requeue: first.requeue });
    const b = JSON.stringify({ effects: again.effects, error: again.error ?? null, requeue: again.requeue });
    if (a === b) return;
    if (this.nondeterministic.some((n) => n.reconcilerId === input.reg.id)) return;
    this.nondeterministic.push({
      kind: "writes",
      reconcilerId: input.reg.id,
      request: { ...input.request },
      stateId: hex16(this.core.fingerprint(s)),
      first: a,
      second: b,
    });
  }

  // Replay (replay.ts): one chosen successor of a state instead of all of them, made by the same
  // code as the search's so that a replayed path is the path the search took.

  /**
   * What may run at `s`, in (reconciler, namespace, name) order: each pending reconcile with the
   * views its reconciler may take there (`undefined` is a view with no stale kind).
   */
  replayOptions(s: number): { reconcilerId: string; request: Request; views: (Record<string, number> | undefined)[] }[] {
    const ids = [...this.core.pending(s)].sort((a, b) => comparePending(this.codec.request(a), this.codec.request(b)));
    return ids.map((r) => {
      const entry = this.codec.request(r);
      const views = this.stale.views(this.codec.stale(s), entry.reg).map((v) => v.staleView);
      return { reconcilerId: entry.reconcilerId, request: { ...entry.request }, views };
    });
  }

  /**
   * Runs pending reconcile `index` (in `replayOptions` order) at `s` from its view `view`, taking
   * `choices` at its first `ctx.choose` calls (option 0 after them), and hands the one successor
   * it makes to `add`.
   */
  async replayStep(s: number, depth: number, index: number, view: number, choices: readonly number[], add: (via: KubernetesTransition) => AddResult): Promise<AddResult> {
    const pendingIds = [...this.core.pending(s)].sort((a, b) => comparePending(this.codec.request(a), this.codec.request(b)));
    const r = pendingIds[index]!;
    const entry = this.codec.request(r);
    const viewChoice = this.stale.views(this.codec.stale(s), entry.reg)[view]!;
    const world = this.codec.world(s);
    const input = this.runInput(s, entry, this.viewWorld(world, viewChoice), world, this.codec.meta(s), new Date(depth * this.config.tickMs), choices);
    input.prefixScheduled = true;
    const out = await this.runs.reconcile(r, input);
    return this.addTransition(s, r, pendingIds, entry, out, viewChoice, add);
  }

  /** What the model's states are made of (a parallel shard sends states by their interned contents). */
  stateCodec(): StateCodec {
    return this.codec;
  }

  // What results read of a state and a step.
  objects(state: number): readonly KubeObject[] {
    return this.codec.world(state).all();
  }
  pending(state: number): ReturnType<StateCodec["pending"]> {
    return this.codec.pending(state);
  }
  step(stepId: number): StepRecord {
    return this.steps.get(stepId)!;
  }
  stepCount(): number {
    return this.steps.length;
  }

  /**
   * The reduction the graph was actually made with, for `stats`: none under staleness (a run then
   * depends on its view's cursors too, which the reductions do not model) nor for walks (they
   * sample executions through `successorsOf` and never reduce), whatever was asked.
   */
  private appliedReduction(): Pick<ExploreStats, "reduction" | "reducedStates"> {
    if (this.walked) return {};
    if (this.por) return { reduction: "por", reducedStates: this.por.reducedCount };
    return this.reduction === "noops" && !this.stale.enabled ? { reduction: "noops" } : {};
  }

  stats(search: SearchStats): ExploreStats {
    const unique = search.uniqueStates;
    const durationMs = search.durationMs;
    return {
      statesVisited: search.statesVisited,
      uniqueStates: unique,
      transitions: search.transitions,
      reconcilesExecuted: this.runs?.executed ?? 0,
      reconcilesReplayed: this.runs?.replayed ?? 0,
      maxDepth: search.maxDepth,
      durationMs,
      statesPerSecond: durationMs > 0 ? (unique / durationMs) * 1000 : 0,
      frontierSize: search.frontierSize,
      collisionProbability: (unique * unique) / 2 ** 65,
      convergedCount: search.finalCount,
      abortedCount: search.abortedCount,
      engine: search.engine,
      ...this.appliedReduction(),
    };
  }
}

/**
 * A transition as `makeTransition` makes it. A class, not an object literal with a getter: one is
 * made per transition, and its bookkeeping after the writes (`meta`) is read only for new states.
 */
class Step implements KubernetesTransition {
  priority?: number;
  failure?: StateOutcome;
  constructor(
    public step: number,
    public changed: Uint32Array,
    public pending: Uint32Array,
    public cursors: Uint32Array,
    public run: Ran,
    public stale: StaleState,
  ) {}

  /** This transition made over as another; a reused one was added and is no longer read. */
  reset(step: number, changed: Uint32Array, pending: Uint32Array, cursors: Uint32Array, run: Ran, stale: StaleState): this {
    this.step = step;
    this.changed = changed;
    this.pending = pending;
    this.cursors = cursors;
    this.run = run;
    this.stale = stale;
    this.priority = undefined;
    this.failure = undefined;
    return this;
  }
  get meta(): ServerMeta {
    return this.run.meta;
  }
}

/**
 * Sorted, duplicate-free pending sets made in reused arrays, one per length: a transition's set
 * is valid until the next set of the same length is made.
 */
class PendingSetScratch {
  private readonly byLength: Uint32Array[] = [];

  /** The first `n` of `ids`, sorted, without repeats. */
  of(ids: readonly number[], n: number): Uint32Array {
    // Insertion sort: pending sets are small, and a typed array's sort costs more than it does.
    const work = this.array(n);
    let m = 0;
    for (let i = 0; i < n; i++) {
      const v = ids[i]!;
      let j = m;
      while (j > 0 && work[j - 1]! > v) j--;
      if (j > 0 && work[j - 1] === v) continue;
      for (let k = m; k > j; k--) work[k] = work[k - 1]!;
      work[j] = v;
      m++;
    }
    if (m === n) return work;
    // Copied element by element: a subarray view to copy from would be an allocation per transition.
    const out = this.array(m);
    for (let k = 0; k < m; k++) out[k] = work[k]!;
    return out;
  }

  private array(n: number): Uint32Array {
    return (this.byLength[n] ??= new Uint32Array(n));
  }
}

function hex16(fp: bigint): string {
  return fp.toString(16).padStart(16, "0");
}

function sortedIds(ids: Set<number>): Uint32Array {
  const out = Uint32Array.from(ids);
  out.sort();
  return out;
}

/** `ids` sorted ascending without repeats, as the core takes a pending set. */
function sortedUniqueIds(ids: number[]): Uint32Array {
  const sorted = Uint32Array.from(ids).sort();
  let n = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[n++] = sorted[i]!;
  return n === sorted.length ? sorted : sorted.slice(0, n);
}

const NO_PREFIX: readonly number[] = [];
