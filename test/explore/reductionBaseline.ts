import type { Explorer, ExploreOutcome } from "../../src/index.ts";
import type { InitialState } from "../../src/explore/initialStateBuilder.ts";
import { randomScenario } from "./randomScenario.ts";

/** What a reduction must keep: converged worlds, violated invariants, livelocks, why states were aborted. */
export function reductionOutcomes(r: ExploreOutcome) {
  return {
    complete: r.complete,
    converged: r.convergedStates.map((s) => s.id).sort(),
    violated: [...new Set(r.violations.map((v) => v.invariant))].sort(),
    livelock: r.nonConverging.length + r.keepsFailing.length > 0,
    abortReasons: [...new Set(r.abortedStates.map((s) => s.reason))].sort(),
  };
}

/** A random scenario whose unreduced search completed within the bound: the baseline a reduction is compared with. */
export interface UnreducedRun {
  seed: number;
  explorer: Explorer;
  initial: InitialState;
  none: ExploreOutcome;
}

let unreduced: Promise<UnreducedRun[]> | undefined;

/**
 * The random scenarios of seeds 1-60 whose search without reduction completes within 3000 states,
 * with that search's outcome. Explored once per test file, however many differential tests compare with it.
 */
export function unreducedRandomRuns(): Promise<UnreducedRun[]> {
  unreduced ??= (async () => {
    const runs: UnreducedRun[] = [];
    for (let seed = 1; seed <= 60; seed++) {
      const g = randomScenario(seed);
      const explorer = g.builder.build();
      const none = await explorer.explore(g.initial, { reduction: "none", maxStates: 3000 });
      if (none.complete) runs.push({ seed, explorer, initial: g.initial, none });
    }
    return runs;
  })();
  return unreduced;
}
