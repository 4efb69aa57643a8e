import type { Core } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { World } from "../apiserver/world.ts";
import { garbageCollectorRegistration } from "../controllers/garbageCollector.ts";
import { KameraError } from "../kameraError.ts";
import { parseKind } from "../kinds.ts";
import { loadHasher, type Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString, parseObjectKeyString, type ObjectKey } from "../objects/objectKey.ts";
import { VersionTable } from "../objects/versionTable.ts";
import type { ExploreStats, PendingReconcile } from "./exploreResult.ts";
import type { StateOutcome, StepRecord } from "./resultGraph.ts";
import { ChoiceDriver, siblingPrefixes } from "./choiceDriver.ts";
import type { ControllerRegistration } from "../controllerRegistration.ts";
import type { ExplorerConfig } from "./explorerBuilder.ts";
import type { ExploreOptions, NondeterminismReport } from "./exploreOptions.ts";
import { buildInitialWorld } from "./initialWorld.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { Interner } from "./interner.ts";
import { evaluateInvariant } from "./invariant.ts";
import { ReconcileMemo, type MemoOutcome, type ReconcileTrace } from "./reconcileMemo.ts";
import { runReconcile, type ReconcileOutcome, type ReconcileRunInput } from "./reconcileRun.ts";
import type { SearchStrategy } from "./searchStrategy.ts";
import { StalenessModel, type Snapshot, type StaleState, type ViewChoice } from "./staleness.ts";
import { stateViewOf } from "./stateView.ts";
import { TriggerIndex } from "./triggerIndex.ts";

/** Per-state status kept beside the core. */
export const enum Status {
  Open = 0,
  Expanded = 1,
  Converged = 2,
  Aborted = 3,
  /** Not expanded because it lies at max depth; re-opened if a shorter path is found. */
  Cutoff = 4,
}

interface RequestEntry extends PendingReconcile {
  reg: number;
}

const EMPTY = new Uint32Array(0);

/** Reads the reconcile memo records at most (a bound on its memory: a few hundred MB at worst). */
const MEMO_MAX_READS = 1 << 22;

/** A reconcile's outcome, with how it was obtained: run and traced, or replayed from the memo. */
interface Ran extends ReconcileOutcome {
  trace?: ReconcileTrace;
  replayed?: MemoOutcome;
}

/**
 * One exploration: the core plus the host-side tables (keys, versions, requests, steps, per-state
 * server bookkeeping and outcomes). `Explorer.explore` creates one per call.
 */
export class Exploration {
  core!: Core;
  hasher!: Hasher;
  versions!: VersionTable;
  readonly keys = new Interner<ObjectKey>();
  readonly requests = new Interner<RequestEntry>();
  readonly steps: StepRecord[] = [];
  readonly status: number[] = [];
  readonly knownDepth: number[] = [];
  readonly metas: ServerMeta[] = [];
  readonly staleStates: StaleState[] = [];
  stale!: StalenessModel;
  readonly outcomes = new Map<number, StateOutcome>();
  readonly nondeterministic: NondeterminismReport[] = [];
  readonly regs: ControllerRegistration[];
  private readonly triggers: TriggerIndex;
  /** `reduceNoOps`: requests known to write at a state's world, handed along no-op edges (which keep the world). */
  private readonly knownEffectful = new Map<number, Set<number>>();
  readonly maxDepth: number;
  private readonly search: SearchStrategy | undefined;
  reconcilesExecuted = 0;
  reconcilesReplayed = 0;
  /** Reconcile memoization; off with staleness (views differ from the true world) and with the determinism check. */
  memo: ReconcileMemo | undefined;
  statesExpanded = 0;
  stopReason: string | undefined;
  startedAt = 0;
  durationMs = 0;

  constructor(
    readonly config: ExplorerConfig,
    readonly opts: ExploreOptions,
  ) {
    this.regs = [...config.registrations];
    if (config.garbageCollector) this.regs.push(garbageCollectorRegistration());
    this.triggers = new TriggerIndex(this.regs);
    this.maxDepth = opts.maxDepth ?? config.maxDepth;
    this.search = typeof opts.strategy === "object" ? opts.strategy : undefined;
  }

