import { budgetText } from "./budget.ts";
import type { StrategyCell, StrategyComparison } from "./compareStrategies.ts";
import type { Quartiles } from "./quartiles.ts";

/** A number for a table: rounded, Infinity as "∞". */
export function formatNumber(n: number): string {
  if (n === Infinity) return "∞";
  if (Number.isNaN(n)) return "—";
  return n >= 100 || Number.isInteger(n) ? String(Math.round(n)) : n.toFixed(1);
}

/** "median [q1–q3]", or "—" when no run found the bug. */
export function formatQuartiles(q: Quartiles | undefined): string {
  if (q === undefined || q.median === Infinity) return "—";
  return q.q1 === q.q3 ? formatNumber(q.median) : `${formatNumber(q.median)} [${formatNumber(q.q1)}–${formatNumber(q.q3)}]`;
}

/** Seeds as ranges: 1-5,7. */
export function seedRanges(seeds: readonly number[]): string {
  const sorted = [...seeds].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j]! + 1) j++;
    parts.push(i === j ? String(sorted[i]) : `${sorted[i]}-${sorted[j]}`);
    i = j + 1;
  }
  return parts.join(",");
}

/** What the found column says: k/n, and for an unseeded strategy "(1 run)". */
function foundText(cell: StrategyCell): string {
  return `${cell.found}/${cell.runs}`;
}

/**
 * The comparison as a text table, one row per (scenario, strategy): runs that found the bug,
 * reconciles, states and ms to the first bug (median [interquartile range]; "—" when the median
 * run found nothing), counterexample length, and the seeds that found it (reproduce one with
 * `--seed`; "-" for a strategy the seed does not change).
 *
 * @example
 * ```ts
 * console.log(comparisonTable(await compareStrategies(options)));
 * ```
 */
export function comparisonTable(c: StrategyComparison): string {
  const header = ["scenario", "strategy", "found", "reconciles to bug", "states to bug", "ms to bug", "cex", "seeds that found it"];
  const rows = c.cells.map((cell) => [
    cell.scenario,
    cell.strategy,
    foundText(cell),
    formatQuartiles(cell.reconcilesToBug),
    formatQuartiles(cell.statesToBug),
    formatQuartiles(cell.msToBug),
    cell.counterexampleLength ? formatNumber(cell.counterexampleLength.median) : "—",
    cell.seeds.length === 0 ? (cell.found > 0 ? "- (unseeded)" : "-") : seedRanges(cell.foundSeeds) || "none",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: readonly string[]) => r.map((v, i) => (i >= 2 && i <= 6 ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join("  ").trimEnd();
  const lines = [
    `budget: ${budgetText(c.budget)} per run;${c.reduction !== undefined ? ` reduction: ${c.reduction};` : ""} seeds: ${seedRanges(c.seeds)}; medians [interquartile range] over seeds, a run that missed the bug counted as ∞`,
    "",
    line(header),
    line(widths.map((w) => "-".repeat(w))),
  ];
  let last = "";
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i]!;
    if (last !== "" && r[0] !== last) lines.push("");
    last = r[0]!;
    lines.push(line(r));
  }
  return lines.join("\n") + "\n";
}

/**
 * The comparison as JSON (Infinity, a run that found nothing, becomes null).
 *
 * @example
 * ```ts
 * writeFileSync("comparison.json", comparisonJson(comparison));
 * ```
 */
export function comparisonJson(c: StrategyComparison): string {
  return JSON.stringify(c, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v), 2) + "\n";
}
