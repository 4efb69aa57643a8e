import { KameraError } from "../../kameraError.ts";
import type { WalkPolicy } from "../walker.ts";
import { CoveragePolicy } from "./coveragePolicy.ts";
import { DelayBoundedPolicy } from "./delayBoundedPolicy.ts";
import { LengthBoundedPolicy } from "./lengthBoundedPolicy.ts";
import { PctPolicy } from "./pctPolicy.ts";
import { PosPolicy } from "./posPolicy.ts";
import { RandomWalkPolicy } from "./randomWalkPolicy.ts";

/**
 * The walk strategies: searches that run whole executions from the initial state one after
 * another instead of expanding every state (see docs/strategies.md). None is exhaustive: a run
 * with one reports `complete: false`.
 *
 * @example
 * ```ts
 * for (const walk of WALK_STRATEGIES) await explorer.explore(initial, { strategy: walk, seed: 7, maxStates: 5000 });
 * ```
 */
export const WALK_STRATEGIES = ["random-walk", "pct", "delay-bounded", "coverage", "pos"] as const;

/** The name of a walk strategy, as `ExploreOptions.strategy` takes it (with its default parameters). */
export type WalkStrategyName = (typeof WALK_STRATEGIES)[number];

/**
 * How many walks a walk strategy makes unless its `walks` parameter says otherwise.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { strategy: { walk: "random-walk", walks: 10 * DEFAULT_WALKS } });
 * ```
 */
export const DEFAULT_WALKS = 1000;

/**
 * A walk strategy with its parameters, each a safe integer. Every walk is at most `maxDepth` steps long, and at most
 * `length` steps when that is given (every walk strategy takes it: the walk restarts from the
 * initial state after that many steps); a run makes at most `walks` walks (default 1000); the
 * seed (`ExploreOptions.seed`) fixes every random choice, so one seed always gives the same walks.
 * - `random-walk`: a uniformly random pending reconcile, then a uniformly random outcome of it
 *   (staleness view, `ctx.choose` combination), restarting from the initial state.
 * - `pct`: probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte,
 *   ASPLOS 2010): random priorities per reconcile, the highest-priority pending one runs, and at
 *   `depth − 1` random change points among the first `steps` steps the running one drops to the
 *   lowest priorities. `depth` (d, default 3, at most `MAX_PCT_DEPTH`) is the bug depth it
 *   targets; `steps` (k) defaults to the longest walk so far (at least 10).
 * - `delay-bounded`: delay-bounded scheduling (Emmi, Qadeer, Rakamarić, POPL 2011): a
 *   deterministic FIFO work-queue scheduler, deviated from by at most `delays` delays (default 2),
 *   each sending the reconcile at the head of the queue to its back; schedules are enumerated with
 *   0 delays first, then 1, then 2.
 * - `coverage`: coverage guidance: at each step every pending reconcile runs, and the walk moves
 *   to a successor that writes object versions (or touches a set of objects with a reconcile) not
 *   seen before, at random among the most novel, else at random.
 * - `pos`: partial order sampling (Yuan, Yang, Gu, CAV 2018): a random priority per pending
 *   reconcile (event), the highest runs, and the pending events racing with the one that ran get
 *   fresh priorities; races are approximated by the objects each request's runs wrote so far.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { strategy: { walk: "pct", depth: 2 }, seed: 3, maxStates: 10_000 });
 * ```
 */
export type WalkStrategy =
  | { walk: "random-walk"; walks?: number; length?: number }
  | { walk: "pct"; depth?: number; steps?: number; walks?: number; length?: number }
  | { walk: "delay-bounded"; delays?: number; walks?: number; length?: number }
  | { walk: "coverage"; walks?: number; length?: number }
  | { walk: "pos"; walks?: number; length?: number };

/**
 * The parameters each walk strategy takes (see `WalkStrategy`).
 *
 * @example
 * ```ts
 * console.log(WALK_PARAMETERS.pct.join(", ")); // depth, steps, walks, length
 * ```
 */
