import type { AddResult, Core, Engine } from "../../bindings/core.ts";
import { createCore } from "../../bindings/createCore.ts";
import { CoreSearchGraph } from "./coreSearchGraph.ts";
import type { CheckerEnd, CheckerObserver, CheckerRun, Model, SearchStats, StopReason, Transition } from "./checker.ts";
import type { StateOutcome } from "./stateOutcome.ts";

/**
 * The walk loop, beside the frontier search of `checker.ts`: instead of expanding every state it
 * reaches, it runs executions from the initial state one after another, at each step letting a
 * policy pick which pending unit of work (a "thread": for Kubernetes, one pending reconcile) runs
 * next and which of its outcomes (staleness views, `ctx.choose` combinations) to follow. A walk
 * ends at a final state, an aborted state (a violation or a failure), or after `maxDepth` steps;
 * then the next walk starts from the initial state again. Everything a walk computes enters the
 * same core graph as a search would, so results, paths and inspectors read a walk's graph as they
 * read a search's. A walk never claims completeness: `done` resolves with `complete: false`.
 */

/** A model whose successors can be made one thread at a time, which walks need (the checker does not). */
export interface SchedulableModel<T extends Transition, S> extends Model<T, S> {
  /** The threads enabled at a state (for Kubernetes: its pending reconciles), each named by a label stable across states. */
  enabled(state: number): readonly string[];
  /** Hands the successors of one enabled thread (an index into `enabled(state)`) to `add`, as `successors` does for all of them. */
  successorsOf(state: number, depth: number, thread: number, add: (via: T) => AddResult, shouldStop: () => Promise<boolean>): Promise<void>;
}

/** One step a walk may take: a thread's run and the state it leads to. */
export interface WalkMove {
  /** Index into the step's `labels`. */
  readonly thread: number;
  readonly label: string;
  /** The state it leads to. */
  readonly to: number;
  /** What the step wrote, as (key, version) id pairs (version 0: deleted). */
  readonly changed: Uint32Array;
}

/** What a policy sees at one step of a walk. */
export interface WalkStep {
  readonly state: number;
  /** Steps taken so far in this walk. */
  readonly step: number;
  /** The enabled threads. */
  readonly labels: readonly string[];
  /** The moves of one thread, computed on first need and then remembered; empty when the run was stopped meanwhile. */
  moves(thread: number): Promise<readonly WalkMove[]>;
}

/** How a walk strategy decides: the random walk, PCT, delay bounding and coverage guidance each implement it. */
export interface WalkPolicy {
  /** Starts walk number `walk` (from 0); false when the policy has no walk left to make. */
  beginWalk(walk: number): boolean;
  /** The move to take, or undefined to end the walk here. */
  choose(step: WalkStep): Promise<WalkMove | undefined>;
  /** The walk ended after `steps` steps. */
  endWalk(steps: number): void;
}

/** Options of `walk`, as `CheckerOptions` with a walk budget instead of a frontier. */
export interface WalkerOptions<S> {
  engine: Engine;
  expectedStates: number;
  /** The longest walk, in steps. */
  maxDepth: number;
  /** At most this many walks (stop reason "walks"). */
  maxWalks: number;
  maxStates?: number;
  timeoutMs?: number;
  signal?: AbortSignal;
  yieldToEventLoop?: () => Promise<void>;
  yieldEveryMs?: number;
  progressIntervalMs?: number;
  observers?: readonly CheckerObserver<S>[];
}

const enum WalkStatus {
  Open = 0,
  Final = 2,
  Aborted = 3,
}

const setImmediateTurn = (): Promise<void> => new Promise((r) => setImmediate(r));

/**
 * Starts walking `model` under `policy`. The handle is the checker's: a live graph, counters,
 * `stop()`, and `done`, which resolves with `complete: false` and why the walks stopped.
 */
export function walk<T extends Transition, S>(model: SchedulableModel<T, S>, policy: WalkPolicy, opts: WalkerOptions<S>): CheckerRun<S> {
  const walker = new Walker(model, policy, opts);
  const done = walker.run();
  done.catch(() => undefined);
  return { graph: walker, stats: () => walker.stats(), stop: () => walker.stop(), done };
}

