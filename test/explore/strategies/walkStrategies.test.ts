import { describe, expect, it } from "vitest";
import { findBug } from "../../../examples/bugs/index.ts";
import { KameraError } from "../../../src/kameraError.ts";
import { WALK_STRATEGIES, type WalkStrategy } from "../../../src/explore/strategies/walkStrategy.ts";
import type { ExploreOptions } from "../../../src/explore/exploreOptions.ts";

const bug = findBug("job-deleted-pod-uncounted")!;

async function explore(opts: ExploreOptions) {
  const { builder, initial, options } = bug.scenario({ fixed: false }).build();
  const result = await builder.build().explore(initial, { ...options, ...opts });
  const graph = result.graph;
  const ids = Array.from({ length: graph.stateCount() }, (_, s) => graph.stateId(s));
  const edges = Array.from({ length: graph.edgeCount() }, (_, e) => graph.edge(e).join(","));
  return { result, ids, edges };
}

describe("walk strategies", () => {
  for (const walk of WALK_STRATEGIES) {
    it(`${walk}: the same seed walks the same states in the same order`, async () => {
      const a = await explore({ strategy: walk, seed: 5, maxStates: 30 });
      const b = await explore({ strategy: walk, seed: 5, maxStates: 30 });
      expect(a.ids.length).toBeGreaterThan(1);
      expect(b.ids).toEqual(a.ids);
      expect(b.edges).toEqual(a.edges);
      expect(b.result.stats.reconcilesExecuted).toBe(a.result.stats.reconcilesExecuted);
    });

    it(`${walk}: never claims a complete exploration, and says why it stopped`, async () => {
      const { result } = await explore({ strategy: walk, seed: 1, maxStates: 10 });
      expect(result.complete).toBe(false);
      expect(result.stopReason).toBe("maxStates");
    });

    it(`${walk}: finds the corpus bug when given enough walks`, async () => {
      const { result } = await explore({ strategy: { walk, walks: 400 } as WalkStrategy, seed: 2 });
      expect(bug.counterexample(result)).toBeDefined();
      expect(result.complete).toBe(false);
    });
  }

  it("random-walk: different seeds take different walks", async () => {
    const runs = await Promise.all([1, 2, 3].map((seed) => explore({ strategy: "random-walk", seed, maxStates: 20 })));
    expect(new Set(runs.map((r) => r.ids.join())).size).toBeGreaterThan(1);
  });

  for (const walk of WALK_STRATEGIES) {
    it(`${walk}: length restarts every walk from the initial state after that many steps`, async () => {
      const bounded = await explore({ strategy: { walk, length: 2, walks: 30 } as WalkStrategy, seed: 4 });
      const free = await explore({ strategy: { walk, walks: 30 } as WalkStrategy, seed: 4 });
      expect(bounded.result.stats.maxDepth).toBeLessThanOrEqual(2);
      expect(free.result.stats.maxDepth).toBeGreaterThan(2);
    });
  }

  it("delay-bounded with 0 delays walks the one deterministic schedule and then stops with reason walks", async () => {
    const { result } = await explore({ strategy: { walk: "delay-bounded", delays: 0 }, seed: 1 });
    expect(result.stopReason).toBe("walks");
    expect(result.complete).toBe(false);
    // One walk: every state on it but the last has exactly the successors of the thread it ran.
    expect(result.stats.statesVisited).toBe(result.stats.maxDepth + 1);
  });

  it("a walk's graph holds no livelock where it has not run every pending reconcile", async () => {
    const { result } = await explore({ strategy: { walk: "pct", walks: 3 }, seed: 1 });
    expect(result.nonConverging).toEqual([]);
    expect(result.abortedStates.some((s) => s.reason === "limit")).toBe(true);
  });

  it("bad walk parameters are rejected before anything runs, naming the parameter", async () => {
    await expect(explore({ strategy: { walk: "pct", depth: 0 } })).rejects.toThrow(/pct's depth must be an integer ≥ 1, got 0/);
    await expect(explore({ strategy: { walk: "pct", delays: 2 } as never })).rejects.toThrow(/pct has no parameter "delays"; its parameters: depth, steps, walks, length/);
    await expect(explore({ strategy: { walk: "pos", length: 0 } })).rejects.toThrow(/pos's length must be an integer ≥ 1, got 0/);
    await expect(explore({ strategy: { walk: "zigzag" } as never })).rejects.toThrow(KameraError);
    await expect(explore({ strategy: "pcT" as never })).rejects.toThrow(/walk strategy \("random-walk", "pct", "delay-bounded", "coverage", "pos"\)/);
  });

  it("walk parameters past what a walk can use are rejected before anything runs, not left to exhaust memory", async () => {
    await expect(explore({ strategy: { walk: "pct", depth: 100_000_000 } })).rejects.toThrow(/^pct's depth must be at most 100 \(each walk draws depth − 1 change points\), got 100000000$/);
    await expect(explore({ strategy: { walk: "pct", depth: 1e20 } })).rejects.toThrow(/^pct's depth must be at most 9007199254740991, got 100000000000000000000$/);
    await expect(explore({ strategy: { walk: "random-walk", walks: 2 ** 60 } })).rejects.toThrow(/random-walk's walks must be at most 9007199254740991/);
    await expect(explore({ strategy: { walk: "pct", depth: 100 }, maxStates: 50 })).resolves.toMatchObject({ result: { complete: false } });
  });
});