export const WALK_PARAMETERS: Readonly<Record<WalkStrategyName, readonly string[]>> = {
  "random-walk": ["walks", "length"],
  pct: ["depth", "steps", "walks", "length"],
  "delay-bounded": ["delays", "walks", "length"],
  coverage: ["walks", "length"],
  pos: ["walks", "length"],
};

/**
 * The largest `depth` pct takes. Each walk draws d − 1 change points and checks them at every
 * step, so the cost grows with d, while the chance that a walk finds a bug of depth d,
 * 1/(n·k^(d−1)), is nil long before 100.
 *
 * @example
 * ```ts
 * await explorer.explore(initial, { strategy: { walk: "pct", depth: Math.min(requested, MAX_PCT_DEPTH) } });
 * ```
 */
export const MAX_PCT_DEPTH = 100;

/** The walk strategy an `ExploreOptions.strategy` value names, or undefined when it is a frontier search. */
export function walkStrategyOf(strategy: unknown): WalkStrategy | undefined {
  if (typeof strategy === "string") return (WALK_STRATEGIES as readonly string[]).includes(strategy) ? ({ walk: strategy } as WalkStrategy) : undefined;
  if (typeof strategy === "object" && strategy !== null && "walk" in strategy) return strategy as WalkStrategy;
  return undefined;
}

/**
 * Checks a walk strategy's name and parameters; throws a KameraError naming what is wrong.
 *
 * @example
 * ```ts
 * validateWalkStrategy({ walk: "pct", depth: 0 }); // KameraError: pct's depth must be an integer ≥ 1, got 0
 * ```
 */
export function validateWalkStrategy(strategy: WalkStrategy): void {
  const name = (strategy as { walk: unknown }).walk;
  if (typeof name !== "string" || !(WALK_STRATEGIES as readonly string[]).includes(name)) {
    throw new KameraError(`unknown walk strategy ${JSON.stringify(name)}; walk strategies: ${WALK_STRATEGIES.join(", ")}`);
  }
  const allowed = WALK_PARAMETERS[name as WalkStrategyName];
  for (const [key, value] of Object.entries(strategy)) {
    if (key === "walk") continue;
    if (!allowed.includes(key)) throw new KameraError(`${name} has no parameter "${key}"; its parameters: ${allowed.join(", ")}`);
    const min = key === "delays" ? 0 : 1;
    if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
      throw new KameraError(`${name}'s ${key} must be an integer ≥ ${min}, got ${JSON.stringify(value)}`);
    }
    // Past 2^53 − 1 integers are not exact: 99999999999999999999 would be counted to as 1e20.
    if (!Number.isSafeInteger(value)) throw new KameraError(`${name}'s ${key} must be at most ${Number.MAX_SAFE_INTEGER}, got ${value}`);
    if (name === "pct" && key === "depth" && value > MAX_PCT_DEPTH) {
      throw new KameraError(`pct's depth must be at most ${MAX_PCT_DEPTH} (each walk draws depth − 1 change points), got ${value}`);
    }
  }
}

/** The policy that makes a walk strategy's choices, seeded. */
export function walkPolicyOf(strategy: WalkStrategy, seed: number): WalkPolicy {
  const policy = unboundedPolicyOf(strategy, seed);
  return strategy.length !== undefined ? new LengthBoundedPolicy(policy, strategy.length) : policy;
}

function unboundedPolicyOf(strategy: WalkStrategy, seed: number): WalkPolicy {
  switch (strategy.walk) {
    case "random-walk":
      return new RandomWalkPolicy(seed);
    case "pct":
      return new PctPolicy(seed, strategy.depth ?? 3, strategy.steps);
    case "delay-bounded":
      return new DelayBoundedPolicy(seed, strategy.delays ?? 2);
    case "coverage":
      return new CoveragePolicy(seed);
    case "pos":
      return new PosPolicy(seed);
  }
}
