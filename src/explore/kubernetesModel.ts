import type { AddResult, Core } from "../../bindings/core.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { World } from "../apiserver/world.ts";
import type { WorldEntry, WorldReader } from "../apiserver/worldReader.ts";
import { KameraError } from "../kameraError.ts";
import { parseKind } from "../kinds.ts";
import { loadHasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, parseObjectKeyString } from "../objects/objectKey.ts";
import { VersionTable } from "../objects/versionTable.ts";
import type { Model, SearchStats, Transition } from "./checker.ts";
import { siblingPrefixes } from "./choiceDriver.ts";
import type { ExplorerConfig } from "./explorerConfig.ts";
import type { ExploreOptions, NondeterminismReport } from "./exploreOptions.ts";
import type { ExploreStats } from "./exploreResult.ts";
import { buildInitialWorld } from "./initialWorld.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { evaluateInvariant } from "./invariant.ts";
import { MemoizedReconciles, type Ran } from "./memoizedReconciles.ts";
import { runReconcile, type ReconcileOutcome, type ReconcileRunInput } from "./reconcileRun.ts";
import type { SearchStrategy } from "./searchStrategy.ts";
import { StalenessModel, type StaleState, type ViewChoice } from "./staleness.ts";
import { StateCodec, comparePending, type RequestEntry } from "./stateCodec.ts";
import type { StateOutcome } from "./stateOutcome.ts";
import type { StepRecord } from "./stepRecord.ts";
import { stateViewOf } from "./stateView.ts";
import { TriggerIndex } from "./triggerIndex.ts";

const EMPTY = new Uint32Array(0);

/** A transition with what the model needs to know of the state it leads to. */
export interface KubernetesTransition extends Transition {
  /** The run that made it: its `world` is the new state's (a replay makes it only when read). */
  run: ReconcileOutcome;
  meta: ServerMeta;
  stale: StaleState;
  /** The abort outcome of a failing reconcile under `abortOnError`. */
  failure?: StateOutcome;
}

/**
 * Kubernetes controllers as a model for the checker. A state is a world (objects), the pending
 * reconciles and, with staleness, what each reconciler's view lags behind. Its successors: every
 * pending reconcile, from every view its reconciler may have (staleness), once per combination of
 * its `ctx.choose` options; each run's writes and the reconciles they trigger (watches, owners,
 * the garbage collector's `trigger`) make the next state. Invariants are its properties.
 */
export class KubernetesModel implements Model<KubernetesTransition, ExploreStats> {
  private core!: Core;
  private codec!: StateCodec;
  private stale!: StalenessModel;
  private runs!: MemoizedReconciles;
  private readonly triggers: TriggerIndex;
  private readonly steps: StepRecord[] = [];
  /** The child's pending ids as `addTransition` gathers them (reused: the core copies what it is given). */
  private readonly pendingScratch: number[] = [];
  /** Request ids an effect enqueues through for/owns/watches (see `watchTriggeredIds`). */
  private readonly watchTriggers = new WeakMap<Effect, readonly number[]>();
  /** `reduceNoOps`: requests known to write at a state's world, handed along no-op edges (which keep the world). */
  private readonly knownEffectful = new Map<number, Set<number>>();
  private readonly search: SearchStrategy | undefined;
  private readonly reconcileTimeoutMs: number;
  readonly nondeterministic: NondeterminismReport[] = [];

  constructor(
    private readonly config: ExplorerConfig,
    private readonly initialState: InitialState,
    private readonly opts: ExploreOptions,
  ) {
    this.triggers = new TriggerIndex(config.registrations);
    this.search = typeof opts.strategy === "object" ? opts.strategy : undefined;
    this.reconcileTimeoutMs = opts.reconcileTimeoutMs ?? 5_000;
  }

