import { ChunkedIntList } from "./chunkedIntList.ts";
import { CoreSearchGraph, type SearchGraph } from "./coreSearchGraph.ts";
import type { AddResult, Core, Engine, FrontierKind } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import type { StateOutcome } from "./stateOutcome.ts";

/**
 * The search loop, apart from what is searched: it pops states off the core's frontier, asks the
 * model for their successors, stops on a bound, and keeps per-state status and depth (the way
 * Stateright's `Checker` drives a `Model`, and TLC's worker calls `getNextStates`). The model
 * (`KubernetesModel`) knows what a state means; the checker knows only ids in the core.
 */

/**
 * Why a run stopped before its frontier emptied: the signal or `stop()`, the timeout, the state
 * bound, or (for a walk strategy, which never empties a frontier) its walks ran out.
 *
 * @example
 * ```ts
 * const { stopReason } = await explorer.explore(initial, { maxStates: 1000 }); // "maxStates" if the bound was hit
 * ```
 */
export type StopReason = "signal" | "timeout" | "maxStates" | "walks";

/** One transition a model hands the checker: the arguments of `Core.addSuccessor`. */
export interface Transition {
  step: number;
  changed: Uint32Array;
  pending: Uint32Array;
  cursors: Uint32Array;
  /** For the priority frontier. */
  priority?: number;
}

/** What a model is, to the checker. `T` is the model's transition (with whatever it needs to know of a new state). */
export interface Model<T extends Transition, S> {
  /** Adds the initial state to `core` (once, first) and returns its id. */
  initial(core: Core): Promise<number>;
  /** A final state is not expanded (for Kubernetes: nothing is pending, the state converged). */
  isFinal(state: number): boolean;
  /** Checks the properties of a final state; an outcome aborts it. */
  reachedFinal(state: number): StateOutcome | undefined;
  /** Takes note of a new state (`via` undefined for the initial one) and checks the properties of every state; an outcome aborts it. */
  discovered(state: number, via: T | undefined): StateOutcome | undefined;
  /** An outcome that ends the branch at the target of `via` (unless the target already has one). */
  failure(via: T): StateOutcome | undefined;
  /**
   * Hands every successor of `state` to `add`, which returns what the core made of it. Between
   * two successors that take time to make (each a reconcile), it awaits `shouldStop()` (a plain
   * boolean when no turn of the event loop is due, so that cheap successors need no promise) and
   * returns at once when that says true: the run's timeout passed or a stop was asked for. The checker
   * then ends the run with the partial graph, the state counted as not expanded. What `add`
   * returns is valid until its next call (the checker reuses one result).
   */
  successors(state: number, depth: number, add: (via: T) => AddResult, shouldStop: () => boolean | Promise<boolean>): void | Promise<void>;
  /** The run's counters, from the search's own. */
  stats(search: SearchStats): S;
  /**
   * Whether `state` can be expanded (default: always). A model that knows only part of the space
   * (the replay of a parallel run that was stopped early) says false for states it has no
   * successors of: they stay unexpanded.
   */
  expandable?(state: number): boolean;
  /**
   * Asked when the frontier is empty: expanded states to expand again (a reduction that finds a
   * choice it made no longer justified). The model then adds the successors it left out; the run
   * ends when this returns none.
   */
  reopen?(): number[];
}

/** Told of the search as it goes. Callbacks run synchronously inside the loop: keep them short. */
export interface CheckerObserver<S> {
  /** At most every `progressIntervalMs`, and once at the end. */
  progress?(stats: S): void;
  /** A state entered the graph (the initial state included). */
  state?(state: number): void;
  /** An edge entered the graph (ids are dense, in order). */
  edge?(edge: number): void;
}

/** Per-state status the checker keeps beside the core. */
export const enum Status {
  Open = 0,
  Expanded = 1,
  /** The model said final (converged). */
  Final = 2,
  Aborted = 3,
  /** Not expanded because it lies at max depth; re-opened if a shorter path is found. */
  Cutoff = 4,
}

export interface CheckerOptions<S> {
  engine: Engine;
  frontier: FrontierKind;
  seed: number;
  /** Sizes the core's tables up front. */
  expectedStates: number;
  /** States at this depth are not expanded (cut off; re-opened when a shorter path reaches them). */
  maxDepth: number;
  maxStates?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** How the loop lets timers, signals and messages run during long synchronous stretches (default: a `setImmediate` turn). */
  yieldToEventLoop?: () => Promise<void>;
  /** Yield after this many ms without one (default 25). */
  yieldEveryMs?: number;
  progressIntervalMs?: number;
  observers?: readonly CheckerObserver<S>[];
}

