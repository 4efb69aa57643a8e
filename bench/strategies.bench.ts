import { loadavg } from "node:os";
import { bugCorpus } from "../examples/bugs/index.ts";
import { compareStrategies, type StrategyCell } from "../src/compare/compareStrategies.ts";
import { comparisonTable, formatNumber } from "../src/compare/comparisonTable.ts";
import { STRATEGY_NAMES } from "../src/compare/strategySpec.ts";

/** The fixed seed set and budget of the benchmark (README, "Benchmarking search strategies"). */
const SEEDS = 10;
const BUDGET = { reconciles: 5000 };

/**
 * The whole bug corpus × the whole strategy portfolio, seeds 1..10, 5000 reconciles per run, each
 * scenario with its own options (so the default reduction, "por", for the frontier searches): the
 * table, then the targets. dfs is the baseline measured in the same run: for each deep bug, each
 * strategy's median reconciles to the bug is set against dfs's as a ratio, and against dfs over
 * the full graph (reduction "none"), run for the deep bugs alongside. The parameter sweep is a
 * benchmark of its own (`strategySweep`).
 */
export async function run(): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(1)).join(", ");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const comparison = await compareStrategies({
    scenarios: bugCorpus.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample })),
    strategies: [...STRATEGY_NAMES],
    seeds: SEEDS,
    budget: BUDGET,
  });
  const deep = bugCorpus.filter((b) => b.deep);
  const fullDfs = await compareStrategies({
    scenarios: deep.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample })),
    strategies: ["dfs"],
    seeds: SEEDS,
    budget: BUDGET,
    reduction: "none",
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(comparisonTable(comparison));

  const cell = (bug: string, strategy: string): StrategyCell => comparison.cells.find((c) => c.scenario === bug && c.strategy === strategy)!;
  const byMedian = (c: StrategyCell) => Number.isFinite(c.reconcilesToBug.median);
  const missed = bugCorpus.filter((b) => !comparison.strategies.some((s) => byMedian(cell(b.name, s))));
  console.log(`every bug found by some strategy's median run: ${missed.length === 0 ? "yes" : `no (missed: ${missed.map((b) => b.name).join(", ")})`}`);

  for (const [title, baseline] of [
    ["dfs with the default reduction (por)", (bug: string) => cell(bug, "dfs").reconcilesToBug.median],
    ["dfs over the full graph (reduction none)", (bug: string) => fullDfs.cells.find((c) => c.scenario === bug)!.reconcilesToBug.median],
  ] as const) {
    console.log(`\ndeep bugs: median reconciles to the bug, ${title} / strategy`);
    for (const bug of deep) {
      const dfs = baseline(bug.name);
      const ratios = comparison.strategies
        .filter((s) => s !== "dfs")
        .map((s) => ({ s, ratio: dfs / cell(bug.name, s).reconcilesToBug.median }))
        .sort((a, b) => b.ratio - a.ratio);
      console.log(`  ${bug.name} (dfs ${formatNumber(dfs)}): ${ratios.map((r) => `${r.s} ${r.ratio.toFixed(2)}x`).join(", ")}`);
    }
  }
  const cpu = process.cpuUsage(cpu0);
  const runs = comparison.runs.length + fullDfs.runs.length;
  console.log(`\n${runs} runs in ${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; load average ${load} at start, ${loadavg().map((l) => l.toFixed(1)).join(", ")} at end`);
}
