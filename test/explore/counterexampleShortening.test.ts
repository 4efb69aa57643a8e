import { describe, expect, it } from "vitest";
import { pathSignature, type ExploreOutcome, type Path, type ResultGraph } from "../../src/index.ts";
import { edgesTo, shortestPathTree } from "../../src/explore/buildExploreResult.ts";
import { scenario as duplicateInvariant } from "../../examples/duplicate-invariant/scenario.ts";
import { scenario as livelock } from "../../examples/livelock/scenario.ts";
import { unreducedRandomRuns } from "./reductionBaseline.ts";

/** A path as the states it passes through and the reconciles that move it: what "the same path" means here. */
const route = (path: Path) => path.map((s) => `${s.stateBefore} ${s.reconcilerId}@${s.request.name} ${s.stateAfter}`);

/** The full graph's shortest distance from the initial state to the state `id`, from an unreduced run's graph. */
function fullDistance(graph: ResultGraph, id: string): number | undefined {
  for (let s = 0; s < graph.stateCount(); s++) if (graph.stateId(s) === id) return s === 0 ? 0 : edgesTo(graph, shortestPathTree(graph), s).length || undefined;
  return undefined;
}

/** The full graph's shortest cycle through the state `id` (error steps of `failing` only, when given), by breadth-first search. */
function fullCycleLength(graph: ResultGraph, id: string, failing?: string): number | undefined {
  let start = -1;
  for (let s = 0; s < graph.stateCount(); s++) if (graph.stateId(s) === id) start = s;
  const depth = new Map([[start, 0]]);
  for (const queue = [start]; queue.length > 0; ) {
    const s = queue.shift()!;
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const [, to, step] = graph.edge(succ[i]!);
      if (failing !== undefined && (graph.step(step).error === undefined || graph.step(step).reconcilerId !== failing)) continue;
      if (to === start) return depth.get(s)! + 1;
      if (!depth.has(to)) {
        depth.set(to, depth.get(s)! + 1);
        queue.push(to);
      }
    }
  }
  return undefined;
}

const graphOf = (r: ExploreOutcome) => r.graph;

