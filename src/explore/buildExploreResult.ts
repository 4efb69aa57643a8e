import { PATH_INFINITE, PATH_OVERFLOW, type PathCounts } from "../../bindings/core.ts";
import type { ExploreResult, ExploreStats, Path, ReconcileError, ResultState, Step, Violation } from "./exploreResult.ts";
import type { ResultGraph } from "./resultGraph.ts";
import { stepOutcomeFields, type StepRecord } from "./stepRecord.ts";
import { isEffectful } from "./pathSignature.ts";
import { uniqueEffectfulPaths } from "./uniquePaths.ts";
import { MAX_PATH_COUNT } from "./pathCountBound.ts";
import { isAbortedByError, pathCountsWithEndingSteps, pathEndingSteps } from "./failingStepsEndPaths.ts";

/** Options of `buildExploreResult`. */
export interface BuildResultOptions {
  /** At most this many unique effectful paths per state (default 100). */
  pathCap?: number;
  stats?: ExploreStats;
  complete?: boolean;
}

/** Turns an edge id into the public Step. */
export function stepOfEdge(graph: ResultGraph, edge: number): Step {
  const [from, to, stepId] = graph.edge(edge);
  const rec = graph.step(stepId);
  const step: Step = {
    reconcilerId: rec.reconcilerId,
    request: rec.request,
    effects: rec.effects,
    stateBefore: graph.stateId(from),
    stateAfter: graph.stateId(to),
    ...stepOutcomeFields(rec),
  };
  return step;
}

/** Defines a property computed on first read and then kept (paths are costly; most are never looked at). */
function lazy<T extends object, K extends string, V>(obj: T, key: K, compute: () => V): void {
  let value: V | undefined;
  let done = false;
  Object.defineProperty(obj, key, {
    enumerable: true,
    configurable: true,
    get() {
      if (!done) {
        value = compute();
        done = true;
      }
      return value;
    },
  });
}

/** Breadth-first parents from state 0, for shortest paths (edges in insertion order, as the core does). */
export function shortestPathTree(graph: ResultGraph): Int32Array {
  const n = graph.stateCount();
  const parentEdge = new Int32Array(n).fill(-1);
  if (n === 0) return parentEdge;
  const seen = new Uint8Array(n);
  seen[0] = 1;
  const queue = new Uint32Array(n);
  let head = 0;
  let tail = 0;
  queue[tail++] = 0;
  while (head < tail) {
    const s = queue[head++]!;
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const to = graph.edge(succ[i]!)[1];
      if (seen[to]) continue;
      seen[to] = 1;
      parentEdge[to] = succ[i]!;
      queue[tail++] = to;
    }
  }
  return parentEdge;
}

/** The edges from state 0 to `target` along `parentEdge` (see `shortestPathTree`); empty for state 0 or one it does not reach. */
export function edgesTo(graph: ResultGraph, parentEdge: Int32Array, target: number): number[] {
  const edges: number[] = [];
  let s = target;
  while (s !== 0 && parentEdge[s]! >= 0) {
    const e = parentEdge[s]!;
    edges.push(e);
    s = graph.edge(e)[0];
  }
  return edges.reverse();
}

/** The shortest cycle through `start` that stays inside its component. */
function cycleThrough(graph: ResultGraph, componentOf: Uint32Array, start: number): number[] {
  const comp = componentOf[start]!;
  const parentEdge = new Map<number, number>();
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const e = succ[i]!;
      const to = graph.edge(e)[1];
      if (componentOf[to] !== comp) continue;
      if (to === start) {
        const edges = [e];
        let cur = s;
        while (cur !== start) {
          const pe = parentEdge.get(cur)!;
          edges.push(pe);
          cur = graph.edge(pe)[0];
        }
        return edges.reverse();
      }
      if (parentEdge.has(to)) continue;
      parentEdge.set(to, e);
      queue.push(to);
    }
  }
  return [];
}

