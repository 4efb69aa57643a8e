import { stat, writeFile } from "node:fs/promises";
import { dirname, resolve } from "node:path";
import type { Command } from "commander";
import { parseBudget } from "../compare/budget.ts";
import { compareStrategies, type StrategyRun } from "../compare/compareStrategies.ts";
import { comparisonHtml } from "../compare/comparisonHtml.ts";
import { comparisonJson, comparisonTable } from "../compare/comparisonTable.ts";
import { parseStrategy, STRATEGY_NAMES } from "../compare/strategySpec.ts";
import { REDUCTIONS, type Reduction } from "../explore/exploreOptions.ts";
import { WALK_PARAMETERS, WALK_STRATEGIES } from "../explore/strategies/walkStrategy.ts";
import { KameraError } from "../kameraError.ts";
import type { ProgramContext } from "./programContext.ts";
import { seedFlag } from "./runFlags.ts";
import { resolveScenario } from "./scenarioSource.ts";
import { UsageError } from "./usageError.ts";

const HELP = "kamera strategies --help";
/** The whole portfolio, the default of --strategies. */
export const DEFAULT_STRATEGIES = STRATEGY_NAMES.join(",");

function positiveInteger(flag: string, value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(n) || n < 1) throw new UsageError(`${flag} expects a positive integer, got ${JSON.stringify(value)}`, HELP);
  return n;
}

/**
 * Checks the `--html` target before any run: finding out after every strategy ran that the
 * report cannot be written would lose it.
 */
async function checkHtmlTarget(given: string, file: string): Promise<void> {
  if (given.trim() === "") throw new UsageError("--html needs a file name", HELP);
  const dir = dirname(file);
  if (!(await stat(dir).catch(() => undefined))?.isDirectory()) throw new UsageError(`--html ${given}: directory ${dir} does not exist`, HELP);
  if ((await stat(file).catch(() => undefined))?.isDirectory()) throw new UsageError(`--html ${given}: is a directory; give a file name`, HELP);
}

/** Registers `kamera strategies <scenario…>`: compares search strategies on scenarios (see docs/strategies.md). */
export function addStrategiesCommand(program: Command, ctx: ProgramContext): void {
  program
    .command("strategies")
    .description("compare search strategies on scenarios: how often and how soon each finds the bug")
    .argument("<scenario...>", "bundled examples' names (the bug corpus: see examples/bugs/README.md) or paths to scenario modules")
    .option(
      "--strategies <list>",
      `comma-separated strategies, walk parameters after colons (e.g. pct:depth=2); one strategy may be listed with several settings (pct:depth=1,pct:depth=3) (default: ${DEFAULT_STRATEGIES})`,
    )
    .option("--seeds <n>", "run each seeded strategy with seeds 1..n (default 10)")
    .option("--seed <n>", "run each seeded strategy with this seed only (any integer, as kamera explore --seed takes): reproduces one run the table printed", seedFlag)
    .option("--budget <budget>", "what one run may spend: <N>r or reconciles=<N>, states=<N>, <N>s or seconds=<N> (default 5000r)")
    .option("--reduction <name>", `the reduction of every run: ${REDUCTIONS.join(", ")} (default: each scenario's own, else por); walk strategies are never reduced`)
    .option("--json", "print the comparison as JSON instead of the table")
    .option("--html <file>", "also write a self-contained HTML report (cactus plot, per-bug bars, table)")
    .showHelpAfterError(`(run '${HELP}' for usage)`)
    .addHelpText(
      "after",
      [
        "",
        "A run counts as finding the bug when the scenario's counterexample shows in its result (the",
        "bug corpus's scenarios carry theirs; otherwise: an invariant violation, a livelock or a",
        "reconciler that keeps failing). Reconciles count transitions computed, run or replayed.",
        "dfs, bfs and custom priority strategies do not depend on the seed and run once.",
        "",
        "Walk strategy parameters (integers, name:key=value:key=value; see docs/strategies.md):",
        ...WALK_STRATEGIES.map((w) => `  ${w}: ${WALK_PARAMETERS[w].join(", ")}`),
        "",
        "Examples:",
        "  kamera strategies rabbitmq-pvc-expansion-crash cassandra-decommission-unobserved --seeds 20",
        "  kamera strategies zookeeper --strategies dfs,pct:depth=2,delay-bounded:delays=1 --budget states=2000",
        "  kamera strategies cassandra-decommission-unobserved --strategies dfs,pct:depth=1,pct:depth=3,pos:length=30 --reduction none",
        "  kamera strategies job-deleted-pod-uncounted --strategies pct --seed 7     # one run again",
        "  kamera strategies livelock zookeeper --json --html report.html",
      ].join("\n"),
    )
    .action(async (specs: string[], opts: { strategies?: string; seeds?: string; seed?: number; budget?: string; reduction?: string; json?: boolean; html?: string }) => {
      if (opts.seeds !== undefined && opts.seed !== undefined) throw new UsageError("--seeds and --seed cannot be combined: --seed reruns one seed", HELP);
      const seeds = opts.seed !== undefined ? [opts.seed] : positiveInteger("--seeds", opts.seeds ?? "10");
      const strategies = (opts.strategies ?? DEFAULT_STRATEGIES)
        .split(",")
        .map((s) => s.trim())
        .filter((s) => s !== "");
      if (strategies.length === 0) throw new UsageError("--strategies is empty: name at least one strategy", HELP);
      const asUsage = <T>(f: () => T): T => {
        try {
          return f();
        } catch (e) {
          if (e instanceof KameraError && !(e instanceof UsageError)) throw new UsageError(e.message, HELP);
          throw e;
        }
      };
      for (const s of strategies) asUsage(() => parseStrategy(s));
      const twice = strategies.find((s, i) => strategies.indexOf(s) !== i);
      if (twice !== undefined) throw new UsageError(`strategy "${twice}" is listed twice in --strategies`, HELP);
      const budget = asUsage(() => parseBudget(opts.budget ?? "5000r"));
      if (opts.reduction !== undefined && !(REDUCTIONS as readonly string[]).includes(opts.reduction)) {
        throw new UsageError(`--reduction must be one of ${REDUCTIONS.join(", ")}, got ${JSON.stringify(opts.reduction)}`, HELP);
      }
      const reduction = opts.reduction as Reduction | undefined;
      if (opts.html !== undefined) await checkHtmlTarget(opts.html, resolve(ctx.cwd, opts.html));
      const scenarios = [];
      for (const spec of specs) scenarios.push({ scenario: await resolveScenario(spec, ctx.cwd, "strategies") });
      const progress = (run: StrategyRun) => {
        if (opts.json) return;
        const what = run.found ? `bug after ${run.reconcilesToBug} reconciles` : "no bug within the budget";
        ctx.io.stderr.write(`${run.scenario}  ${run.strategy}${run.seed !== undefined ? ` seed ${run.seed}` : ""}: ${what}\n`);
      };
      const comparison = await compareStrategies({ scenarios, strategies, seeds, budget, onRun: progress, ...(reduction !== undefined ? { reduction } : {}) });
      ctx.io.stdout.write(opts.json ? comparisonJson(comparison) : comparisonTable(comparison));
      if (opts.html !== undefined) {
        const file = resolve(ctx.cwd, opts.html);
        await writeFile(file, comparisonHtml(comparison)).catch((e: NodeJS.ErrnoException) => {
          if (e.code === undefined) throw e;
          throw new KameraError(`cannot write the report to ${opts.html}: ${e.message}`);
        });
        if (!opts.json) ctx.io.stdout.write(`\nreport written to ${opts.html}\n`);
      }
    });
}
