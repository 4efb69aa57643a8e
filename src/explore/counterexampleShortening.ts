/*
 * A reduction ("por", "noops") explores a subgraph of the full transition system: every violated
 * invariant and every livelock is still found, but the path to it is a path of the reduced graph,
 * which can be longer than the full graph's shortest. This pass gives the counterexamples back
 * their full-graph length: a breadth-first search without reduction from the initial state, by the
 * same model and checker as the exploration (its memo included), bounded in depth by what it has
 * to beat and in states by a budget, and stopped as soon as every counterexample is settled.
 *
 * What is shortened is the path to the state the result reports (its id, invariant and message
 * stay those of the reduced graph's result, so they still name a state of `result.graph`):
 * - a violation: the shortest full-graph path to its state;
 * - a livelock: the shortest full-graph path to its state and the shortest full-graph cycle
 *   through it (every state reachable from a livelocked state is one too, so any cycle through it
 *   is a non-converging cycle);
 * - a failing reconciler: the same, the cycle made only of that reconciler's error steps.
 * Each gets `shortest: true` when the search proved it (found by breadth-first order, or the whole
 * depth it had to beat explored), `shortest: false` when the budget or a stop ended the search first.
 */
import type { ExplorerConfig } from "./explorerConfig.ts";
import type { ExploreOptions, ExploreObserver } from "./exploreOptions.ts";
import type { ExploreResult, Path } from "./exploreResult.ts";
import type { InitialState } from "./initialStateBuilder.ts";
import { KubernetesModel } from "./kubernetesModel.ts";
import { check } from "./checker.ts";
import { CoreResultGraph } from "./coreResultGraph.ts";
import type { ResultGraph } from "./resultGraph.ts";
import { edgesTo, shortestPathTree, stepOfEdge } from "./buildExploreResult.ts";
import { walkStrategyOf } from "./strategies/walkStrategy.ts";
import type { ShorteningStats } from "./shorteningStats.ts";

export type { ShorteningStats } from "./shorteningStats.ts";

/**
 * How many distinct states the shortening search may explore when `shorteningMaxStates` is not
 * given: enough for the first ten or so levels of most scenarios, and a few seconds at most.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { shorteningMaxStates: 4 * DEFAULT_SHORTENING_MAX_STATES });
 * ```
 */
export const DEFAULT_SHORTENING_MAX_STATES = 50_000;

/** One violation's outcome, as plain data (from an isolated run it crosses from the exploring thread). */
export interface ShortenedViolation {
  stateId: string;
  invariant: string;
  shortest: boolean;
  /** The shorter path, when one was found. */
  path?: Path;
}

/** One livelock's or failing reconciler's outcome, as plain data. */
export interface ShortenedLoop {
  stateId: string;
  shortest: boolean;
  path?: Path;
  cycle?: Path;
}

/** What the shortening pass found for a result's counterexamples. */
export interface CounterexampleShortening {
  violations: ShortenedViolation[];
  loops: ShortenedLoop[];
  stats: ShorteningStats;
}

/**
 * Whether a run with `opts` that applied a reduction (see `counterexampleTargets`) gets its
 * counterexamples shortened: not with staleness (every reduction leaves such a run unreduced), not
 * for a walk strategy (its paths are its walks, not a search's), and not when turned off.
 */
export function shorteningApplies(config: ExplorerConfig, opts: ExploreOptions): boolean {
  if (opts.shortenCounterexamples === false) return false;
  if (config.staleness.size > 0) return false;
  return walkStrategyOf(opts.strategy) === undefined;
}

/**
 * The counterexamples of a result, as what a shortening must beat: plain data, so that an
 * isolated run's main thread can hand them to the thread that has the reconcilers.
 */
export interface CounterexampleTargets {
  violations: { stateId: string; invariant: string; length: number }[];
  loops: { stateId: string; pathLength: number; cycleLength: number; failing?: string }[];
}

/**
 * The counterexamples of `result` to shorten; undefined when it has none, or when its run applied
 * no reduction (`stats.reduction`: its graph is the full graph, its paths already the shortest).
 */
