import type { ExploreOptions } from "../explore/exploreOptions.ts";
import type { SearchStrategy } from "../explore/searchStrategy.ts";
import { validateWalkStrategy, WALK_STRATEGIES, type WalkStrategy, type WalkStrategyName } from "../explore/strategies/walkStrategy.ts";
import { KameraError } from "../kameraError.ts";

/**
 * One strategy of a comparison: its name in tables and what `ExploreOptions.strategy` gets.
 * `seeded` says whether the seed changes its runs (dfs, bfs and custom priorities are run once).
 *
 * @example
 * ```ts
 * const fewestPending: ComparedStrategy = { name: "fewest-pending", strategy: { priority: (e) => -e.pendingCount }, seeded: false };
 * ```
 */
export interface ComparedStrategy {
  name: string;
  strategy: NonNullable<ExploreOptions["strategy"]>;
  seeded: boolean;
}

/**
 * Every strategy name `parseStrategy` takes, frontier searches first.
 *
 * @example
 * ```ts
 * console.log(STRATEGY_NAMES.join(", ")); // dfs, bfs, random, random-walk, pct, delay-bounded, coverage, pos
 * ```
 */
export const STRATEGY_NAMES = ["dfs", "bfs", "random", ...WALK_STRATEGIES] as const;

/**
 * Reads a strategy as the command line writes it: a name, with a walk strategy's parameters after
 * colons (`pct:depth=2`, `pct:depth=3:steps=40`, `delay-bounded:delays=1`, `random-walk:length=30`).
 * Several settings of one strategy may sit side by side in a comparison: each is its own strategy,
 * named as written (`pct:depth=1`, `pct:depth=3`).
 *
 * @example
 * ```ts
 * parseStrategy("pct:depth=2"); // { name: "pct:depth=2", strategy: { walk: "pct", depth: 2 }, seeded: true }
 * ```
 */
export function parseStrategy(text: string): ComparedStrategy {
  const [name = "", ...params] = text.trim().split(":");
  if (name === "dfs" || name === "bfs" || name === "random") {
    if (params.length > 0) throw new KameraError(`strategy ${JSON.stringify(text)}: ${name} takes no parameters`);
    return { name, strategy: name, seeded: name === "random" };
  }
  if (!(WALK_STRATEGIES as readonly string[]).includes(name)) {
    throw new KameraError(`unknown strategy ${JSON.stringify(name)}; strategies: ${STRATEGY_NAMES.join(", ")} (a custom one goes through the API as { name, strategy: { priority } })`);
  }
  const walk: Record<string, unknown> = { walk: name as WalkStrategyName };
  for (const p of params) {
    const m = /^([a-z]+)=(\d+)$/.exec(p);
    if (!m) throw new KameraError(`strategy ${JSON.stringify(text)}: parameter ${JSON.stringify(p)} is not key=integer (e.g. pct:depth=2)`);
    if (m[1]! in walk) throw new KameraError(`strategy ${JSON.stringify(text)}: parameter "${m[1]}" is given twice`);
    walk[m[1]!] = Number(m[2]);
  }
  validateWalkStrategy(walk as WalkStrategy);
  return { name: text.trim(), strategy: walk as WalkStrategy, seeded: true };
}

/** A comparison's strategy from a name or a `{ name, strategy }` object (a custom `SearchStrategy` is run once, unseeded). */
export function comparedStrategyOf(s: string | { name: string; strategy: SearchStrategy | ExploreOptions["strategy"]; seeded?: boolean }): ComparedStrategy {
  if (typeof s === "string") return parseStrategy(s);
  if (s === null || typeof s !== "object" || typeof s.name !== "string" || s.name === "") {
    throw new KameraError(`a strategy is a name (${STRATEGY_NAMES.join(", ")}) or { name, strategy }, got ${JSON.stringify(s)}`);
  }
  const strategy = s.strategy;
  if (typeof strategy === "string") return { ...parseStrategy(strategy), name: s.name };
  if (strategy === null || typeof strategy !== "object") throw new KameraError(`strategy "${s.name}": strategy must be a name or an object, got ${JSON.stringify(strategy)}`);
  if ("walk" in strategy) {
    validateWalkStrategy(strategy);
    return { name: s.name, strategy, seeded: true };
  }
  if (typeof (strategy as SearchStrategy).priority !== "function") {
    throw new KameraError(`strategy "${s.name}": a custom strategy needs a priority(entry) function returning a number`);
  }
  return { name: s.name, strategy, seeded: s.seeded ?? false };
}