describe("counterexample shortening: counterexamples found under a reduction are the full graph's shortest", () => {
  it("duplicate-invariant under the default options (partial-order reduction) reports the 2-step violation the full graph has, not the reduced graph's 3 steps", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const explorer = builder.build();
    const reduced = await explorer.explore(initial, options);
    const unshortened = await explorer.explore(initial, { ...options, shortenCounterexamples: false });
    const full = await explorer.explore(initial, { ...options, reduction: "none" });
    expect(reduced.stats.reduction).toBe("por");
    expect(unshortened.violations[0]!.path).toHaveLength(3);
    const v = reduced.violations[0]!;
    expect(v.path).toHaveLength(2);
    expect(v.shortest).toBe(true);
    expect(pathSignature(v.path)).toBe("Spawner@1,Spawner@1");
    // The same state, invariant and message as the reduced run reports, by the full run's own path.
    expect({ ...v, path: route(v.path) }).toEqual({ ...unshortened.violations[0]!, path: route(full.violations[0]!.path), shortest: true });
    expect(reduced.stats.shortening).toMatchObject({ exhausted: false, maxDepth: 2 });
    expect(reduced.warnings).toEqual([]);
  });

  it("with reduction noops as well", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const r = await builder.build().explore(initial, { ...options, reduction: "noops" });
    expect(r.violations.map((v) => [v.path.length, v.shortest])).toEqual([[2, true]]);
  });

  it("the livelock example reports its shortest cycle (2 steps, as in the full graph; the reduced graph's is 4) and the shortest path to it", async () => {
    const { builder, initial, options } = livelock.build();
    const explorer = builder.build();
    const reduced = await explorer.explore(initial, options);
    const unshortened = await explorer.explore(initial, { ...options, shortenCounterexamples: false });
    const full = await explorer.explore(initial, { ...options, reduction: "none" });
    expect(unshortened.nonConverging[0]!.cycle).toHaveLength(4);
    const l = reduced.nonConverging[0]!;
    expect(l.id).toBe(unshortened.nonConverging[0]!.id);
    expect(l.shortest).toBe(true);
    expect(route(l.cycle!)).toEqual(route(full.nonConverging[0]!.cycle!));
    expect(pathSignature(l.cycle!)).toBe("BetaFighter@1,AlphaFighter@1");
    // A cycle: it starts and ends at the livelocked state.
    expect(l.cycle![0]!.stateBefore).toBe(l.id);
    expect(l.cycle!.at(-1)!.stateAfter).toBe(l.id);
    expect(route(l.paths[0]!)).toEqual(route(full.nonConverging[0]!.paths[0]!));
  });

  it("when its state budget runs out first, the reduced path is kept, marked shortest: false, and a warning says how to settle it", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const r = await builder.build().explore(initial, { ...options, shorteningMaxStates: 2 });
    const v = r.violations[0]!;
    expect(v.path).toHaveLength(3);
    expect(v.shortest).toBe(false);
    expect(r.stats.shortening?.exhausted).toBe(true);
    expect(r.warnings).toHaveLength(1);
    expect(r.warnings[0]).toMatch(/1 counterexample may not be the shortest \(marked shortest: false\).*shorteningMaxStates/);
  });

  it("turned off, the reduced graph's paths are reported without a claim", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const r = await builder.build().explore(initial, { ...options, shortenCounterexamples: false });
    expect(r.violations[0]!.path).toHaveLength(3);
    expect("shortest" in r.violations[0]!).toBe(false);
    expect(r.stats.shortening).toBeUndefined();
  });

  it("results with reduction none are unchanged: no search, no shortest flag, the explored graph's own shortest paths", async () => {
    for (const s of [duplicateInvariant, livelock]) {
      const { builder, initial, options } = s.build();
      const explorer = builder.build();
      const on = await explorer.explore(initial, { ...options, reduction: "none" });
      const off = await explorer.explore(initial, { ...options, reduction: "none", shortenCounterexamples: false });
      expect(on.stats.shortening).toBeUndefined();
      for (const v of on.violations) expect("shortest" in v).toBe(false);
      for (const l of on.nonConverging) expect("shortest" in l).toBe(false);
      expect(on.violations.map((v) => route(v.path))).toEqual(off.violations.map((v) => route(v.path)));
      expect(on.nonConverging.map((l) => [route(l.paths[0]!), route(l.cycle!)])).toEqual(off.nonConverging.map((l) => [route(l.paths[0]!), route(l.cycle!)]));
    }
  });

  it("a walk strategy's paths are its walks: not shortened, no claim", async () => {
    const { builder, initial } = duplicateInvariant.build();
    const r = await builder.build().explore(initial, { strategy: "random-walk", seed: 3 });
    expect(r.violations.length).toBeGreaterThan(0);
    for (const v of r.violations) expect("shortest" in v).toBe(false);
    expect(r.stats.shortening).toBeUndefined();
  });

  it("is deterministic: the same scenario gives the same counterexamples, step by step, on every run", async () => {
    const runs = [];
    for (let i = 0; i < 2; i++) {
      const { builder, initial, options } = livelock.build();
      const r = await builder.build().explore(initial, options);
      runs.push(r.nonConverging.map((l) => [l.id, route(l.paths[0]!), route(l.cycle!)]));
    }
    expect(runs[1]).toEqual(runs[0]);
  });

  it("random scenarios: every violation and livelock found with por is reported at the full graph's shortest distance to its state", async () => {
    let violations = 0;
    let loops = 0;
    let shortened = 0;
    for (const { seed, explorer, initial, none } of await unreducedRandomRuns()) {
      const por = await explorer.explore(initial, { reduction: "por", strategy: "bfs" });
      const unshortened = await explorer.explore(initial, { reduction: "por", strategy: "bfs", shortenCounterexamples: false });
      for (const [i, v] of por.violations.entries()) {
        expect({ seed, id: v.stateId, shortest: v.shortest, length: v.path.length }).toEqual({ seed, id: v.stateId, shortest: true, length: fullDistance(graphOf(none), v.stateId) });
        if (v.path.length < unshortened.violations[i]!.path.length) shortened++;
        violations++;
      }
      for (const l of [...por.nonConverging, ...por.keepsFailing]) {
        const failing = l.reason === "keeps-failing" ? l.failedReconcile!.reconcilerId : undefined;
        expect({ seed, id: l.id, shortest: l.shortest, length: l.paths[0]!.length, cycle: l.cycle!.length }).toEqual({
          seed,
          id: l.id,
          shortest: true,
          length: fullDistance(graphOf(none), l.id),
          cycle: fullCycleLength(graphOf(none), l.id, failing),
        });
        loops++;
      }
    }
    expect(violations).toBeGreaterThan(0);
    expect(loops).toBeGreaterThan(0);
    expect(shortened).toBeGreaterThan(0);
  }, 240_000);
});