export function counterexampleTargets(result: ExploreResult): CounterexampleTargets | undefined {
  if (result.stats.reduction === undefined) return undefined;
  if (result.violations.length + result.nonConverging.length + result.keepsFailing.length === 0) return undefined;
  return {
    violations: result.violations.map((v) => ({ stateId: v.stateId, invariant: v.invariant, length: v.path.length })),
    loops: [...result.nonConverging, ...result.keepsFailing].map((state) => {
      const loop: CounterexampleTargets["loops"][number] = { stateId: state.id, pathLength: state.paths[0]?.length ?? 0, cycleLength: state.cycle?.length ?? 0 };
      if (state.reason === "keeps-failing" && state.failedReconcile) loop.failing = state.failedReconcile.reconcilerId;
      return loop;
    }),
  };
}

interface ViolationTarget {
  kind: "violation";
  stateId: string;
  invariant: string;
  /** The reduced graph's path length: what a full-graph path must beat. */
  length: number;
  foundAt?: number;
}

interface LoopTarget {
  kind: "loop";
  stateId: string;
  pathLength: number;
  cycleLength: number;
  /** For a failing reconciler: its id (a cycle must be its error steps only). */
  failing?: string;
  foundAt?: number;
}

type Target = ViolationTarget | LoopTarget;

/**
 * The depth through which every state must be expanded to settle `t` (−1: nothing more needed).
 * A violation at depth L is beaten by a state at depth ≤ L−1, discovered by expanding depth L−2.
 * A cycle of length j through a state at depth p has its last state at depth ≤ p+j−1, which
 * must be expanded for the edge back to show: settling cycles shorter than C takes p+C−2.
 */
function depthNeeded(t: Target): number {
  if (t.kind === "violation") return t.foundAt === undefined ? t.length - 2 : -1;
  return (t.foundAt ?? t.pathLength) + t.cycleLength - 2;
}

/**
 * Searches the full graph (no reduction, breadth first) for shorter paths to the counterexamples
 * `targets` names: see the top of this file. Returns undefined when shortening does not apply
 * (`shorteningApplies`); otherwise one entry per violation and per livelock or failing reconciler,
 * in the order of `targets`. `watchers` are told of the user code it runs (an isolated run's
 * watchdog); `timeoutMs` ends it like the state budget. Deterministic: the search order and the
 * paths taken from it are fixed.
 *
 * @example
 * ```ts
 * const targets = counterexampleTargets(result);
 * const shortening = targets && (await shortestCounterexamples(explorer.config, initial, opts, targets));
 * if (shortening) applyCounterexampleShortening(result, shortening);
 * ```
 */
