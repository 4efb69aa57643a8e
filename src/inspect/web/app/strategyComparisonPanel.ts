import { parseBudget, type Budget } from "../../../compare/budget.ts";
import type { StrategyComparison, StrategyRun } from "../../../compare/compareStrategies.ts";
import { cactusPlotSvg, perBugBarsSvg } from "../../../compare/comparisonPlot.ts";
import { comparisonTable } from "../../../compare/comparisonTable.ts";
import { parseStrategy, STRATEGY_NAMES } from "../../../compare/strategySpec.ts";
import { el, replaceChildren } from "./elementBuilder.ts";
import type { CompareRequest } from "./workerProtocol.ts";

/** The page's default comparison: small enough to finish in seconds in a browser tab. */
const DEFAULT_SEEDS = 3;
const DEFAULT_BUDGET = "2000r";

/**
 * The page's strategy comparison: inputs (strategies, seeds, budget) and a Compare button in the
 * toolbar, and a panel that shows the same cactus plot, per-bug bars and table as
 * `kamera strategies --html`, for the bundled bug corpus run in the exploration worker.
 */
export class StrategyComparisonPanel {
  readonly strategiesInput = el("input", { type: "text", value: STRATEGY_NAMES.join(","), size: 28, "data-testid": "compare-strategies", title: "Strategies to compare, comma-separated; walk parameters after colons (pct:depth=2)" });
  readonly seedsInput = el("input", { type: "number", min: 1, value: DEFAULT_SEEDS, "data-testid": "compare-seeds", title: "Seeds 1..n for each seeded strategy" });
  readonly budgetInput = el("input", { type: "text", value: DEFAULT_BUDGET, size: 8, "data-testid": "compare-budget", title: "What one run may spend: 2000r (reconciles), states=2000, 10s" });
  readonly button = el("button", { "data-testid": "compare", title: "Compare the strategies on the bundled bug corpus, in this page" }, "Compare");
  /** The toolbar group. */
  readonly controls = el("span", { class: "group", "aria-label": "strategy comparison" }, "Strategies:", this.strategiesInput, this.seedsInput, this.budgetInput, this.button);
  /** The result panel, hidden until a comparison is shown. */
  readonly panel = el("section", { class: "comparison", "data-testid": "comparison", hidden: true, "aria-label": "strategy comparison" });

  /** The request the inputs describe; throws a KameraError naming the bad input. */
  request(): CompareRequest {
    const strategies = this.strategiesInput.value
      .split(",")
      .map((s) => s.trim())
      .filter((s) => s !== "");
    for (const s of strategies) parseStrategy(s);
    const seeds = Number(this.seedsInput.value);
    const budget: Budget = parseBudget(this.budgetInput.value);
    if (strategies.length === 0) throw new RangeError("name at least one strategy to compare");
    if (!Number.isInteger(seeds) || seeds < 1) throw new RangeError(`seeds must be a whole number of at least 1, got "${this.seedsInput.value}"`);
    return { strategies, seeds, budget };
  }

  /** Shows a comparison's progress in the panel. */
  progress(runsDone: number, runsTotal: number, run: StrategyRun): void {
    this.panel.hidden = false;
    const last = `${run.scenario} ${run.strategy}${run.seed !== undefined ? ` seed ${run.seed}` : ""}: ${run.found ? `bug after ${run.reconcilesToBug} reconciles` : "no bug within the budget"}`;
    replaceChildren(this.panel, this.closeButton(), el("p", { "data-testid": "compare-progress" }, `comparing: ${runsDone} of ${runsTotal} runs (${last})`));
  }

  /** Shows the comparison: the cactus plot, the per-bug bars and the table. */
  show(comparison: StrategyComparison): void {
    this.panel.hidden = false;
    replaceChildren(
      this.panel,
      this.closeButton(),
      el("h2", {}, "Search strategies on the bug corpus"),
      el("div", { class: "plots" }, svgNode(cactusPlotSvg(comparison)), svgNode(perBugBarsSvg(comparison))),
      el("pre", { "data-testid": "comparison-table" }, comparisonTable(comparison)),
    );
  }

  private closeButton(): HTMLElement {
    return el("button", { class: "small close", onclick: () => (this.panel.hidden = true) }, "×");
  }
}

/** Our own SVG markup (every text in it escaped) as a node, parsed as XML rather than set as HTML. */
function svgNode(markup: string): Node {
  const doc = new DOMParser().parseFromString(markup, "image/svg+xml");
  return document.importNode(doc.documentElement, true);
}