/**
 * The error step a stuck component is made of, when it is made of nothing else: every step
 * between its states is an error step of one reconciler, so the only thing that ever happens
 * there is that reconciler failing again ("keeps failing", not a livelock). Undefined otherwise.
 * The step returned is the first such step in edge order (deterministic).
 */
function failingStep(graph: ResultGraph, componentOf: Uint32Array, members: readonly number[], c: number): StepRecord | undefined {
  let found: StepRecord | undefined;
  let firstEdge = Infinity;
  for (const [edge, step] of stepsWithin(graph, componentOf, members, c)) {
    if (step.error === undefined) return undefined;
    if (found !== undefined && step.reconcilerId !== found.reconcilerId) return undefined;
    if (edge < firstEdge) {
      firstEdge = edge;
      found = step;
    }
  }
  return found;
}

/** The edges (with their steps) between states of component `c`, whose states are `members`. */
function* stepsWithin(graph: ResultGraph, componentOf: Uint32Array, members: readonly number[], c: number): Generator<[number, StepRecord]> {
  for (const s of members) {
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const [, to, stepId] = graph.edge(succ[i]!);
      if (componentOf[to] === c) yield [succ[i]!, graph.step(stepId)];
    }
  }
}

/**
 * The distinct errors of the failing steps between the states of component `c` (whose members
 * are `members`), ordered by reconciler id, error and line: a livelock's cycle is one way round,
 * and the other reconcilers failing in the component are part of why it never converges.
 */
function componentErrors(graph: ResultGraph, componentOf: Uint32Array, members: readonly number[], c: number): ReconcileError[] {
  const errors = new Map<string, ReconcileError>();
  for (const [, step] of stepsWithin(graph, componentOf, members, c)) {
    if (step.error === undefined) continue;
    const key = JSON.stringify([step.reconcilerId, step.error, step.errorLocation ?? ""]);
    if (errors.has(key)) continue;
    const e: ReconcileError = { reconcilerId: step.reconcilerId, error: step.error };
    if (step.errorLocation !== undefined) e.errorLocation = step.errorLocation;
    errors.set(key, e);
  }
  return [...errors.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, e]) => e);
}

/** Where the failing reconcile that led into `state` threw, read from the error step of an edge into it. */
function errorLocationInto(graph: ResultGraph, state: number, reconcilerId: string): string | undefined {
  const preds = graph.predecessors(state);
  for (let i = 0; i < preds.length; i++) {
    const step = graph.step(graph.edge(preds[i]!)[2]);
    if (step.error !== undefined && step.reconcilerId === reconcilerId && step.errorLocation !== undefined) return step.errorLocation;
  }
  return undefined;
}

const NO_STATS: ExploreStats = {
  statesVisited: 0,
  uniqueStates: 0,
  transitions: 0,
  reconcilesExecuted: 0,
  reconcilesReplayed: 0,
  maxDepth: 0,
  durationMs: 0,
  statesPerSecond: 0,
  frontierSize: 0,
  collisionProbability: 0,
  convergedCount: 0,
  abortedCount: 0,
  engine: "none",
};

/**
 * Whether a cycle may lie on the graph: some state is flagged PATH_INFINITE (a cyclic component
 * was reached, see `PathCounts`) or unreachable (count 0: a cyclic component there is not flagged).
 */
function mayHaveCycle(counts: PathCounts, n: number): boolean {
  for (let s = 0; s < n; s++) if (counts.flags[s]! & PATH_INFINITE || counts.counts[s] === 0n) return true;
  return false;
}

/**
 * Derives the public result from an explored graph: converged states grouped by world, aborted
 * states, livelocks (cyclic components that cannot reach a final state) split from failing
 * reconcilers (such components made only of one reconciler's error steps), violations with their
 * shortest paths, per-state path counts and lazily enumerated unique effectful paths. Everything
 * is ordered deterministically (by the order states were discovered, which is deterministic for
 * a given strategy, and ids are fingerprints).
 */