  async run(initial: InitialState): Promise<void> {
    this.validateOptions();
    this.startedAt = performance.now();
    const strategy = this.opts.strategy ?? "dfs";
    this.hasher = await loadHasher();
    this.versions = new VersionTable(this.hasher, (kind) => this.config.masks.get(kind) ?? []);
    this.stale = new StalenessModel(this.config.staleness, this.regs, (kind, objects, revision) => this.snapshotOf(kind, objects, revision));
    if (this.opts.memoizeReconciles !== false && !this.opts.determinismCheck && !this.stale.enabled) this.memo = new ReconcileMemo(this.versions, MEMO_MAX_READS);
    this.core = await createCore({
      engine: this.opts.engine ?? "wasm",
      frontier: typeof strategy === "object" ? "priority" : strategy,
      seed: this.opts.seed ?? 1,
      expectedStates: Math.min(this.opts.maxStates ?? 1 << 16, 1 << 22),
    });
    try {
      await this.explore(initial);
    } finally {
      this.durationMs = performance.now() - this.startedAt;
    }
  }

  private validateOptions(): void {
    const o = this.opts;
    const s = o.strategy;
    if (s !== undefined && s !== "dfs" && s !== "bfs" && s !== "random" && (typeof s !== "object" || typeof s.priority !== "function")) {
      throw new KameraError(`strategy must be "dfs", "bfs", "random" or an object with a priority(entry) function, got ${JSON.stringify(s)}`);
    }
    for (const [name, v] of [["maxStates", o.maxStates], ["timeoutMs", o.timeoutMs], ["maxDepth", o.maxDepth], ["reconcileTimeoutMs", o.reconcileTimeoutMs], ["pathCap", o.pathCap]] as const) {
      if (v !== undefined && (typeof v !== "number" || !(v >= 0))) throw new KameraError(`${name} must be a non-negative number, got ${JSON.stringify(v)}`);
    }
    if (o.engine !== undefined && o.engine !== "wasm" && o.engine !== "reference") {
      throw new KameraError(`engine must be "wasm" or "reference", got ${JSON.stringify(o.engine)}`);
    }
  }

  private keyId(kind: string, namespace: string, name: string): number {
    return this.keys.intern(objectKeyString(kind, namespace, name), () => ({ kind, namespace, name }), (id) =>
      this.core.registerKey(id, this.hasher.hash64(objectKeyString(kind, namespace, name))),
    );
  }

  private versionId(kind: string, obj: object): number {
    const before = this.versions.size;
    const id = this.versions.intern(kind, obj);
    if (this.versions.size > before) this.core.registerVersion(id, this.versions.hash(id));
    return id;
  }