export async function shortestCounterexamples(
  config: ExplorerConfig,
  initial: InitialState,
  opts: ExploreOptions,
  given: CounterexampleTargets,
  run: { watchers?: readonly ExploreObserver[]; timeoutMs?: number } = {},
): Promise<CounterexampleShortening | undefined> {
  if (!shorteningApplies(config, opts)) return undefined;
  const watchers = run.watchers ?? [];
  const targets: Target[] = [
    ...given.violations.map((v): Target => ({ kind: "violation", ...v })),
    ...given.loops.map((l): Target => ({ kind: "loop", ...l })),
  ];
  // Targets by the depth they need (see `depthNeeded`), so that what is still needed is known at
  // once as they are found: a run can report thousands of violations.
  const waiting = new DepthCounts();
  for (const t of targets) waiting.add(depthNeeded(t));
  const bound = waiting.highest() + 1;
  const stats: ShorteningStats = { uniqueStates: 0, transitions: 0, maxDepth: Math.max(0, bound), durationMs: 0, exhausted: false };
  // Paths of at most one step, and self-loops, are as short as they can be: nothing to search.
  if (bound <= 0 || targets.every((t) => depthNeeded(t) < 0 || (t.kind === "violation" ? t.length <= 1 : t.pathLength <= 1 && t.cycleLength <= 1))) {
    return { violations: targets.flatMap((t) => (t.kind === "violation" ? [violationOutcome(t, true)] : [])), loops: targets.flatMap((t) => (t.kind === "loop" ? [{ stateId: t.stateId, shortest: true }] : [])), stats };
  }

  const byId = new Map<string, Target[]>();
  for (const t of targets) {
    const id = t.stateId;
    const list = byId.get(id);
    if (list) list.push(t);
    else byId.set(id, [t]);
  }
  const found = new Map<string, number>();
  /** The deepest state discovered: when one at depth d appears, every state above d−1 is expanded. */
  let deepest = 0;
  let settled = false;
  const model = new KubernetesModel(config, initial, {
    reduction: "none",
    strategy: "bfs",
    engine: opts.engine,
    memoizeReconciles: opts.memoizeReconciles,
    abortOnError: opts.abortOnError,
    reconcileTimeoutMs: opts.reconcileTimeoutMs,
    observers: watchers,
  });
  let stop: (() => void) | undefined;
  let search: CoreResultGraph | undefined;
  // Told of each new state: notes the counterexamples' states, and stops once all are settled.
  const observer = {
    state(s: number): void {
      const graph = search!;
      const depth = graph.depth(s);
      if (depth > deepest) deepest = depth;
      const mine = byId.get(graph.stateId(s));
      if (mine) {
        found.set(graph.stateId(s), s);
        for (const t of mine) {
          waiting.remove(depthNeeded(t));
          t.foundAt = depth;
          waiting.add(depthNeeded(t));
        }
      }
      if (deepest - 2 >= waiting.highest() && !settled) {
        settled = true;
        stop!();
      }
    },
  };
  const checked = check(model, {
    engine: opts.engine ?? "wasm",
    frontier: "bfs",
    seed: 1,
    expectedStates: Math.min(opts.shorteningMaxStates ?? DEFAULT_SHORTENING_MAX_STATES, 1 << 20),
    maxDepth: bound,
    maxStates: opts.shorteningMaxStates ?? DEFAULT_SHORTENING_MAX_STATES,
    timeoutMs: run.timeoutMs,
    signal: opts.signal,
    observers: [...watchers, observer],
  });
  let complete = false;
  search = new CoreResultGraph(checked.graph, model, () => complete);
  stop = checked.stop;
  const end = await checked.done;
  complete = end.complete;
  const s = checked.stats();
  stats.uniqueStates = s.uniqueStates;
  stats.transitions = s.transitions;
  stats.durationMs = s.durationMs;
  // Everything at depths up to here was expanded: all of them when the search ran out by itself.
  const expandedThrough = end.complete || settled ? Infinity : deepest - 2;
  stats.exhausted = !(end.complete || settled);

  const graph: ResultGraph = search;
  let tree: Int32Array | undefined;
  const pathTo = (state: number): Path => edgesTo(graph, (tree ??= shortestPathTree(graph)), state).map((e) => stepOfEdge(graph, e));
  const violations: ShortenedViolation[] = [];
  const loops: ShortenedLoop[] = [];
  for (const t of targets) {
    const id = t.stateId;
    const state = found.get(id);
    if (t.kind === "violation") {
      // Breadth first, a state is discovered at its shortest depth.
      const out = violationOutcome(t, state !== undefined || expandedThrough >= t.length - 2);
      if (state !== undefined && t.foundAt! < t.length) out.path = pathTo(state);
      violations.push(out);
      continue;
    }
    const out: ShortenedLoop = { stateId: id, shortest: false };
    if (state !== undefined) {
      const p = t.foundAt!;
      if (p < t.pathLength) out.path = pathTo(state);
      const cycle = shortestCycle(graph, state, t.cycleLength - 1, t.failing);
      if (cycle !== undefined) out.cycle = cycle.map((e) => stepOfEdge(graph, e));
      const k = cycle?.length ?? t.cycleLength;
      // No cycle shorter than k was missed when every state it could pass through was expanded.
      out.shortest = expandedThrough >= p + k - 2;
    }
    loops.push(out);
  }
  return { violations, loops, stats };
}

/** How many targets need each depth expanded, and the highest such depth (−1 when none needs any). */
class DepthCounts {
  private readonly counts: number[] = [];
  private top = -1;