class Walker<T extends Transition, S> extends CoreSearchGraph {
  private readonly status: number[] = [];
  private readonly outcomes = new Map<number, StateOutcome>();
  /** Per state: the labels of its threads, and the moves of the threads expanded so far. */
  private readonly threads = new Map<number, { labels: readonly string[]; moves: (readonly WalkMove[] | undefined)[]; expanded: number }>();
  private visited = 0;
  private readonly seen = new Set<number>();
  private stopRequested = false;
  private interrupted = false;
  private readonly startedAt = performance.now();
  private durationMs = 0;
  private deadline = Infinity;
  private lastYield = performance.now();
  private lastProgress = performance.now();
  private parent = -1;
  private collected: { to: number; changed: Uint32Array }[] = [];
  private readonly onState: ((state: number) => void)[];
  private readonly onEdge: ((edge: number) => void)[];
  private readonly onProgress: ((stats: S) => void)[];
  private readonly yieldToEventLoop: () => Promise<void>;
  private readonly add = (via: T): AddResult => this.addTransition(via);
  private readonly shouldStop = async (): Promise<boolean> => {
    await this.maybeYield();
    if (this.stopReason() === undefined) return false;
    this.interrupted = true;
    return true;
  };

  constructor(
    private readonly model: SchedulableModel<T, S>,
    private readonly policy: WalkPolicy,
    private readonly opts: WalkerOptions<S>,
  ) {
    super();
    const observers = opts.observers ?? [];
    this.onState = observers.flatMap((o) => (o.state ? [o.state.bind(o)] : []));
    this.onEdge = observers.flatMap((o) => (o.edge ? [o.edge.bind(o)] : []));
    this.onProgress = observers.flatMap((o) => (o.progress ? [o.progress.bind(o)] : []));
    this.yieldToEventLoop = opts.yieldToEventLoop ?? setImmediateTurn;
  }

  stop(): void {
    this.stopRequested = true;
  }

  private stopReason(): StopReason | undefined {
    if (this.stopRequested || this.opts.signal?.aborted) return "signal";
    if (performance.now() > this.deadline) return "timeout";
    return undefined;
  }

  private async maybeYield(): Promise<void> {
    const now = performance.now();
    if (now - this.lastYield > (this.opts.yieldEveryMs ?? 25)) {
      await this.yieldToEventLoop();
      this.lastYield = performance.now();
    }
    if (this.onProgress.length > 0 && now - this.lastProgress >= (this.opts.progressIntervalMs ?? 200)) {
      this.lastProgress = now;
      const stats = this.stats();
      for (const f of this.onProgress) f(stats);
    }
  }

  async run(): Promise<CheckerEnd> {
    let stopReason: StopReason;
    try {
      const core = await createCore({ engine: this.opts.engine, frontier: "dfs", expectedStates: this.opts.expectedStates });
      const s0 = await this.model.initial(core);
      this.core = core;
      this.status[s0] = WalkStatus.Open;
      const violated = this.model.discovered(s0, undefined);
      if (violated) this.abort(s0, violated);
      for (const f of this.onState) f(s0);
      this.deadline = this.opts.timeoutMs !== undefined ? performance.now() + this.opts.timeoutMs : Infinity;
      stopReason = await this.walks(core, s0);
    } finally {
      this.durationMs = performance.now() - this.startedAt;
    }
    const stats = this.stats();
    for (const f of this.onProgress) f(stats);
    return { complete: false, stopReason };
  }

  private limit(core: Core): StopReason | undefined {
    const why = this.stopReason();
    if (why !== undefined) return why;
    if (this.opts.maxStates !== undefined && core.stateCount() >= this.opts.maxStates) return "maxStates";
    return undefined;
  }

  private async walks(core: Core, s0: number): Promise<StopReason> {
    for (let w = 0; ; w++) {
      if (w >= this.opts.maxWalks || !this.policy.beginWalk(w)) return "walks";
      let s = s0;
      let steps = 0;
      let why: StopReason | undefined;
      for (;;) {
        await this.maybeYield();
        why = this.limit(core);
        if (why !== undefined) break;
        if (!this.seen.has(s)) {
          this.seen.add(s);
          this.visited++;
        }
        if (this.status[s] === WalkStatus.Aborted) break;
        if (this.model.isFinal(s)) {
          if (this.status[s] !== WalkStatus.Final) {
            this.status[s] = WalkStatus.Final;
            const violated = this.model.reachedFinal(s);
            if (violated) this.abort(s, violated);
          }
          break;
        }
        if (steps >= this.opts.maxDepth) break;
        const labels = this.threadsOf(s).labels;
        const move = await this.policy.choose({ state: s, step: steps, labels, moves: (t) => this.movesOf(core, s, t) });
        if (this.interrupted) {
          why = this.stopReason() ?? "signal";
          break;
        }
        if (move === undefined) break;
        s = move.to;
        steps++;
      }
      this.policy.endWalk(steps);
      if (why !== undefined) return why;
    }
  }

