import { describe, expect, it } from "vitest";
import { findBug } from "../../examples/bugs/index.ts";
import { compareStrategies, type StrategyRun } from "../../src/compare/compareStrategies.ts";
import { comparisonHtml } from "../../src/compare/comparisonHtml.ts";
import { comparisonJson, comparisonTable } from "../../src/compare/comparisonTable.ts";
import { parseStrategy } from "../../src/compare/strategySpec.ts";
import type { ExploreOptions } from "../../src/explore/exploreOptions.ts";
import { KameraError } from "../../src/kameraError.ts";

const bug = findBug("job-deleted-pod-uncounted")!;
const target = { scenario: bug.scenario({ fixed: false }), counterexample: bug.counterexample };

/** A direct exploration of the bug, counting reconciles (transitions) up to each state as the harness does. */
async function direct(opts: ExploreOptions) {
  const { builder, initial, options } = bug.scenario({ fixed: false }).build();
  let edges = 0;
  const reconcilesAt: number[] = [];
  const result = await builder.build().explore(initial, {
    ...options,
    ...opts,
    observers: [{ state: (s) => (reconcilesAt[s] = s === 0 ? 0 : edges + 1), edge: () => edges++ }],
  });
  return { result, reconcilesAt };
}

describe("compareStrategies", () => {
  it("its numbers agree with a direct explore of the same bug, strategy and seed", async () => {
    const c = await compareStrategies({ scenarios: [target], strategies: ["dfs", "pct", "delay-bounded", "pos"], seeds: [3], budget: { reconciles: 5000 } });
    for (const run of c.runs) {
      expect(run.found).toBe(true);
      const { result, reconcilesAt } = await direct({ strategy: parseStrategy(run.strategy).strategy, seed: run.seed ?? 1 });
      // The direct run finds the bug too, and the state the harness named is the same state, reached after as many states and reconciles.
      expect(bug.counterexample(result)).toBeDefined();
      expect(result.graph.stateId(run.statesToBug! - 1)).toBe(run.bugState);
      expect(reconcilesAt[run.statesToBug! - 1]).toBe(run.reconcilesToBug);
      // No state discovered earlier shows the bug: it is the first violating state of the direct run.
      const order = new Map(Array.from({ length: result.graph.stateCount() }, (_, s) => [result.graph.stateId(s), s]));
      const violating = result.violations.filter((v) => v.invariant === "a Job's pods succeed at most `completions` times").map((v) => order.get(v.stateId)!);
      expect(Math.min(...violating)).toBe(run.statesToBug! - 1);
    }
  });

  it("runs several settings of one strategy side by side, each as its own cell agreeing with a direct explore of that setting", async () => {
    const settings = ["pct:depth=1", "pct:depth=3", "random-walk:length=6", "random-walk"];
    const c = await compareStrategies({ scenarios: [target], strategies: settings, seeds: [1, 2], budget: { reconciles: 3000 } });
    expect(c.strategies).toEqual(settings);
    expect(c.cells.map((cell) => cell.strategy)).toEqual(settings);
    for (const run of c.runs) {
      const { result, reconcilesAt } = await direct({ strategy: parseStrategy(run.strategy).strategy, seed: run.seed!, maxStates: run.states });
      if (!run.found) continue;
      expect(result.graph.stateId(run.statesToBug! - 1)).toBe(run.bugState);
      expect(reconcilesAt[run.statesToBug! - 1]).toBe(run.reconcilesToBug);
    }
    // The settings are different searches: the depth-1 and depth-3 PCT runs do not all take the same walks.
    const pctRuns = (name: string) => c.runs.filter((r) => r.strategy === name).map((r) => [r.reconcilesToBug, r.statesToBug]);
    expect(pctRuns("pct:depth=1")).not.toEqual(pctRuns("pct:depth=3"));
  });

  it("a reduction asked of the comparison applies to every run: reduction none makes dfs search the full graph", async () => {
    const none = await compareStrategies({ scenarios: [target], strategies: ["dfs", "pos"], seeds: [2], budget: { reconciles: 5000 }, reduction: "none" });
    expect(none.reduction).toBe("none");
    expect(comparisonTable(none)).toContain("reduction: none;");
    const dfs = none.runs.find((r) => r.strategy === "dfs")!;
    const { result, reconcilesAt } = await direct({ strategy: "dfs", reduction: "none" });
    expect(result.stats.reduction ?? "none").toBe("none");
    expect(result.graph.stateId(dfs.statesToBug! - 1)).toBe(dfs.bugState);
    expect(reconcilesAt[dfs.statesToBug! - 1]).toBe(dfs.reconcilesToBug);
    // Walks are not reduced: the same seed walks the same way whatever the reduction.
    const por = await compareStrategies({ scenarios: [target], strategies: ["pos"], seeds: [2], budget: { reconciles: 5000 }, reduction: "por" });
    const strip = ({ ms: _ms, msToBug: _msToBug, ...rest }: StrategyRun) => rest;
    expect(strip(por.runs[0]!)).toEqual(strip(none.runs.find((r) => r.strategy === "pos")!));
    await expect(compareStrategies({ scenarios: [target], strategies: ["dfs"], seeds: 1, budget: { reconciles: 10 }, reduction: "stubborn" as never })).rejects.toThrow(
      /unknown reduction "stubborn"; reductions: none, por, noops/,
    );
  });

  it("runs a seeded strategy once per seed and dfs once, and reports k of n", async () => {
    const c = await compareStrategies({ scenarios: [target], strategies: ["dfs", "random-walk"], seeds: 3, budget: { states: 200 } });
    expect(c.runs.map((r) => [r.strategy, r.seed])).toEqual([["dfs", undefined], ["random-walk", 1], ["random-walk", 2], ["random-walk", 3]]);
    const walkCell = c.cells.find((cell) => cell.strategy === "random-walk")!;
    expect(walkCell.runs).toBe(3);
    expect(walkCell.found).toBe(walkCell.foundSeeds.length);
    expect(c.cells.find((cell) => cell.strategy === "dfs")!.seeds).toEqual([]);
  });

  it("is deterministic: the same inputs give the same runs, wall time aside", async () => {
    const strip = (runs: StrategyRun[]) => runs.map(({ ms: _ms, msToBug: _msToBug, ...rest }) => rest);
    const opts = { scenarios: [target], strategies: ["pct", "coverage"], seeds: 2, budget: { reconciles: 300 } } as const;
    expect(strip((await compareStrategies(opts)).runs)).toEqual(strip((await compareStrategies(opts)).runs));
  });

  it("a budget too small to reach the bug is reported as not found", async () => {
    const c = await compareStrategies({ scenarios: [target], strategies: ["bfs"], seeds: 1, budget: { reconciles: 3 } });
    expect(c.runs[0]!.found).toBe(false);
    expect(c.cells[0]!.reconcilesToBug.median).toBe(Infinity);
    expect(comparisonTable(c)).toMatch(/bfs\s+0\/1\s+—/);
  });

  it("the fixed variant's bug is never found", async () => {
    const c = await compareStrategies({ scenarios: [{ scenario: bug.scenario({ fixed: true }), counterexample: bug.counterexample }], strategies: ["dfs"], seeds: 1, budget: { reconciles: 5000 } });
    expect(c.runs[0]!.found).toBe(false);
    expect(c.runs[0]!.complete).toBe(true);
  });

  it("a user-defined priority strategy takes part, and one that throws is named in a clear error", async () => {
    const fewestPending = { name: "fewest-pending", strategy: { priority: (e: { pendingCount: number }) => -e.pendingCount } };
    const c = await compareStrategies({ scenarios: [target], strategies: [fewestPending], seeds: 5, budget: { reconciles: 5000 } });
    expect(c.runs).toHaveLength(1);
    expect(c.runs[0]!.found).toBe(true);
    const broken = { name: "broken", strategy: { priority: () => { throw new Error("no priority today"); } } };
    const failing = compareStrategies({ scenarios: [target], strategies: [broken], seeds: 1, budget: { reconciles: 100 } });
    await expect(failing).rejects.toThrow(KameraError);
    await expect(failing).rejects.toThrow(/strategy "broken" on scenario "job-deleted-pod-uncounted" failed: .*no priority today/);
  });

  it("bad input is rejected before anything runs", async () => {
    const base = { scenarios: [target], strategies: ["dfs"], seeds: 1, budget: { reconciles: 10 } };
    await expect(compareStrategies({ ...base, strategies: ["dfs", "astar"] })).rejects.toThrow(/unknown strategy "astar"; strategies: dfs, bfs, random, random-walk, pct, delay-bounded, coverage, pos/);
    await expect(compareStrategies({ ...base, budget: { reconciles: 0 } })).rejects.toThrow(/the budget's reconciles must be a positive integer, got 0/);
    await expect(compareStrategies({ ...base, budget: { minutes: 3 } as never })).rejects.toThrow(/a budget is one of/);
    await expect(compareStrategies({ ...base, scenarios: [] })).rejects.toThrow(/at least one scenario/);
    await expect(compareStrategies({ ...base, seeds: 0 })).rejects.toThrow(/seeds must be a positive integer/);
    await expect(compareStrategies({ ...base, strategies: ["pct:depth=0"] })).rejects.toThrow(/pct's depth must be an integer ≥ 1/);
    await expect(compareStrategies({ ...base, strategies: ["dfs", "dfs"] })).rejects.toThrow(/listed twice/);
  });

  it("a scenario whose build() returns options that are not explore options is named, as kamera explore names it", async () => {
    const scenario = { ...target.scenario, build: () => ({ ...target.scenario.build(), options: "bfs" as never }) };
    const run = compareStrategies({ scenarios: [{ scenario }], strategies: ["dfs"], seeds: 1, budget: { reconciles: 10 } });
    await expect(run).rejects.toThrow(KameraError);
    await expect(run).rejects.toThrow(/^scenario "job-deleted-pod-uncounted": the options build\(\) returned are not valid: explore options must be an object/);
  });

  it("the HTML report is one self-contained page: inline SVG plots, no external asset, no running script", async () => {
    const c = await compareStrategies({ scenarios: [target], strategies: ["dfs", "pct"], seeds: 2, budget: { reconciles: 500 } });
    const html = comparisonHtml(c);
    expect(html).toMatch(/^<!doctype html>/);
    expect(html.match(/<svg /g)).toHaveLength(2);
    expect(html).toContain("bugs found against budget");
    expect(html).not.toMatch(/\s(src|href)=/i);
    expect(html).not.toMatch(/url\(/i);
    expect(html.replaceAll('xmlns="http://www.w3.org/2000/svg"', "")).not.toMatch(/https?:/);
    for (const script of html.match(/<script[^>]*>/g) ?? []) expect(script).toBe('<script type="application/json" id="comparison">');
    const embedded = JSON.parse(/<script type="application\/json" id="comparison">([\s\S]*?)<\/script>/.exec(html)![1]!);
    expect(embedded.runs).toHaveLength(c.runs.length);
    expect(JSON.parse(comparisonJson(c)).cells).toHaveLength(2);
  });
});