  add(depth: number): void {
    if (depth < 0) return;
    this.counts[depth] = (this.counts[depth] ?? 0) + 1;
    if (depth > this.top) this.top = depth;
  }

  remove(depth: number): void {
    if (depth < 0) return;
    this.counts[depth]!--;
    while (this.top >= 0 && !this.counts[this.top]) this.top--;
  }

  highest(): number {
    return this.top;
  }
}

function violationOutcome(t: ViolationTarget, shortest: boolean): ShortenedViolation {
  return { stateId: t.stateId, invariant: t.invariant, shortest };
}

/**
 * The shortest cycle from `start` back to it of at most `maxLength` steps in the explored graph
 * (for a failing reconciler, `failing`'s error steps only), as edges; undefined when there is
 * none. Breadth first over successors in edge order: the same graph gives the same cycle.
 */
function shortestCycle(graph: ResultGraph, start: number, maxLength: number, failing: string | undefined): number[] | undefined {
  if (maxLength < 1) return undefined;
  const parentEdge = new Map<number, number>();
  const depth = new Map<number, number>([[start, 0]]);
  const queue = [start];
  for (let head = 0; head < queue.length; head++) {
    const s = queue[head]!;
    const d = depth.get(s)!;
    if (d >= maxLength) break;
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const e = succ[i]!;
      const [, to, stepId] = graph.edge(e);
      if (failing !== undefined) {
        const step = graph.step(stepId);
        if (step.error === undefined || step.reconcilerId !== failing) continue;
      }
      if (to === start) {
        const edges = [e];
        for (let cur = s; cur !== start; cur = graph.edge(parentEdge.get(cur)!)[0]) edges.push(parentEdge.get(cur)!);
        return edges.reverse();
      }
      if (depth.has(to)) continue;
      depth.set(to, d + 1);
      parentEdge.set(to, e);
      queue.push(to);
    }
  }
  return undefined;
}

/**
 * Puts a shortening's paths into `result` (matched by state id, and invariant for violations)
 * and marks every counterexample `shortest: true` or `false`; records the search's cost in
 * `result.stats.shortening`. Returns a warning when some counterexample could not be settled,
 * naming the option that would settle it.
 *
 * @example
 * ```ts
 * const warning = applyCounterexampleShortening(result, shortening);
 * if (warning) console.warn(warning);
 * ```
 */
export function applyCounterexampleShortening(result: ExploreResult, shortening: CounterexampleShortening): string | undefined {
  const violations = new Map(shortening.violations.map((v) => [`${v.stateId} ${v.invariant}`, v]));
  const loops = new Map(shortening.loops.map((l) => [l.stateId, l]));
  let unsettled = 0;
  for (const v of result.violations) {
    const s = violations.get(`${v.stateId} ${v.invariant}`);
    if (s === undefined) continue;
    if (s.path) define(v, "path", s.path);
    v.shortest = s.shortest;
    if (!s.shortest) unsettled++;
  }
  for (const state of [...result.nonConverging, ...result.keepsFailing]) {
    const s = loops.get(state.id);
    if (s === undefined) continue;
    if (s.path) define(state, "paths", [s.path]);
    if (s.cycle) define(state, "cycle", s.cycle);
    state.shortest = s.shortest;
    if (!s.shortest) unsettled++;
  }
  result.stats.shortening = shortening.stats;
  if (unsettled === 0) return undefined;
  return (
    `${unsettled} counterexample${unsettled === 1 ? "" : "s"} may not be the shortest (marked shortest: false): the search for shorter paths without reduction ` +
    `stopped after ${shortening.stats.uniqueStates} states (its budget, or a stop) before it could settle ${unsettled === 1 ? "it" : "them"}; ` +
    `raise shorteningMaxStates (--shortening-max-states), or explore with reduction "none" and strategy "bfs"`
  );
}

/** Replaces a (possibly lazy) property of a result object with a plain value. */
function define(obj: object, key: string, value: unknown): void {
  Object.defineProperty(obj, key, { value, enumerable: true, configurable: true, writable: true });
}
