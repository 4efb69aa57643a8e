import type { AddResult } from "../../bindings/core.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import type { World } from "../apiserver/world.ts";
import { AsleepStep } from "./asleepStep.ts";
import { emptyFootprint, FootprintRecorder, type Footprint } from "./footprint.ts";
import type { KubernetesTransition } from "./kubernetesTransition.ts";
import type { Ran } from "./memoizedReconciles.ts";
import { pendingHas, type PartialOrderReduction } from "./partialOrderReduction.ts";
import type { ReconcileRunInput } from "./reconcileRun.ts";
import { SleepSets, type SleepingRun } from "./sleepSet.ts";
import type { ViewChoice } from "./staleness.ts";
import type { StateSlots } from "./stateSlots.ts";

/** What an expansion asks of the model it expands a state of: its memo, its runs, its transitions. */
export interface PorModel {
  /** Whether runs are memoized (their reads are then the memo trace's, not recorded here). */
  readonly memoize: boolean;
  readonly determinismCheck: boolean;
  /** State `s`, loaded (the load of the state being expanded is kept). */
  load(s: number): StateSlots;
  replayOn(r: number, slots: StateSlots, meta: ServerMeta, nowMs: number): Ran | undefined;
  runInput(s: number, r: number, world: World, meta: ServerMeta, now: Date): ReconcileRunInput;
  run(r: number, input: ReconcileRunInput): Promise<Ran>;
  checkDeterminism(s: number, input: ReconcileRunInput, out: Ran): Promise<void>;
  /** The transition of pending `r`'s run at `s` and the run's footprint. */
  make(s: number, r: number, pendingIds: Uint32Array, out: Ran, view: ViewChoice, recorder: FootprintRecorder | undefined): { transition: KubernetesTransition; fp: Footprint };
  /** The successor made from `r`'s run asleep at `s`, when it is a known state (see `KubernetesModel.addAsleep`). */
  addAsleep(s: number, r: number, pendingIds: Uint32Array, z: SleepingRun<AsleepStep>, add: (via: KubernetesTransition) => AddResult): { added: AddResult; pending: Uint32Array } | undefined;
  /** Every combination of `r`'s `ctx.choose` options run at `s`; false if `shouldStop` cut it short. */
  runChoices(
    s: number,
    r: number,
    pendingIds: Uint32Array,
    meta: ServerMeta,
    now: Date,
    view: ViewChoice,
    add: (via: KubernetesTransition) => AddResult,
    shouldStop: () => boolean | Promise<boolean>,
  ): Promise<boolean>;
}

/** A run that writes, whose footprint is not revealed to the reduction yet (see `PorExpansion.deferred`). */
interface DeferredRun {
  out: Ran;
  recorder: FootprintRecorder | undefined;
  made?: { transition: KubernetesTransition; fp: Footprint };
}

/**
 * `reduction: "por"`: the expansion of one state. Adds only the runs of a stubborn set
 * (`PartialOrderReduction`), running only the reconciles the closures tried need (each run widens
 * the bound with what it touched). Every successor is added when no closure is smaller than the
 * pending set (a visible run, a reconcile using `ctx.choose`, conflicts all round) or when a chosen
 * run loops back to the state. A reduced state reopened when the search ends gets the successors it
 * was spared. A run asleep here (`SleepSets`) is not run again when the state it leads to is
 * already known. A class, not closures over the expansion's locals: one object per state, where
 * closures cost a function (and, named, a property definition) each per state.
 */
export class PorExpansion {
  private readonly made = new Map<number, KubernetesTransition>();
  private readonly exact = new Map<number, Footprint>();
  /** Requests that must not be left out: visible runs, and runs with `ctx.choose` (their footprint is unknown). */
  private readonly blocked = new Set<number>();
  private readonly ran = new Set<number>();
  /** The runs known here that may sleep in the successors: those made here and those asleep here. */
  private readonly known = new Map<number, SleepingRun<AsleepStep>>();
  /** The edges added, for handing the successors their sleep sets. */
  private readonly edges: { request: number; fp: Footprint; pending: Uint32Array; added: AddResult }[] = [];
  /**
   * Runs that write, whose footprint is not revealed to the reduction yet: what they enqueue
   * (which the trigger functions decide on the world after the writes, the costliest part of a
   * transition) is known only once their transition is made, and it is made only when a closure
   * needs their footprint. A run the memo must keep has its transition made at once (keeping it
   * is part of making it) but revealed only when needed too, so that what the reduction sees,
   * and so the reduced graph, is the same with memoization and without.
   */
  private readonly deferred = new Map<number, DeferredRun>();