  /** A history position of one kind, identified by the content hashes of its objects. */
  private snapshotOf(kind: string, objects: readonly KubeObject[], revision: number): Snapshot {
    let text = kind;
    const interned: KubeObject[] = [];
    for (const o of objects) {
      const id = this.versions.intern(kind, o);
      text += `,${this.versions.hash(id).toString(16)}`;
      interned.push(this.versions.object(id));
    }
    return { hash: this.hasher.hash64(text), revision, objects: interned };
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

  requestId(reg: number, namespace: string, name: string): number {
    const reconcilerId = this.regs[reg]!.id;
    const text = `${reconcilerId}\u0000${namespace}\u0000${name}`;
    return this.requests.intern(text, () => ({ reg, reconcilerId, request: { namespace, name } }), (id) =>
      this.core.registerRequest(id, this.hasher.hash64(text)),
    );
  }

  /** The true world of a state, rebuilt from its slots. */
  world(state: number): World {
    const slots = this.core.slots(state);
    const entries: [string, object][] = [];
    for (let i = 0; i < slots.length; i += 2) {
      entries.push([this.keys.get(slots[i]!).kind, this.versions.object(slots[i + 1]!)]);
    }
    return World.fromObjects(entries as never);
  }

  pendingOf(state: number): PendingReconcile[] {
    const out = [...this.core.pending(state)].map((r) => {
      const e = this.requests.get(r);
      return { reconcilerId: e.reconcilerId, request: { ...e.request } };
    });
    out.sort(
      (a, b) =>
        cmp(a.reconcilerId, b.reconcilerId) || cmp(a.request.namespace, b.request.namespace) || cmp(a.request.name, b.request.name),
    );
    return out;
  }

  private regIndex(id: string): number {
    const i = this.regs.findIndex((r) => r.id === id);
    if (i < 0) throw new KameraError(`unknown reconciler id "${id}" in the initial state; registered: ${this.regs.map((r) => r.id).join(", ")}`);
    return i;
  }

  private setStatus(state: number, status: Status, depth: number): void {
    this.status[state] = status;
    this.knownDepth[state] = depth;
  }

  private checkInvariants(state: number, world: World, when: "always" | "converged"): boolean {
    const invs = this.config.invariants.filter((i) => i.when === when);
    if (invs.length === 0) return true;
    const view = stateViewOf(world, () => this.pendingOf(state), (k) => void parseKind(k));
    const failed: { invariant: string; message: string }[] = [];
    for (const inv of invs) {
      const message = evaluateInvariant(inv, view);
      if (message !== undefined) failed.push({ invariant: inv.name, message });
    }
    if (failed.length === 0) return true;
    this.status[state] = Status.Aborted;
    this.outcomes.set(state, { kind: "aborted", reason: "invariant", error: failed.map((f) => `${f.invariant}: ${f.message}`).join("; "), violations: failed });
    return false;
  }

  private async explore(initial: InitialState): Promise<void> {
    const { world, meta, history } = await buildInitialWorld(this.config.kinds, initial, this.hasher);
    const slots: number[] = [];
    for (const { key, kind, object } of world.entries()) {
      const { namespace, name } = parseObjectKeyString(key);
      slots.push(this.keyId(kind, namespace, name), this.versionId(kind, object));
    }
    const pending = new Set<number>();
    for (const p of initial.pending) pending.add(this.requestId(this.regIndex(p.reconcilerId), p.request.namespace, p.request.name));
    const stale0 = this.stale.initial(
      new Map([...history].map(([kind, entries]) => [kind, entries.map((e) => this.snapshotOf(kind, e.objects, e.revision))])),
    );
    const s0 = this.core.addInitial(new Uint32Array(slots), sortedIds(pending), this.stale.enabled ? this.stale.encode(stale0) : EMPTY);
    this.metas[s0] = meta;
    this.staleStates[s0] = stale0;
    this.setStatus(s0, Status.Open, 0);
    this.checkInvariants(s0, world, "always");

    const deadline = this.opts.timeoutMs !== undefined ? performance.now() + this.opts.timeoutMs : Infinity;
    const progressEvery = this.opts.progressIntervalMs ?? 200;
    let lastProgress = performance.now();
    let lastYield = lastProgress;
    for (;;) {
      if (this.opts.signal?.aborted) {
        this.stopReason = "signal";
        break;
      }
      if (this.opts.maxStates !== undefined && this.core.stateCount() >= this.opts.maxStates && this.core.frontierSize() > 0) {
        this.stopReason = "maxStates";
        break;
      }
      const now = performance.now();
      if (now > deadline) {
        this.stopReason = "timeout";
        break;
      }
      if (now - lastYield > 25) {
        // Let timers, signals and Ctrl-C handlers run during long synchronous stretches.
        await new Promise((r) => setImmediate(r));
        lastYield = performance.now();
      }
      if (this.opts.onProgress && now - lastProgress >= progressEvery) {
        lastProgress = now;
        this.opts.onProgress(this.stats());
      }
      const s = this.core.next();
      if (s < 0) break;
      if (this.status[s] !== Status.Open) continue;
      await this.expand(s);
    }
    this.durationMs = performance.now() - this.startedAt;
    this.opts.onProgress?.(this.stats());
  }

  private async expand(s: number): Promise<void> {
    const depth = this.core.depth(s);
    const pendingIds = this.core.pending(s);
    if (pendingIds.length === 0) {
      this.setStatus(s, Status.Converged, depth);
      this.checkInvariants(s, this.world(s), "converged");
      return;
    }
    if (depth >= this.maxDepth) {
      this.setStatus(s, Status.Cutoff, depth);
      return;
    }
    this.statesExpanded++;
    this.setStatus(s, Status.Expanded, depth);
    const world = this.world(s);
    const meta = this.metas[s]!;
    const now = new Date(depth * this.config.tickMs);
    if (this.opts.reduceNoOps && !this.stale.enabled && (await this.expandReduced(s, pendingIds, world, meta, now))) return;
    for (let i = 0; i < pendingIds.length; i++) {
      const r = pendingIds[i]!;
      const entry = this.requests.get(r);
      const base = new Set<number>();
      for (let j = 0; j < pendingIds.length; j++) if (j !== i) base.add(pendingIds[j]!);
      for (const view of this.stale.views(this.staleStates[s]!, entry.reg)) await this.runView(s, r, base, entry, world, meta, now, view);
    }
  }

  /**
   * `reduceNoOps`: runs the pending reconciles in content order until one writes nothing, and
   * makes that the only successor. Requests already known to write at this world (tried at the
   * parent before its no-op) are not run again: skipping them does not change which no-op comes
   * first. If every reconcile writes, the state is expanded fully, reusing the runs made here.
   * Returns false (expand the usual way) when a reconcile uses `ctx.choose`.
   */
  private async expandReduced(s: number, pendingIds: Uint32Array, world: World, meta: ServerMeta, now: Date): Promise<boolean> {
    const known = this.knownEffectful.get(s) ?? new Set<number>();
    this.knownEffectful.delete(s);
    const order = [...pendingIds].sort((a, b) => {
      const x = this.requests.get(a);
      const y = this.requests.get(b);
      return cmp(x.reconcilerId, y.reconcilerId) || cmp(x.request.namespace, y.request.namespace) || cmp(x.request.name, y.request.name);
    });
    const baseWithout = (r: number) => {
      const base = new Set<number>();
      for (const p of pendingIds) if (p !== r) base.add(p);
      return base;
    };
    // Without staleness a reconciler has exactly one view: the true world.
    const viewOf = (entry: RequestEntry) => this.stale.views(this.staleStates[s]!, entry.reg)[0]!;
    const ran = new Map<number, Ran>();
    for (const r of order) {
      if (known.has(r)) continue;
      const entry = this.requests.get(r);
      const out = await this.reconcile(r, {
        reg: this.regs[entry.reg]!,
        request: entry.request,
        view: world,
        trueWorld: world,
        meta,
        now,
        kinds: this.config.kinds,
        hasher: this.hasher,
        prefix: [],
        timeoutMs: this.opts.reconcileTimeoutMs ?? 5_000,
      });
      if (out.choices.counts.length > 0) return false;
      if (out.effects.length > 0 || out.error !== undefined || out.requeue) {
        known.add(r);
        ran.set(r, out);
        continue;
      }
      const before = this.core.stateCount();
      this.addTransition(s, r, baseWithout(r), entry, out, viewOf(entry));
      if (this.core.stateCount() > before) {
        known.delete(r);
        this.knownEffectful.set(before, known);
      }
      return true;
    }
    for (const r of pendingIds) {
      const entry = this.requests.get(r);
      const out = ran.get(r);
      if (out) this.addTransition(s, r, baseWithout(r), entry, out, viewOf(entry));
      else await this.runView(s, r, baseWithout(r), entry, world, meta, now, viewOf(entry));
    }
    return true;
  }

  /** Runs one pending reconcile from one view, once per combination of its `ctx.choose` options. */
  private async runView(
    s: number,
    r: number,
    base: Set<number>,
    entry: RequestEntry,
    world: World,
    meta: ServerMeta,
    now: Date,
    view: ViewChoice,
  ): Promise<void> {
    const reg = this.regs[entry.reg]!;
    const readWorld = this.viewWorld(world, view);
    {
      const prefixes: number[][] = [[]];
      while (prefixes.length > 0) {
        const prefix = prefixes.pop()!;
        const input = {
          reg,
          request: entry.request,
          view: readWorld,
          trueWorld: world,
          meta,
          now,
          kinds: this.config.kinds,
          hasher: this.hasher,
          prefix,
          timeoutMs: this.opts.reconcileTimeoutMs ?? 5_000,
        };
        const out = await this.reconcile(r, input);
        if (this.opts.determinismCheck) await this.checkDeterminism(s, input, out);
        for (const p of siblingPrefixes(prefix.length, out.choices.taken, out.choices.counts)) prefixes.push(p);
        this.addTransition(s, r, base, entry, out, view);
      }
    }
  }

  /**
   * One reconcile of request `r`: replayed from the memo when an earlier run asked this state's
   * questions and got the same answers, else run (and traced, when memoizing and no choices are replayed).
   */
  private async reconcile(r: number, input: ReconcileRunInput): Promise<Ran> {
    const memo = this.memo;
    if (memo === undefined || input.prefix.length > 0) {
      this.reconcilesExecuted++;
      return runReconcile(input);
    }
    const hit = memo.lookup(r, input.trueWorld, input.meta, input.now.getTime());
    if (hit !== undefined) {
      this.reconcilesReplayed++;
      return this.replay(hit, input);
    }
    const trace = memo.trace();
    const out: Ran = await runReconcile({ ...input, recorder: trace });
    this.reconcilesExecuted++;
    if (out.choices.counts.length === 0 && !out.timedOut) out.trace = trace;
    return out;
  }

  /** The outcome a recorded run stands for, on this state's world and bookkeeping. */
  private replay(hit: MemoOutcome, input: ReconcileRunInput): Ran {
    let world = input.trueWorld;
    if (hit.changedKeys.length > 0) {
      const changes = new Map<string, KubeObject | undefined>();
      for (let i = 0; i < hit.changedKeys.length; i++) {
        const v = hit.changed[2 * i + 1]!;
        changes.set(hit.changedKeys[i]!, v === 0 ? undefined : this.versions.object(v));
      }
      world = world.with(changes);
    }
    let incarnations = input.meta.incarnations;
    if (hit.created.length > 0) {
      const next = new Map(incarnations);
      for (const [key, n] of hit.created) next.set(key, (next.get(key) ?? 0) + n);
      incarnations = next;
    }
    const out: Ran = {
      effects: hit.effects,
      world,
      meta: { revision: input.meta.revision + hit.revisions, incarnations },
      requeue: hit.requeue,
      choices: new ChoiceDriver([]),
      logs: hit.logs,
      replayed: hit,
    };
    if (hit.error !== undefined) out.error = hit.error;
    if (hit.errorDetail !== undefined) out.errorDetail = hit.errorDetail;
    if (hit.requeueAfter !== undefined) out.requeueAfter = hit.requeueAfter;
    return out;
  }

  /** Keeps a traced run in the memo; `changed` is what the run did to the state, as `[keyId, versionId]` pairs. */
  private remember(r: number, s: number, out: Ran, changed: number[]): MemoOutcome {
    const parent = this.metas[s]!;
    const created: [string, number][] = [];
    if (out.meta.incarnations !== parent.incarnations) {
      for (const [key, n] of out.meta.incarnations) {
        const before = parent.incarnations.get(key) ?? 0;
        if (n !== before) created.push([key, n - before]);
      }
    }
    const changedKeys: string[] = [];
    for (let i = 0; i < changed.length; i += 2) {
      const k = this.keys.get(changed[i]!);
      changedKeys.push(objectKeyString(k.kind, k.namespace, k.name));
    }
    const outcome: MemoOutcome = {
      effects: out.effects,
      changed,
      changedKeys,
      revisions: out.meta.revision - parent.revision,
      created,
      requeue: out.requeue,
      logs: out.logs,
    };
    if (out.error !== undefined) outcome.error = out.error;
    if (out.errorDetail !== undefined) outcome.errorDetail = out.errorDetail;
    if (out.requeueAfter !== undefined) outcome.requeueAfter = out.requeueAfter;
    if (!this.memo!.insert(r, out.trace!, outcome)) this.reportDivergence(r, s);
    return outcome;
  }

  /** Two runs of a request asked different questions after getting the same answers: the reconciler is nondeterministic. */
  private reportDivergence(r: number, s: number): void {
    const d = this.memo!.divergences.at(-1)!;
    const entry = this.requests.get(r);
    if (this.nondeterministic.some((n) => n.reconcilerId === entry.reconcilerId)) return;
    this.nondeterministic.push({
      kind: "reads",
      reconcilerId: entry.reconcilerId,
      request: { ...entry.request },
      stateId: this.core.fingerprint(s).toString(16).padStart(16, "0"),
      first: `an earlier run, after the same reads, read next: ${d.first}`,
      second: `this run read next: ${d.second}`,
    });
  }

  private addTransition(s: number, r: number, base: Set<number>, entry: RequestEntry, out: Ran, view: ViewChoice): void {
    const pending = new Set(base);
    const staleAfter = this.stale.enabled ? this.stale.afterWrites(view.cursorsAfter, out.effects) : view.cursorsAfter;
    const skip = this.stale.enabled ? (reg: number, kind: string) => this.stale.isPinned(staleAfter, reg, kind) : undefined;
    let changed: number[];
    let remembered: MemoOutcome | undefined = out.replayed;
    if (out.replayed) {
      changed = out.replayed.changed;
    } else {
      changed = [];
      const seenKeys = new Set<number>();
      for (const effect of out.effects) {
        const k = this.keyId(effect.kind, effect.namespace, effect.name);
        if (seenKeys.has(k)) continue;
        seenKeys.add(k);
        const now = out.world.get(effect.kind, effect.namespace, effect.name);
        changed.push(k, now ? this.versionId(effect.kind, now) : 0);
      }
      if (out.trace) remembered = this.remember(r, s, out, changed);
    }
    for (const effect of out.effects) {
      for (const t of this.triggers.triggered(effect, out.world, skip)) pending.add(this.requestId(t.reconciler, t.request.namespace, t.request.name));
    }
    if (out.error !== undefined || out.requeue) pending.add(r);
    // Every replay of a recorded run is the same step: one shared record keeps a large graph's steps small.
    let step = remembered?.step;
    if (step === undefined) {
      step = { reconcilerId: entry.reconcilerId, request: entry.request, effects: out.effects };
      if (out.error !== undefined) step.error = out.error;
      if (out.requeue) step.requeue = true;
      if (out.requeueAfter !== undefined) step.requeueAfter = out.requeueAfter;
      if (out.choices.taken.length) step.choices = out.choices.describe();
      if (view.staleView) step.staleView = view.staleView;
      if (remembered) remembered.step = step;
    }
    const stepId = this.steps.length;
    this.steps.push(step);
    const pendingAfter = sortedIds(pending);
    const priority = this.search ? this.priorityOf(s, pendingAfter.length, out) : undefined;
    const { stateId: child, isNew } = this.core.addSuccessor(
      s,
      stepId,
      new Uint32Array(changed),
      pendingAfter,
      this.stale.enabled ? this.stale.encode(staleAfter) : EMPTY,
      priority,
    );
    if (isNew) {
      this.metas[child] = out.meta;
      this.staleStates[child] = staleAfter;
      this.setStatus(child, Status.Open, this.core.depth(child));
      if (!this.checkInvariants(child, out.world, "always")) return;
    }
    // abortOnError ends the branch at the failing step, even when the step led back to a known
    // state (a throw that wrote nothing leaves the state as it was: a self-loop).
    if (out.error !== undefined && this.opts.abortOnError && !this.outcomes.has(child)) {
      this.status[child] = Status.Aborted;
      this.outcomes.set(child, {
        kind: "aborted",
        reason: "error",
        error: out.errorDetail ?? out.error,
        failedReconcile: { reconcilerId: entry.reconcilerId, request: { ...entry.request } },
      });
    }
    if (isNew) return;
    const d = this.core.depth(child);
    if (d < this.knownDepth[child]!) this.relax(child, d);
  }

  /** A shorter path reached `state`: lower depths below it and re-open states cut off at max depth. */
  private relax(state: number, depth: number): void {
    const queue: number[] = [state];
    this.knownDepth[state] = depth;
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const d = this.knownDepth[s]!;
      if (this.status[s] === Status.Cutoff && d < this.maxDepth) {
        this.status[s] = Status.Open;
        this.core.push(s);
        continue;
      }
      if (this.status[s] !== Status.Expanded) continue;
      const succ = this.core.successors(s);
      for (let i = 0; i < succ.length; i++) {
        const to = this.core.edge(succ[i]!)[1];
        if (d + 1 < this.knownDepth[to]!) {
          this.knownDepth[to] = d + 1;
          this.core.setDepth(to, d + 1);
          queue.push(to);
        }
      }
    }
  }