export function buildExploreResult(graph: ResultGraph, opts: BuildResultOptions = {}): ExploreResult {
  const cap = opts.pathCap ?? 100;
  const n = graph.stateCount();
  const counts = graph.pathCounts();
  // Under abortOnError a failing step ends its path: states count the paths that do not go past one.
  const ending = pathEndingSteps(graph);
  const branchCounts = ending ? pathCountsWithEndingSteps(graph, ending) : counts;
  let tree: Int32Array | undefined;
  const shortest = (target: number): number[] => edgesTo(graph, (tree ??= shortestPathTree(graph)), target);
  const toPath = (edges: readonly number[]): Path => edges.map((e) => stepOfEdge(graph, e));

  const makeState = (members: number[], reason: ResultState["reason"]): ResultState => {
    const first = members[0]!;
    const outcome = graph.outcome(first);
    let pathCount = 0n;
    let infinite = false;
    let overflow = false;
    for (const m of members) {
      pathCount += branchCounts.counts[m]!;
      if (branchCounts.flags[m]! & PATH_INFINITE) infinite = true;
      if (branchCounts.flags[m]! & PATH_OVERFLOW) overflow = true;
    }
    // The core saturates per state; a sum over a cycle's members saturates the same way.
    if (pathCount >= MAX_PATH_COUNT) overflow = true;
    if (overflow) pathCount = MAX_PATH_COUNT;
    const state = {
      id: graph.stateId(first),
      reason,
      pathCount,
      pathCountInfinite: infinite,
      pathCountOverflow: overflow && !infinite,
    } as ResultState;
    if (outcome.error !== undefined) state.error = outcome.error;
    if (outcome.failedReconcile) {
      state.failedReconcile = outcome.failedReconcile;
      const location = errorLocationInto(graph, first, outcome.failedReconcile.reconcilerId);
      if (location !== undefined) state.errorLocation = location;
    }
    lazy(state, "objects", () => graph.objects(first).slice());
    lazy(state, "pending", () => graph.pending(first));
    let enumerated: { paths: Path[]; truncated: boolean } | undefined;
    const enumerate = () =>
      (enumerated ??= (() => {
        const r = uniqueEffectfulPaths(graph, members, cap, ending && { ending, last: isAbortedByError(graph, first) });
        // A unique effectful path lists only the steps that wrote or threw (semantics.md "Paths").
        return { paths: r.paths.map((p) => toPath(p.edges).filter(isEffectful)), truncated: r.truncated };
      })());
    lazy(state, "paths", () => enumerate().paths);
    lazy(state, "pathsTruncated", () => enumerate().truncated);
    return state;
  };

  // Converged states, grouped by world: members share the same interned object instances.
  const objectIds = new WeakMap<object, number>();
  let nextObjectId = 1;
  const worldKey = (s: number): string =>
    graph
      .objects(s)
      .map((o) => {
        let id = objectIds.get(o);
        if (id === undefined) objectIds.set(o, (id = nextObjectId++));
        return id;
      })
      .join(",");
  const groups = new Map<string, number[]>();
  const aborted: ResultState[] = [];
  const violations: Violation[] = [];
  // Whether each state ends its branch (any outcome but expanded), for the livelock pass: read once.
  const ends = new Uint8Array(n);
  for (let s = 0; s < n; s++) {
    const outcome = graph.outcome(s);
    if (outcome.kind !== "expanded") ends[s] = 1;
    if (outcome.kind === "converged") {
      const key = worldKey(s);
      const group = groups.get(key);
      if (group) group.push(s);
      else groups.set(key, [s]);
    } else if (outcome.kind === "aborted") {
      aborted.push(makeState([s], outcome.reason ?? "error"));
      for (const v of outcome.violations ?? []) {
        const violation = { invariant: v.invariant, message: v.message, stateId: graph.stateId(s) } as Violation;
        lazy(violation, "path", () => toPath(shortest(s)));
        violations.push(violation);
      }
    } else if (outcome.kind === "unexpanded" && opts.complete === false) {
      aborted.push(makeState([s], "limit"));
    }
  }
  const convergedStates = [...groups.values()].map((members) => makeState(members, "converged"));

  const nonConverging: ResultState[] = [];
  const keepsFailing: ResultState[] = [];
  // Without a reachable cycle there is no livelock: path counts already say whether one is (an
  // acyclic graph of millions of states skips the components and the pass over every edge).
  if (mayHaveCycle(counts, n)) {
    // Livelocks: cyclic components from which no final (converged or aborted) or unexplored state is reachable.
    const { componentOf, count } = graph.components();
    const exits = new Uint8Array(count);
    const cyclic = new Uint8Array(count);
    // Each component's members in increasing state id, by a counting sort: `start[c]` to `start[c + 1]` in `members`.
    // (Millions of components, one small array each, were most of what this pass allocated.)
    const start = new Uint32Array(count + 1);
    for (let s = 0; s < n; s++) {
      const c = componentOf[s]!;
      start[c + 1]!++;
      if (ends[s]) exits[c] = 1;
    }
    for (let c = 0; c < count; c++) start[c + 1]! += start[c]!;
    const members = new Uint32Array(n);
    const fill = start.slice(0, count);
    for (let s = 0; s < n; s++) members[fill[componentOf[s]!]!++] = s;
    const membersOf = (c: number): number[] => Array.from(members.subarray(start[c]!, start[c + 1]!));
    const targetOf = graph.edgeTarget ? graph.edgeTarget.bind(graph) : (e: number) => graph.edge(e)[1];
    // Components complete sinks first, so successors' answers are known when a component is reached.
    for (let c = 0; c < count; c++) {
      if (start[c + 1]! - start[c]! > 1) cyclic[c] = 1;
      for (let m = start[c]!; m < start[c + 1]!; m++) {
        const s = members[m]!;
        const succ = graph.successors(s);
        for (let i = 0; i < succ.length; i++) {
          const to = targetOf(succ[i]!);
          const d = componentOf[to]!;
          if (d === c) {
            if (to === s) cyclic[c] = 1;
          } else if (exits[d]) exits[c] = 1;
        }
      }
    }
    for (let c = count - 1; c >= 0; c--) {
      if (!cyclic[c] || exits[c]) continue;
      const ms = membersOf(c);
      let rep = ms[0]!;
      for (const m of ms) if (graph.depth(m) < graph.depth(rep) || (graph.depth(m) === graph.depth(rep) && m < rep)) rep = m;
      const failing = failingStep(graph, componentOf, ms, c);
      const state = makeState([rep], failing ? "keeps-failing" : "livelock");
      lazy(state, "paths", () => [toPath(shortest(rep))]);
      lazy(state, "pathsTruncated", () => false);
      lazy(state, "cycle", () => toPath(cycleThrough(graph, componentOf, rep)));
      if (!failing) lazy(state, "errors", () => componentErrors(graph, componentOf, ms, c));
      if (failing) {
        state.error = failing.error!;
        state.failedReconcile = { reconcilerId: failing.reconcilerId, request: { ...failing.request } };
        if (failing.errorLocation !== undefined) state.errorLocation = failing.errorLocation;
        keepsFailing.push(state);
      } else {
        nonConverging.push(state);
      }
    }
  }
  const byId = (a: ResultState, b: ResultState) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  nonConverging.sort(byId);
  keepsFailing.sort(byId);

  return {
    convergedStates,
    abortedStates: aborted,
    nonConverging,
    keepsFailing,
    violations,
    stats: opts.stats ?? { ...NO_STATS, uniqueStates: n, transitions: graph.edgeCount() },
    complete: opts.complete ?? true,
  };
}