  constructor(
    private readonly model: PorModel,
    private readonly por: PartialOrderReduction,
    private readonly sleep: SleepSets<AsleepStep> | undefined,
    private readonly s: number,
    private readonly pendingIds: Uint32Array,
    private readonly meta: ServerMeta,
    private readonly now: Date,
    private readonly view: ViewChoice,
    /** With a reopened state: the reconciles already expanded there. */
    private readonly spared: ReadonlySet<number> | undefined,
    /** The runs asleep here. */
    private readonly asleep: ReadonlyMap<number, SleepingRun<AsleepStep>> | undefined,
    private readonly add: (via: KubernetesTransition) => AddResult,
    private readonly shouldStop: () => boolean | Promise<boolean>,
  ) {}

  async run(): Promise<void> {
    const { por, pendingIds, spared, asleep, exact, blocked, known, ran, deferred, s } = this;
    if (asleep !== undefined) {
      for (const [u, run] of asleep) {
        exact.set(u, run.fp);
        if (por.isVisible(run.fp, false)) blocked.add(u);
        known.set(u, run);
      }
    }
    // A request no run has shown yet would count as doing nothing: run it first.
    for (const r of pendingIds) {
      if (spared?.has(r) || por.knows(r)) continue;
      const ok = this.runOne(r);
      if (ok === false || (ok !== true && !(await ok))) return;
    }
    let chosen: number[] | undefined;
    if (spared === undefined && pendingIds.length > 1) {
      const order = por.seedOrder(pendingIds);
      // Most states of a large space have a run that changes nothing and that nothing pending can
      // disturb: a singleton. Whether a seed is one needs only its own footprint, and a run that
      // writes nothing has it without its transition: look the seeds up, in order, until one is.
      for (const seed of order) {
        if (!ran.has(seed)) {
          const ok = this.lookUp(seed);
          if (ok === false || (ok !== true && !(await ok))) return;
        }
        if (!exact.has(seed)) continue;
        if (por.isSingleton(seed, pendingIds, exact, blocked)) {
          chosen = [seed];
          por.noteSeed(seed, 1);
          break;
        }
      }
      // Else only the members of a closure are run: the seeds most likely to give a small set first.
      for (const seed of chosen === undefined ? order : []) {
        const limit = chosen?.length ?? pendingIds.length;
        let t = por.closure(seed, pendingIds, exact, blocked, limit);
        // Once a set is found, a seed whose closure needs another run is not worth that run.
        while (typeof t === "number" && (!ran.has(t) || deferred.has(t)) && chosen === undefined) {
          const ok = this.runOne(t);
          if (ok === false || (ok !== true && !(await ok))) return;
          t = por.closure(seed, pendingIds, exact, blocked, limit);
        }
        por.noteSeed(seed, t instanceof Set ? t.size : pendingIds.length);
        if (t instanceof Set && (chosen === undefined || t.size < chosen.length)) chosen = [...pendingIds].filter((r) => t.has(r));
        if (chosen?.length === 1) break;
      }
    }
    if (chosen !== undefined) {
      let selfLoop = false;
      for (const r of chosen) {
        let added = this.addRun(r);
        if (added instanceof Promise) added = await added;
        if (added === false) return;
        if (added?.stateId === s) selfLoop = true;
      }
      // A cycle of reduced states is broken when the search ends (`reopen`); a self-loop is one already.
      if (!selfLoop) {
        por.recordReduced(s, pendingIds, new Map(chosen.map((r) => [r, exact.get(r)!])));
        this.handSleepSets();
        return;
      }
    }
    const done = new Set(chosen);
    for (const r of pendingIds) {
      if (done.has(r) || spared?.has(r)) continue;
      const added = this.addRun(r);
      if (added === false || (added instanceof Promise && (await added) === false)) return;
    }
    this.handSleepSets();
  }

  // Looks one pending reconcile up in the memo, or runs it (once: the first combination of its
  // choices); false if `shouldStop` says so. A run that writes nothing is revealed at once (its
  // footprint is its reads); one that writes waits for `runOne`. Answered at once, not as a
  // promise, when the memo has the run and `shouldStop` answers at once (as with `runOne` and
  // `addRun`): a promise per replay would cost more than the replay.
  private lookUp(r: number): boolean | Promise<boolean> {
    const shouldStop = this.shouldStop;
    const stop = shouldStop();
    if (stop === false) return this.lookUpNow(r);
    if (stop === true) return false;
    return stop.then((stopped) => !stopped && this.lookUpNow(r));
  }

  private lookUpNow(r: number): boolean | Promise<boolean> {
    this.ran.add(r);
    // The memo answers from the state's slots; the world is made only for a reconcile that must run.
    const slots = this.model.load(this.s);
    const replay = this.model.memoize ? this.model.replayOn(r, slots, this.meta, this.now.getTime()) : undefined;
    return replay !== undefined ? this.settle(r, replay, undefined) : this.runNow(r, slots);
  }