  private priorityOf(parent: number, pendingCount: number, out: ReconcileOutcome): number {
    const p = this.search!.priority({
      stateId: "",
      depth: this.core.depth(parent) + 1,
      pendingCount,
      objectCount: out.world.size,
      reconcilerId: "",
      effectCount: out.effects.length,
    });
    if (typeof p !== "number" || Number.isNaN(p)) throw new KameraError(`the search strategy's priority() returned ${JSON.stringify(p)}; expected a number`);
    return p;
  }

  private async checkDeterminism(s: number, input: Parameters<typeof runReconcile>[0], first: ReconcileOutcome): Promise<void> {
    const again = await runReconcile({ ...input, prefix: first.choices.taken });
    const a = JSON.stringify({ effects: first.effects, error: first.error ?? null, requeue: first.requeue });
    const b = JSON.stringify({ effects: again.effects, error: again.error ?? null, requeue: again.requeue });
    if (a === b) return;
    if (this.nondeterministic.some((n) => n.reconcilerId === input.reg.id)) return;
    this.nondeterministic.push({
      kind: "writes",
      reconcilerId: input.reg.id,
      request: { ...input.request },
      stateId: this.core.fingerprint(s).toString(16).padStart(16, "0"),
      first: a,
      second: b,
    });
  }

