import { loadavg } from "node:os";
import { bugCorpus } from "../examples/bugs/index.ts";
import { compareStrategies, type StrategyCell, type StrategyComparison } from "../src/compare/compareStrategies.ts";
import { formatNumber, formatQuartiles } from "../src/compare/comparisonTable.ts";

/** The fixed seed set and budget, the same as the `strategies` benchmark's. */
const SEEDS = 10;
const BUDGET = { reconciles: 5000 };

/**
 * The parameter grid: every walk strategy over the range of each parameter docs/strategies.md
 * documents (the defaults included, written without parameters). Not chosen per bug: the same
 * grid runs on both deep bugs.
 */
export const SWEEP = [
  // Random walk: the restart length (the walk restarts after that many steps; default: maxDepth).
  "random-walk",
  "random-walk:length=25",
  "random-walk:length=30",
  "random-walk:length=40",
  "random-walk:length=60",
  // PCT: the bug depth d, then the step bound k at the default d = 3.
  "pct:depth=1",
  "pct:depth=2",
  "pct",
  "pct:depth=4",
  "pct:depth=5",
  "pct:steps=25",
  "pct:steps=50",
  // Delay bounding: the number of delays.
  "delay-bounded:delays=0",
  "delay-bounded:delays=1",
  "delay-bounded",
  "delay-bounded:delays=3",
  "delay-bounded:delays=4",
  // Coverage guidance and POS: the restart length, their only parameter besides the walk count.
  "coverage",
  "coverage:length=30",
  "coverage:length=40",
  "coverage:length=60",
  "pos",
  "pos:length=30",
  "pos:length=40",
  "pos:length=60",
] as const;

/**
 * The parameter sweep on the deep bugs: every setting of `SWEEP`, seeds 1..10, 5000 reconciles
 * per run, against two dfs baselines measured in the same run: dfs over the full graph (reduction
 * "none", what the corpus's deep-bug figures were first measured with) and dfs with the default
 * reduction ("por"). Walks are not reduced, so they run once. Prints every cell, not only the best.
 */
export async function run(): Promise<void> {
  const load = loadavg().map((l) => l.toFixed(1)).join(", ");
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const deep = bugCorpus.filter((b) => b.deep);
  const scenarios = deep.map((b) => ({ scenario: b.scenario({ fixed: false }), counterexample: b.counterexample }));
  const full = await compareStrategies({ scenarios, strategies: ["dfs", ...SWEEP], seeds: SEEDS, budget: BUDGET, reduction: "none" });
  const por = await compareStrategies({ scenarios, strategies: ["dfs"], seeds: SEEDS, budget: BUDGET, reduction: "por" });
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);

  const cell = (c: StrategyComparison, bug: string, strategy: string): StrategyCell => c.cells.find((x) => x.scenario === bug && x.strategy === strategy)!;
  console.log(`load average at start: ${load}; seeds 1-${SEEDS}; budget ${BUDGET.reconciles} reconciles per run`);
  const summary: string[] = [];
  for (const bug of deep) {
    const dfsNone = cell(full, bug.name, "dfs").reconcilesToBug.median;
    const dfsPor = cell(por, bug.name, "dfs").reconcilesToBug.median;
    console.log(`\n${bug.name}: dfs ${formatNumber(dfsNone)} reconciles (reduction none), ${formatNumber(dfsPor)} (reduction por)`);
    const header = ["setting", "found", "reconciles to bug", "dfs(none) / it", "dfs(por) / it"];
    const medians = SWEEP.map((s) => cell(full, bug.name, s).reconcilesToBug.median);
    const rows = SWEEP.map((s, i) => {
      const c = cell(full, bug.name, s);
      return [s, `${c.found}/${c.runs}`, formatQuartiles(c.reconcilesToBug), ratio(dfsNone, medians[i]!), ratio(dfsPor, medians[i]!)];
    });
    const best = Math.min(...medians);
    const bestSettings = SWEEP.filter((_, i) => medians[i] === best).join(", ");
    for (const [name, dfs] of [["none", dfsNone], ["por", dfsPor]] as const) {
      const at5 = SWEEP.filter((_, i) => dfs / medians[i]! >= 5);
      summary.push(`${bug.name}, dfs (reduction ${name}) ${formatNumber(dfs)}: best ${bestSettings} at ${formatNumber(best)}, ${ratio(dfs, best)}; ${at5.length} of ${SWEEP.length} settings at ≥ 5x${at5.length > 0 ? ` (${at5.join(", ")})` : ""}`);
    }
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (r: readonly string[]) => r.map((v, i) => (i === 0 ? v.padEnd(widths[i]!) : v.padStart(widths[i]!))).join("  ");
    console.log(line(header));
    for (const r of rows) console.log(line(r));
  }
  console.log(`\n${summary.join("\n")}`);
  console.log(`${full.runs.length + por.runs.length} runs in ${seconds.toFixed(1)} s wall, ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s CPU; load average at end: ${loadavg().map((l) => l.toFixed(1)).join(", ")}`);
}

function ratio(baseline: number, m: number): string {
  return Number.isFinite(m) ? `${(baseline / m).toFixed(2)}x` : "—";
}