  private async runNow(r: number, slots: StateSlots): Promise<boolean> {
    const world = slots.world();
    const input = this.model.runInput(this.s, r, world, this.meta, this.now);
    // With memoization the memo's own trace records the reads.
    let recorder: FootprintRecorder | undefined;
    if (!this.model.memoize) {
      const rec = (recorder = new FootprintRecorder());
      input.interceptReads = (reader) => rec.reads(reader);
    }
    const out = await this.model.run(r, input);
    if (this.model.determinismCheck) await this.model.checkDeterminism(this.s, input, out);
    return this.settle(r, out, recorder);
  }

  private settle(r: number, out: Ran, recorder: FootprintRecorder | undefined): true {
    if (out.choices.counts.length > 0 && !out.timedOut) {
      // Each combination of choices is a transition of its own (made by `runView`): their footprints are not known.
      this.blocked.add(r);
      this.por.observe(r, { ...emptyFootprint(), unknown: true });
      return true;
    }
    if (isNoOpOutcome(out)) this.reveal(r, this.make(r, out, recorder));
    // A traced run is kept in the memo when its transition is made, before the next run replaces it as the memo's last.
    else this.deferred.set(r, { out, recorder, made: out.trace !== undefined ? this.make(r, out, recorder) : undefined });
    return true;
  }

  private make(r: number, out: Ran, recorder: FootprintRecorder | undefined): { transition: KubernetesTransition; fp: Footprint } {
    return this.model.make(this.s, r, this.pendingIds, out, this.view, recorder);
  }

  // The run's footprint widens the bound and may be compared here from now on.
  private reveal(r: number, { transition, fp }: { transition: KubernetesTransition; fp: Footprint }): void {
    this.por.observe(r, fp);
    this.made.set(r, transition);
    this.exact.set(r, fp);
    if (this.por.isVisible(fp, transition.failure !== undefined)) this.blocked.add(r);
    if (this.sleep !== undefined && transition.failure === undefined && SleepSets.canSleep(fp)) {
      this.known.set(r, { fp, transition: new AsleepStep(transition), staysPending: pendingHas(transition.pending, r) });
    }
  }

  // Makes sure pending `r` has a footprint here (`exact`), or is blocked; false if `shouldStop` says so.
  private runOne(r: number): boolean | Promise<boolean> {
    if (!this.ran.has(r)) {
      const looked = this.lookUp(r);
      if (looked === false) return false;
      if (looked !== true) return looked.then((ok) => ok && this.revealDeferred(r));
    }
    return this.revealDeferred(r);
  }

  private revealDeferred(r: number): true {
    const d = this.deferred.get(r);
    if (d !== undefined) {
      this.deferred.delete(r);
      this.reveal(r, d.made ?? this.make(r, d.out, d.recorder));
    }
    return true;
  }

  // Adds the successor of pending `r` (made from its run asleep here, or by its run): undefined for
  // the successors of a run with `ctx.choose`, false if `shouldStop` says so.
  private addRun(r: number): AddResult | undefined | false | Promise<AddResult | undefined | false> {
    const z = this.asleep?.get(r);
    if (z !== undefined && (!this.ran.has(r) || this.deferred.has(r))) {
      const woken = this.model.addAsleep(this.s, r, this.pendingIds, z, this.add);
      if (woken !== undefined) {
        // `add` answers in one reused object: keep a copy for handing the sleep sets down.
        this.edges.push({ request: r, fp: z.fp, pending: woken.pending, added: { stateId: woken.added.stateId, isNew: woken.added.isNew } });
        return woken.added;
      }
    }
    const ok = this.runOne(r);
    if (ok === false) return false;
    return ok === true ? this.addMade(r) : ok.then((fine) => fine && this.addMade(r));
  }

  private addMade(r: number): AddResult | undefined | false | Promise<undefined | false> {
    const t = this.made.get(r);
    if (t === undefined) {
      // `ctx.choose`: every combination is a transition of its own (no sleep set is handed along them).
      return this.model.runChoices(this.s, r, this.pendingIds, this.meta, this.now, this.view, this.add, this.shouldStop).then((fine) => fine && undefined);
    }
    const add = this.add;
    const added = add(t);
    this.edges.push({ request: r, fp: this.exact.get(r)!, pending: t.pending, added: { stateId: added.stateId, isNew: added.isNew } });
    return added;
  }

  private handSleepSets(): void {
    const sleep = this.sleep;
    if (sleep === undefined) return;
    for (const e of this.edges) sleep.hand(e.added.stateId, e.added.isNew, e.pending, e.request, e.fp, this.known);
  }
}

/** A run that wrote nothing and is done with its request: its transition enqueues nothing and is cheap to make. */
function isNoOpOutcome(out: Ran): boolean {
  return out.effects.length === 0 && out.error === undefined && !out.requeue;
}