/** The search's own counters. */
export interface SearchStats {
  /** States expanded. */
  statesVisited: number;
  uniqueStates: number;
  transitions: number;
  maxDepth: number;
  durationMs: number;
  frontierSize: number;
  finalCount: number;
  /** Aborted or cut off at max depth. */
  abortedCount: number;
  engine: string;
}

/** How a run ended. */
export interface CheckerEnd {
  complete: boolean;
  stopReason?: StopReason;
}

export type { SearchGraph } from "./coreSearchGraph.ts";

/** A running search: its growing graph, its counters, a way to stop it, and its end. */
export interface CheckerRun<S> {
  readonly graph: SearchGraph;
  stats(): S;
  /** Stops at the next state (stop reason "signal"); `done` then resolves with the partial graph. */
  stop(): void;
  readonly done: Promise<CheckerEnd>;
}

// The outcomes of states that recorded none, shared (frozen): results read one per state of graphs of millions.
const CONVERGED: StateOutcome = Object.freeze({ kind: "converged" });
const EXPANDED: StateOutcome = Object.freeze({ kind: "expanded" });
const CUT_OFF: StateOutcome = Object.freeze({ kind: "aborted", reason: "max-depth" });
const UNEXPANDED: StateOutcome = Object.freeze({ kind: "unexpanded" });

const setImmediateTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Starts searching `model`. The returned handle is live at once (its graph is empty until the
 * core exists); `done` rejects only when the model throws, which is a bug or bad input.
 */
export function check<T extends Transition, S>(model: Model<T, S>, opts: CheckerOptions<S>): CheckerRun<S> {
  const search = new Search(model, opts);
  const done = search.run();
  // The caller may attach its handler later than the first turns of the loop.
  done.catch(() => undefined);
  return { graph: search, stats: () => search.stats(), stop: () => search.stop(), done };
}

class Search<T extends Transition, S> extends CoreSearchGraph {
  /** Per state, in typed chunks outside the heap (-1: no entry yet): one entry is added per new state, for millions of them. */
  private readonly status = new ChunkedIntList(-1);
  private readonly knownDepth = new ChunkedIntList(-1);
  private readonly outcomes = new Map<number, StateOutcome>();
  private statesExpanded = 0;
  private stopRequested = false;
  private readonly startedAt = performance.now();
  private durationMs = 0;
  private readonly onState: ((state: number) => void)[];
  private readonly onEdge: ((edge: number) => void)[];
  private readonly onProgress: ((stats: S) => void)[];
  /** Bound once: the model calls it for every transition. */
  private readonly add = (via: T): AddResult => this.addTransition(via);
  /** What `add` returns, reused: valid until the next `add` (models read it at once). */
  private readonly added: AddResult = { stateId: 0, isNew: false };
  private parent = -1;
  /** The core's depth of `parent`: a new child's depth is one more (the core's own rule), without asking the core. */
  private parentDepth = 0;
  private deadline = Infinity;
  private lastYield = performance.now();
  private readonly yieldToEventLoop: () => Promise<void>;
  private readonly yieldEvery: number;
  /** The model stopped expanding a state part way because `shouldStop` said so. */
  private interrupted = false;
  /** Bound once: the model calls it between successors; a promise only when the event loop gets a turn. */
  private readonly shouldStop = (): boolean | Promise<boolean> => {
    // A state with thousands of successors must still let Ctrl-C handlers and stop() run.
    if (performance.now() - this.lastYield > this.yieldEvery) return this.yieldThenShouldStop();
    return this.stopNow();
  };

  private async yieldThenShouldStop(): Promise<boolean> {
    await this.yieldToEventLoop();
    this.lastYield = performance.now();
    return this.stopNow();
  }

  private stopNow(): boolean {
    if (this.stopReason() === undefined) return false;
    this.interrupted = true;
    return true;
  }

