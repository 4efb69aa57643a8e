import { bugCorpus } from "../examples/bugs/index.ts";
import { compareStrategies, type StrategyCell } from "../src/compare/compareStrategies.ts";
import { comparisonTable, formatNumber } from "../src/compare/comparisonTable.ts";
import { STRATEGY_NAMES } from "../src/compare/strategySpec.ts";

/** The fixed seed set and budget of the benchmark (README, "Benchmarking search strategies"). */
const SEEDS = 10;
const BUDGET = { reconciles: 5000 };

/**
 * The whole bug corpus × the whole strategy portfolio, seeds 1..10, 5000 reconciles per run: the
 * table, then the targets. dfs is the baseline measured in the same run: for each deep bug, each
 * strategy's median reconciles to the bug is set against dfs's as a ratio.
 */
export async function run(): Promise<void> {
  const t0 = performance.now();
  const comparison = await compareStrategies({
    scenarios: bugCorpus.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample })),
    strategies: [...STRATEGY_NAMES],
    seeds: SEEDS,
    budget: BUDGET,
  });
  const seconds = (performance.now() - t0) / 1000;
  console.log(comparisonTable(comparison));

  const cell = (bug: string, strategy: string): StrategyCell => comparison.cells.find((c) => c.scenario === bug && c.strategy === strategy)!;
  const byMedian = (c: StrategyCell) => Number.isFinite(c.reconcilesToBug.median);
  const missed = bugCorpus.filter((b) => !comparison.strategies.some((s) => byMedian(cell(b.name, s))));
  console.log(`every bug found by some strategy's median run: ${missed.length === 0 ? "yes" : `no (missed: ${missed.map((b) => b.name).join(", ")})`}`);

  console.log("\ndeep bugs: median reconciles to the bug, dfs (baseline) / strategy");
  for (const bug of bugCorpus.filter((b) => b.deep)) {
    const dfs = cell(bug.name, "dfs").reconcilesToBug.median;
    const ratios = comparison.strategies
      .filter((s) => s !== "dfs")
      .map((s) => ({ s, ratio: dfs / cell(bug.name, s).reconcilesToBug.median }))
      .sort((a, b) => b.ratio - a.ratio);
    console.log(`  ${bug.name} (dfs ${formatNumber(dfs)}): ${ratios.map((r) => `${r.s} ${r.ratio.toFixed(2)}x`).join(", ")}`);
  }
  console.log(`\n${comparison.runs.length} runs in ${seconds.toFixed(1)} s`);
}
