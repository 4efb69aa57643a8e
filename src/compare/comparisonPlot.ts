import type { Budget } from "./budget.ts";
import type { StrategyCell, StrategyComparison } from "./compareStrategies.ts";
import type { Quartiles } from "./quartiles.ts";
import { formatNumber } from "./comparisonTable.ts";

/**
 * The comparison's two plots as inline SVG, portable (the CLI's HTML report and the browser page
 * draw the same): a cactus plot (bugs found against budget, one step line per strategy: a bug
 * counts once the strategy's median run has found it) and per-bug bars (each strategy's median
 * cost to the bug, log scale, with k/n runs that found it).
 */

const PALETTE = ["#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#17becf", "#7f7f7f", "#bcbd22"];

/** The colour of the i-th strategy, the same in both plots. */
export function strategyColour(i: number): string {
  return PALETTE[i % PALETTE.length]!;
}

/** What the budget counts, as an axis title. */
export function budgetUnit(budget: Budget): string {
  return "reconciles" in budget ? "reconciles" : "states" in budget ? "states" : "ms";
}

function costOf(cell: StrategyCell, budget: Budget): Quartiles {
  return "reconciles" in budget ? cell.reconcilesToBug : "states" in budget ? cell.statesToBug : cell.msToBug;
}

function budgetLimit(budget: Budget): number {
  return "reconciles" in budget ? budget.reconciles : "states" in budget ? budget.states : budget.seconds * 1000;
}

/** Text made safe inside XML and HTML: markup characters as character references. */
export function escapeMarkup(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** Log-scale positions from 1 to max over [x0, x1]. */
function logScale(max: number, x0: number, x1: number): (v: number) => number {
  const top = Math.log10(Math.max(10, max));
  return (v) => x0 + (Math.log10(Math.max(1, v)) / top) * (x1 - x0);
}

function logTicks(max: number): number[] {
  const ticks: number[] = [];
  for (let t = 1; t <= Math.max(10, max) * 1.0001; t *= 10) ticks.push(t);
  return ticks;
}

/**
 * The cactus plot: x is the budget (log scale), y the number of bugs whose median run found them
 * within it, one step line per strategy.
 *
 * @example
 * ```ts
 * document.body.insertAdjacentHTML("beforeend", cactusPlotSvg(comparison));
 * ```
 */
export function cactusPlotSvg(c: StrategyComparison): string {
  const width = 640;
  const height = 360;
  const left = 56;
  const right = width - 150;
  const top = 20;
  const bottom = height - 46;
  const limit = budgetLimit(c.budget);
  const x = logScale(limit, left, right);
  const bugs = c.scenarios.length;
  const y = (n: number) => bottom - (n / Math.max(1, bugs)) * (bottom - top);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="bugs found against budget" font-family="sans-serif" font-size="11">`,
    `<rect x="${left}" y="${top}" width="${right - left}" height="${bottom - top}" fill="none" stroke="#999"/>`,
  ];
  for (const t of logTicks(limit)) {
    parts.push(`<line x1="${x(t)}" y1="${bottom}" x2="${x(t)}" y2="${bottom + 4}" stroke="#999"/><text x="${x(t)}" y="${bottom + 16}" text-anchor="middle">${formatNumber(t)}</text>`);
  }
  for (let n = 0; n <= bugs; n++) {
    parts.push(`<line x1="${left - 4}" y1="${y(n)}" x2="${left}" y2="${y(n)}" stroke="#999"/><text x="${left - 7}" y="${y(n) + 4}" text-anchor="end">${n}</text>`);
  }
  parts.push(`<text x="${(left + right) / 2}" y="${height - 8}" text-anchor="middle">budget (${budgetUnit(c.budget)}, log scale)</text>`);
  parts.push(`<text transform="translate(14 ${(top + bottom) / 2}) rotate(-90)" text-anchor="middle">bugs found (median run)</text>`);
  c.strategies.forEach((strategy, i) => {
    const costs = c.cells
      .filter((cell) => cell.strategy === strategy)
      .map((cell) => costOf(cell, c.budget).median)
      .filter((v) => Number.isFinite(v) && v <= limit)
      .sort((a, b) => a - b);
    // Lines that coincide stay visible side by side: each strategy's is shifted by a pixel or two.
    const shift = (i - (c.strategies.length - 1) / 2) * 1.5;
    let d = `M${x(1)} ${y(0) + shift}`;
    costs.forEach((v, k) => (d += ` H${x(v) + shift} V${y(k + 1) + shift}`));
    d += ` H${x(limit)}`;
    const colour = strategyColour(i);
    parts.push(`<path d="${d}" fill="none" stroke="${colour}" stroke-width="2"><title>${escapeMarkup(strategy)}: ${costs.length} of ${bugs}</title></path>`);
    parts.push(`<rect x="${right + 12}" y="${top + i * 16}" width="10" height="10" fill="${colour}"/><text x="${right + 27}" y="${top + i * 16 + 9}">${escapeMarkup(strategy)} (${costs.length})</text>`);
  });
  parts.push("</svg>");
  return parts.join("\n");
}

/**
 * Per-bug bars: for each scenario, one bar per strategy as long as its median cost to the bug
 * (log scale; a whisker spans the interquartile range), labelled with k/n runs that found it.
 *
 * @example
 * ```ts
 * document.body.insertAdjacentHTML("beforeend", perBugBarsSvg(comparison));
 * ```
 */
export function perBugBarsSvg(c: StrategyComparison): string {
  const width = 640;
  const bar = 11;
  const labelWidth = 230;
  const right = width - 70;
  const group = c.strategies.length * (bar + 2) + 14;
  const top = 24;
  const height = top + c.scenarios.length * group + 30;
  const limit = budgetLimit(c.budget);
  const x = logScale(limit, labelWidth, right);
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-label="cost to each bug" font-family="sans-serif" font-size="11">`,
    `<text x="4" y="14">median ${budgetUnit(c.budget)} to the bug (log scale; whisker: interquartile range; right: runs that found it)</text>`,
  ];
  c.scenarios.forEach((scenario, g) => {
    const y0 = top + g * group;
    parts.push(`<text x="4" y="${y0 + 10}" font-weight="bold">${escapeMarkup(scenario)}</text>`);
    c.strategies.forEach((strategy, i) => {
      const cell = c.cells.find((k) => k.scenario === scenario && k.strategy === strategy);
      if (!cell) return;
      const yy = y0 + 14 + i * (bar + 2);
      const q = costOf(cell, c.budget);
      const colour = strategyColour(i);
      parts.push(`<text x="${labelWidth - 6}" y="${yy + bar - 2}" text-anchor="end" fill="#555">${escapeMarkup(strategy)}</text>`);
      if (Number.isFinite(q.median)) {
        parts.push(`<rect x="${labelWidth}" y="${yy}" width="${Math.max(1, x(q.median) - labelWidth)}" height="${bar}" fill="${colour}"><title>${escapeMarkup(strategy)}: median ${formatNumber(q.median)}</title></rect>`);
        const hi = Number.isFinite(q.q3) ? q.q3 : limit;
        parts.push(`<line x1="${x(q.q1)}" y1="${yy + bar / 2}" x2="${x(hi)}" y2="${yy + bar / 2}" stroke="#333"/>`);
      }
      parts.push(`<text x="${right + 6}" y="${yy + bar - 2}">${cell.found}/${cell.runs}</text>`);
    });
  });
  for (const t of logTicks(limit)) parts.push(`<text x="${x(t)}" y="${height - 8}" text-anchor="middle" fill="#555">${formatNumber(t)}</text>`);
  parts.push("</svg>");
  return parts.join("\n");
}