  constructor(
    private readonly model: Model<T, S>,
    private readonly opts: CheckerOptions<S>,
  ) {
    super();
    const observers = opts.observers ?? [];
    this.onState = observers.flatMap((o) => (o.state ? [o.state.bind(o)] : []));
    this.onEdge = observers.flatMap((o) => (o.edge ? [o.edge.bind(o)] : []));
    this.onProgress = observers.flatMap((o) => (o.progress ? [o.progress.bind(o)] : []));
    this.yieldToEventLoop = opts.yieldToEventLoop ?? setImmediateTurn;
    this.yieldEvery = opts.yieldEveryMs ?? 25;
  }

  /** Why the run must stop now, if it must (the state bound is checked only between states). */
  private stopReason(): StopReason | undefined {
    if (this.stopRequested || this.opts.signal?.aborted) return "signal";
    if (performance.now() > this.deadline) return "timeout";
    return undefined;
  }

  stop(): void {
    this.stopRequested = true;
  }

  async run(): Promise<CheckerEnd> {
    const opts = this.opts;
    let stopReason: StopReason | undefined;
    try {
      const core = await createCore({ engine: opts.engine, frontier: opts.frontier, seed: opts.seed, expectedStates: opts.expectedStates });
      const s0 = await this.model.initial(core);
      this.core = core;
      this.setStatus(s0, Status.Open, 0);
      const violated = this.model.discovered(s0, undefined);
      if (violated) this.abort(s0, violated);
      for (const f of this.onState) f(s0);
      stopReason = await this.loop(core);
    } finally {
      this.durationMs = performance.now() - this.startedAt;
    }
    const stats = this.stats();
    for (const f of this.onProgress) f(stats);
    return stopReason === undefined ? { complete: true } : { complete: false, stopReason };
  }

  private async loop(core: Core): Promise<StopReason | undefined> {
    const opts = this.opts;
    this.deadline = opts.timeoutMs !== undefined ? performance.now() + opts.timeoutMs : Infinity;
    const progressEvery = opts.progressIntervalMs ?? 200;
    let lastProgress = performance.now();
    this.lastYield = lastProgress;
    for (;;) {
      if (this.stopRequested || opts.signal?.aborted) return "signal";
      if (opts.maxStates !== undefined && core.stateCount() >= opts.maxStates && core.frontierSize() > 0) return "maxStates";
      const now = performance.now();
      if (now > this.deadline) return "timeout";
      if (now - this.lastYield > this.yieldEvery) {
        // Let timers, signals, stop requests and Ctrl-C handlers run during long synchronous stretches.
        await this.yieldToEventLoop();
        this.lastYield = performance.now();
      }
      if (this.onProgress.length > 0 && now - lastProgress >= progressEvery) {
        lastProgress = now;
        const stats = this.stats();
        for (const f of this.onProgress) f(stats);
      }
      const s = core.next();
      if (s < 0) {
        if (!this.reopen(core)) return undefined;
        continue;
      }
      if (this.status.get(s) !== Status.Open) continue;
      // A state whose successors were all made synchronously costs no promise and no microtask turn.
      const expanding = this.expand(core, s);
      if (expanding !== undefined) await expanding;
    }
  }

  /** Puts the states the model asks to expand again back on the frontier; false when there are none. */
  private reopen(core: Core): boolean {
    const again = this.model.reopen?.() ?? [];
    let reopened = false;
    for (const s of again) {
      // A state aborted since it was expanded (a failing step into it) stays as it is.
      if (this.status.get(s) !== Status.Expanded) continue;
      this.status.set(s, Status.Open);
      this.statesExpanded--;
      core.push(s);
      reopened = true;
    }
    return reopened;
  }

  private expand(core: Core, s: number): void | Promise<void> {
    const depth = core.depth(s);
    if (this.model.isFinal(s)) {
      this.setStatus(s, Status.Final, depth);
      const violated = this.model.reachedFinal(s);
      if (violated) this.abort(s, violated);
      return;
    }
    if (depth >= this.opts.maxDepth) {
      this.setStatus(s, Status.Cutoff, depth);
      return;
    }
    if (this.model.expandable?.(s) === false) return;
    this.statesExpanded++;
    this.setStatus(s, Status.Expanded, depth);
    this.parent = s;
    this.parentDepth = depth;
    const made = this.model.successors(s, depth, this.add, this.shouldStop);
    if (made !== undefined) return made.then(() => this.expanded(s));
    this.expanded(s);
  }

