import { budgetText } from "./budget.ts";
import type { StrategyComparison } from "./compareStrategies.ts";
import { cactusPlotSvg, escapeMarkup, perBugBarsSvg } from "./comparisonPlot.ts";
import { comparisonTable } from "./comparisonTable.ts";

/**
 * The comparison as one self-contained HTML page: the cactus plot and per-bug bars as inline SVG,
 * the table, and the runs as JSON in a script block for whoever wants to re-plot them. No
 * external asset, no script that runs.
 *
 * @example
 * ```ts
 * writeFileSync("report.html", comparisonHtml(comparison));
 * ```
 */
export function comparisonHtml(c: StrategyComparison, title = "kamera: search strategies compared"): string {
  const data = JSON.stringify(c, (_k, v: unknown) => (typeof v === "number" && !Number.isFinite(v) ? null : v)).replace(/</g, "\\u003c");
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeMarkup(title)}</title>
<style>
body { font-family: sans-serif; margin: 2em; max-width: 60em; color: #222; }
pre { font-size: 12px; overflow-x: auto; background: #f6f6f6; padding: 1em; }
figure { margin: 1.5em 0; }
figcaption { color: #555; font-size: 13px; }
</style>
</head>
<body>
<h1>${escapeMarkup(title)}</h1>
<p>${c.scenarios.length} scenario(s) × ${c.strategies.length} strateg${c.strategies.length === 1 ? "y" : "ies"}; budget ${escapeMarkup(budgetText(c.budget))} per run;${c.reduction !== undefined ? ` reduction ${escapeMarkup(c.reduction)};` : ""} ${c.seeds.length} seed(s) per seeded strategy.</p>
<figure>
${cactusPlotSvg(c)}
<figcaption>Bugs found against budget: a strategy's line steps up at the median cost of each bug its median run found within the budget.</figcaption>
</figure>
<figure>
${perBugBarsSvg(c)}
<figcaption>Per bug: median cost to the bug for each strategy, whisker over the interquartile range, and how many runs found it.</figcaption>
</figure>
<h2>Table</h2>
<pre>${escapeMarkup(comparisonTable(c))}</pre>
<script type="application/json" id="comparison">${data}</script>
</body>
</html>
`;
}