  /** Running counters. */
  stats(): ExploreStats {
    const unique = this.core.stateCount();
    const durationMs = (this.durationMs || performance.now() - this.startedAt) || 0;
    let converged = 0;
    let aborted = 0;
    for (let s = 0; s < unique; s++) {
      if (this.status[s] === Status.Converged) converged++;
      else if (this.status[s] === Status.Aborted || this.status[s] === Status.Cutoff) aborted++;
    }
    let maxDepth = 0;
    for (let s = 0; s < unique; s++) if (this.knownDepth[s]! > maxDepth) maxDepth = this.knownDepth[s]!;
    return {
      statesVisited: this.statesExpanded,
      uniqueStates: unique,
      transitions: this.core.edgeCount(),
      reconcilesExecuted: this.reconcilesExecuted,
      reconcilesReplayed: this.reconcilesReplayed,
      maxDepth,
      durationMs,
      statesPerSecond: durationMs > 0 ? (unique / durationMs) * 1000 : 0,
      frontierSize: this.core.frontierSize(),
      collisionProbability: (unique * unique) / 2 ** 65,
      convergedCount: converged,
      abortedCount: aborted,
      engine: this.core.engine,
    };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function sortedIds(ids: Set<number>): Uint32Array {
  const out = Uint32Array.from(ids);
  out.sort();
  return out;
}