  /** After `s`'s successors were made: a state whose expansion `shouldStop` cut short is not expanded. */
  private expanded(s: number): void {
    if (this.interrupted) {
      // Some of its successors were never made: it is not expanded, and the run ends at the loop's next check.
      this.interrupted = false;
      this.statesExpanded--;
      if (this.status.get(s) === Status.Expanded) this.status.set(s, Status.Open);
    }
  }

  private addTransition(via: T): AddResult {
    const core = this.core!;
    // Packed into a number, and answered in one reused result: nothing allocated per transition.
    const packed = core.addSuccessorPacked(this.parent, via.step, via.changed, via.pending, via.cursors, via.priority);
    const added = this.added;
    const child = (added.stateId = packed >>> 1);
    added.isNew = (packed & 1) === 1;
    const childDepth = this.parentDepth + 1;
    if (added.isNew) {
      this.setStatus(child, Status.Open, childDepth);
      const violated = this.model.discovered(child, via);
      if (violated) this.abort(child, violated);
      for (const f of this.onState) f(child);
    }
    if (this.onEdge.length > 0) {
      const edge = core.edgeCount() - 1;
      for (const f of this.onEdge) f(edge);
    }
    // A failure ends the branch at the failing step, even when the step led back to a known
    // state (a throw that wrote nothing leaves the state as it was: a self-loop).
    const failure = this.model.failure(via);
    if (failure !== undefined && !this.outcomes.has(child)) this.abort(child, failure);
    // The core lowered a known child's depth to the parent's plus one if that is shorter; relax what lies below it.
    if (!added.isNew && childDepth < this.knownDepth.get(child)) this.relax(core, child, childDepth);
    return added;
  }

  private setStatus(state: number, status: Status, depth: number): void {
    this.status.set(state, status);
    this.knownDepth.set(state, depth);
  }

  private abort(state: number, outcome: StateOutcome): void {
    this.status.set(state, Status.Aborted);
    this.outcomes.set(state, outcome);
  }

  /** A shorter path reached `state`: lower depths below it and re-open states cut off at max depth. */
  private relax(core: Core, state: number, depth: number): void {
    const queue: number[] = [state];
    this.knownDepth.set(state, depth);
    for (let head = 0; head < queue.length; head++) {
      const s = queue[head]!;
      const d = this.knownDepth.get(s);
      if (this.status.get(s) === Status.Cutoff && d < this.opts.maxDepth) {
        this.status.set(s, Status.Open);
        core.push(s);
        continue;
      }
      if (this.status.get(s) !== Status.Expanded) continue;
      const succ = core.successors(s);
      for (let i = 0; i < succ.length; i++) {
        const to = core.edgeTarget(succ[i]!);
        if (d + 1 < this.knownDepth.get(to)) {
          this.knownDepth.set(to, d + 1);
          core.setDepth(to, d + 1);
          queue.push(to);
        }
      }
    }
  }

  stats(): S {
    const core = this.core;
    const unique = core?.stateCount() ?? 0;
    let finals = 0;
    let aborted = 0;
    let maxDepth = 0;
    for (let s = 0; s < unique; s++) {
      const status = this.status.get(s);
      if (status === Status.Final) finals++;
      else if (status === Status.Aborted || status === Status.Cutoff) aborted++;
      const depth = this.knownDepth.get(s);
      if (depth > maxDepth) maxDepth = depth;
    }
    return this.model.stats({
      statesVisited: this.statesExpanded,
      uniqueStates: unique,
      transitions: core?.edgeCount() ?? 0,
      maxDepth,
      durationMs: this.durationMs || performance.now() - this.startedAt || 0,
      frontierSize: core?.frontierSize() ?? 0,
      finalCount: finals,
      abortedCount: aborted,
      engine: core?.engine ?? this.opts.engine,
    });
  }

  // The graph, as read by results and inspectors (the rest is the core's: CoreSearchGraph).
  depth(state: number): number {
    const depth = this.knownDepth.get(state);
    return depth >= 0 ? depth : this.core!.depth(state);
  }
  outcome(state: number): StateOutcome {
    const recorded = this.outcomes.get(state);
    if (recorded) return recorded;
    switch (this.status.get(state)) {
      case Status.Final:
        return CONVERGED;
      case Status.Expanded:
        return EXPANDED;
      case Status.Cutoff:
        return CUT_OFF;
      default:
        return UNEXPANDED;
    }
  }
}