  private threadsOf(s: number): { labels: readonly string[]; moves: (readonly WalkMove[] | undefined)[]; expanded: number } {
    let t = this.threads.get(s);
    if (!t) {
      const labels = this.model.enabled(s);
      t = { labels, moves: new Array<readonly WalkMove[] | undefined>(labels.length).fill(undefined), expanded: 0 };
      this.threads.set(s, t);
    }
    return t;
  }

  private async movesOf(core: Core, s: number, thread: number): Promise<readonly WalkMove[]> {
    const t = this.threadsOf(s);
    const label = t.labels[thread];
    if (label === undefined) throw new RangeError(`walk policy asked for thread ${thread} of a state with ${t.labels.length}`);
    const known = t.moves[thread];
    if (known) return known;
    this.parent = s;
    this.collected = [];
    await this.model.successorsOf(s, core.depth(s), thread, this.add, this.shouldStop);
    // A thread cut short is not remembered: its moves are incomplete.
    if (this.interrupted) return [];
    const moves = this.collected.map((c) => ({ thread, label, to: c.to, changed: c.changed }));
    t.moves[thread] = moves;
    t.expanded++;
    return moves;
  }

  private addTransition(via: T): AddResult {
    const core = this.core!;
    const added = core.addSuccessor(this.parent, via.step, via.changed, via.pending, via.cursors, via.priority);
    const child = added.stateId;
    if (added.isNew) {
      this.status[child] = WalkStatus.Open;
      const violated = this.model.discovered(child, via);
      if (violated) this.abort(child, violated);
      for (const f of this.onState) f(child);
    }
    if (this.onEdge.length > 0) {
      const edge = core.edgeCount() - 1;
      for (const f of this.onEdge) f(edge);
    }
    const failure = this.model.failure(via);
    if (failure !== undefined && !this.outcomes.has(child)) this.abort(child, failure);
    this.collected.push({ to: child, changed: via.changed });
    return added;
  }

  private abort(state: number, outcome: StateOutcome): void {
    this.status[state] = WalkStatus.Aborted;
    this.outcomes.set(state, outcome);
  }

  /** Every thread of the state has been run: it is expanded as a search would expand it. */
  private fullyExpanded(state: number): boolean {
    const t = this.threads.get(state);
    return t !== undefined && t.expanded === t.labels.length;
  }

  stats(): S {
    const core = this.core;
    const unique = core?.stateCount() ?? 0;
    let finals = 0;
    let aborted = 0;
    let maxDepth = 0;
    for (let s = 0; s < unique; s++) {
      if (this.status[s] === WalkStatus.Final) finals++;
      else if (this.status[s] === WalkStatus.Aborted) aborted++;
      const d = core!.depth(s);
      if (d > maxDepth) maxDepth = d;
    }
    const stats: SearchStats = {
      statesVisited: this.visited,
      uniqueStates: unique,
      transitions: core?.edgeCount() ?? 0,
      maxDepth,
      durationMs: this.durationMs || performance.now() - this.startedAt || 0,
      frontierSize: 0,
      finalCount: finals,
      abortedCount: aborted,
      engine: core?.engine ?? this.opts.engine,
    };
    return this.model.stats(stats);
  }

  // The graph, as read by results and inspectors (the rest is the core's: CoreSearchGraph).
  depth(state: number): number {
    return this.core!.depth(state);
  }
  outcome(state: number): StateOutcome {
    const recorded = this.outcomes.get(state);
    if (recorded) return recorded;
    if (this.status[state] === WalkStatus.Final) return { kind: "converged" };
    // A state some of whose threads never ran is not expanded: a cycle through it is no livelock yet.
    return this.fullyExpanded(state) ? { kind: "expanded" } : { kind: "unexpanded" };
  }
}