  async initial(core: Core): Promise<number> {
    const config = this.config;
    const regs = config.registrations;
    const hasher = await loadHasher();
    const versions = new VersionTable(hasher, (kind) => config.masks.get(kind) ?? []);
    this.core = core;
    this.codec = new StateCodec(core, hasher, versions, regs);
    this.stale = new StalenessModel(config.staleness, regs, (kind, objects, revision) => this.codec.snapshotOf(kind, objects, revision));
    // Memoization needs the true world to be what reconcilers read, and real runs for the determinism check.
    const memoize = this.opts.memoizeReconciles !== false && !this.opts.determinismCheck && !this.stale.enabled;
    this.runs = new MemoizedReconciles(this.codec, memoize, (r, d) => this.reportDivergence(r, d));

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
    return this.core.pending(state).length === 0;
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

  async successors(s: number, depth: number, add: (via: KubernetesTransition) => AddResult, shouldStop: () => boolean | Promise<boolean>): Promise<void> {
    const pendingIds = this.core.pending(s);
    const world = this.codec.world(s);
    const meta = this.codec.meta(s);
    const now = new Date(depth * this.config.tickMs);
    if (this.opts.reduceNoOps && !this.stale.enabled && (await this.successorsReduced(s, pendingIds, world, meta, now, add, shouldStop))) return;
    for (let i = 0; i < pendingIds.length; i++) {
      const r = pendingIds[i]!;
      const entry = this.codec.request(r);
      for (const view of this.stale.views(this.codec.stale(s), entry.reg)) {
        if (!(await this.runView(s, r, pendingIds, entry, world, meta, now, view, add, shouldStop))) return;
      }
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
      const ran = this.runs.reconcile(r, this.runInput(entry, world, world, meta, now, []));
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
      else if (!(await this.runView(s, r, pendingIds, entry, world, meta, now, viewOf(entry), add, shouldStop))) return true;
    }
    return true;
  }

  /** Runs one pending reconcile from one view, once per combination of its `ctx.choose` options; false if `shouldStop` cut it short. */
  private async runView(
    s: number,
    r: number,
    parentPending: Uint32Array,
    entry: RequestEntry,
    world: World,
    meta: ServerMeta,
    now: Date,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
  ): Promise<boolean> {
    const readWorld = this.viewWorld(world, view);
    const prefixes: (readonly number[])[] = [NO_PREFIX];
    while (prefixes.length > 0) {
      // Limits are checked between reconciles, not only between states: one reconcile may offer thousands of choices.
      const stop = shouldStop();
      if (stop === true || (stop !== false && (await stop))) return false;
      const prefix = prefixes.pop()!;
      const input = this.runInput(entry, readWorld, world, meta, now, prefix);
      const ran = this.runs.reconcile(r, input);
      const out = ran instanceof Promise ? await ran : ran;
      if (this.opts.determinismCheck) await this.checkDeterminism(s, input, out);
      // A run cut off by its budget is one failed step: the choices it made on its way into a
      // runaway loop (up to a million of them) are not alternatives worth enumerating.
      if (!out.timedOut) for (const p of siblingPrefixes(prefix.length, out.choices.taken, out.choices.counts)) prefixes.push(p);
      this.addTransition(s, r, parentPending, entry, out, view, add);
    }
    return true;
  }

  private runInput(entry: RequestEntry, view: World, trueWorld: World, meta: ServerMeta, now: Date, prefix: readonly number[]): ReconcileRunInput {
    return {
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
   * the parent's pending reconciles other than `r`), the step record.
   */
  private addTransition(
    s: number,
    r: number,
    parentPending: Uint32Array,
    entry: RequestEntry,
    out: Ran,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
  ): AddResult {
    const pending = this.pendingScratch;
    pending.length = 0;
    for (let i = 0; i < parentPending.length; i++) if (parentPending[i] !== r) pending.push(parentPending[i]!);
    const stale = this.stale.enabled;
    const staleAfter = stale ? this.stale.afterWrites(view.cursorsAfter, out.effects) : view.cursorsAfter;
    const skip = stale ? (reg: number, kind: string) => this.stale.isPinned(staleAfter, reg, kind) : undefined;
    const { changed, remembered } = this.runs.changes(r, s, out);
    if (out.effects.length > 0) {
      // Custom triggers (the garbage collector's) read the world after the writes: a replay makes it only if one does.
      const after: WorldReader = out.replayed ? new LazyWorldReader(out) : out.world;
      for (const effect of out.effects) {
        for (const id of this.watchTriggeredIds(effect, skip)) pending.push(id);
        for (const t of this.triggers.customTriggered(effect, after)) pending.push(this.codec.requestId(t.reconciler, t.request.namespace, t.request.name));
      }
    }
    if (out.error !== undefined || out.requeue) pending.push(r);
    // Every replay of a recorded run is the same step: one shared record keeps a large graph's steps small.
    let step = remembered?.step;
    if (step === undefined) {
      step = { reconcilerId: entry.reconcilerId, request: entry.request, effects: out.effects };
      if (out.error !== undefined) step.error = out.error;
      if (out.errorLocation !== undefined) step.errorLocation = out.errorLocation;
      if (out.requeue) step.requeue = true;
      if (out.requeueAfter !== undefined) step.requeueAfter = out.requeueAfter;
      if (out.choices.taken.length) step.choices = out.choices.describe();
      if (view.staleView) step.staleView = view.staleView;
      if (remembered) remembered.step = step;
    }
    const stepId = this.steps.length;
    this.steps.push(step);
    const transition: KubernetesTransition = {
      step: stepId,
      changed,
      pending: sortedUniqueIds(pending),
      cursors: stale ? this.stale.encode(staleAfter) : EMPTY,
      run: out,
      meta: out.meta,
      stale: staleAfter,
    };
    if (this.search) transition.priority = this.priorityOf(s, transition, entry, out);
    if (out.error !== undefined && this.opts.abortOnError) {
      transition.failure = {
        kind: "aborted",
        reason: "error",
        error: out.errorDetail ?? out.error,
        failedReconcile: { reconcilerId: entry.reconcilerId, request: { ...entry.request } },
      };
    }
    return add(transition);
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

  private checkInvariants(state: number, world: () => World, when: "always" | "converged"): StateOutcome | undefined {
    const invs = this.config.invariants.filter((i) => i.when === when);
    if (invs.length === 0) return undefined;
    const view = stateViewOf(world(), () => this.codec.pending(state), (k) => void parseKind(k));
    const failed: { invariant: string; message: string }[] = [];
    for (const inv of invs) {
      const message = evaluateInvariant(inv, view);
      if (message !== undefined) failed.push({ invariant: inv.name, message });
    }
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

  // What results read of a state and a step.
  objects(state: number): readonly KubeObject[] {
    return this.codec.world(state).all();
  }
  pending(state: number): ReturnType<StateCodec["pending"]> {
    return this.codec.pending(state);
  }
  step(stepId: number): StepRecord {
    return this.steps[stepId]!;
  }
  stepCount(): number {
    return this.steps.length;
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
    };
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

/** The world after a run's writes, as a reader that makes it only when first read. */
class LazyWorldReader implements WorldReader {
  constructor(private readonly out: ReconcileOutcome) {}
  get(kind: string, namespace: string, name: string): KubeObject | undefined {
    return this.out.world.get(kind, namespace, name);
  }
  list(kind: string): readonly KubeObject[] {
    return this.out.world.list(kind);
  }
  all(): readonly KubeObject[] {
    return this.out.world.all();
  }
  findByUid(uid: string): WorldEntry | undefined {
    return this.out.world.findByUid(uid);
  }
  dependentsOf(ownerUid: string): readonly WorldEntry[] {
    return this.out.world.dependentsOf(ownerUid);
  }
}

const NO_PREFIX: readonly number[] = [];
