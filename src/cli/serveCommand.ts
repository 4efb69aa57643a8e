import { stat } from "node:fs/promises";
import { isAbsolute, resolve } from "node:path";
import { InvalidArgumentError, type Command } from "commander";
import type { ExploreOptions } from "../explore/exploreOptions.ts";
import { ensureWebApp } from "../inspect/web/server/webAppBuild.ts";
import { startInspectorServer, type ServedResult } from "../inspect/web/server/inspectorServer.ts";
import { exploreToDump } from "../inspect/web/server/scenarioDump.ts";
import type { CliIO } from "./cliIO.ts";
import type { ProgramContext } from "./program.ts";
import { resolveScenario } from "./scenarioSource.ts";
import { UsageError } from "./usageError.ts";

/** The port `kamera serve` listens on unless told otherwise. */
export const DEFAULT_SERVE_PORT = 4280;

const HELP = "kamera serve --help";

function portNumber(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("Expected a TCP port, 0 to 65535 (0 picks a free one).");
  return n;
}

function positiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) === 0) throw new InvalidArgumentError("Expected a positive integer.");
  return Number(value);
}

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) throw new InvalidArgumentError("Expected a non-negative integer.");
  return Number(value);
}

function seconds(value: string): number {
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) throw new InvalidArgumentError("Expected a positive number of seconds, such as 30 or 0.5.");
  return Number(value);
}

function strategy(value: string): "dfs" | "bfs" | "random" {
  if (value !== "dfs" && value !== "bfs" && value !== "random") throw new InvalidArgumentError("Expected dfs, bfs or random.");
  return value;
}

/** Whether `spec` names a file that is a dump rather than a scenario module. */
async function isDumpFile(spec: string, cwd: string): Promise<string | undefined> {
  if (/\.(c|m)?(t|j)sx?$/.test(spec)) return undefined;
  const file = isAbsolute(spec) ? spec : resolve(cwd, spec);
  const info = await stat(file).catch(() => undefined);
  return info?.isFile() ? file : undefined;
}

/**
 * Serves a result to the browser inspector until Ctrl-C: builds the app if needed, listens on
 * 127.0.0.1 and prints the URL. Also what `--web` can use to show a result it has written as a dump.
 *
 * @example
 * ```ts
 * await serveInBrowser({ name: "run.dump.json", file: "run.dump.json" }, processIO(), 4280);
 * ```
 */
export async function serveInBrowser(result: ServedResult | undefined, io: CliIO, port: number, opts: { rebuild?: boolean } = {}): Promise<void> {
  const appDir = await ensureWebApp({ rebuild: opts.rebuild, onBuild: (m) => io.stderr.write(`kamera: ${m}\n`) });
  const server = await startInspectorServer({ appDir, result, port });
  io.stdout.write(`kamera inspector: ${server.url}  (Ctrl-C to stop)\n`);
  await new Promise<void>((done) => {
    const off = io.onInterrupt(() => {
      off();
      done();
    });
  });
  await server.close();
}

/**
 * Adds `kamera serve <dump-or-example> [--port n]` to the program: a dump file is served as it is;
 * a bundled example (or scenario module) is explored first, with the usual search flags, and its
 * result served. Only 127.0.0.1 is listened on.
 *
 * @example
 * ```ts
 * addServeCommand(program, ctx); // in createProgram, instead of the placeholder
 * ```
 */
export function addServeCommand(program: Command, ctx: ProgramContext): Command {
  const serve = program
    .command("serve")
    .description("serve a dump or an example's result to the browser inspector on 127.0.0.1")
    .argument("<dump-or-example>", "a dump file (from --dump-output), a bundled example's name, or a scenario module")
    .option("--port <n>", `port to listen on (default ${DEFAULT_SERVE_PORT}; 0 picks a free one)`, portNumber)
    .option("--strategy <name>", "search order for an example: dfs, bfs or random", strategy)
    .option("--seed <n>", "seed of the random strategy", nonNegativeInteger)
    .option("--max-depth <n>", "do not expand states more than <n> steps from the initial state", nonNegativeInteger)
    .option("--max-states <n>", "stop exploring an example after <n> distinct states", positiveInteger)
    .option("--timeout <s>", "stop exploring an example after <s> seconds", seconds)
    .option("--rebuild", "rebuild the browser inspector before serving (after changing its sources)")
    .showHelpAfterError(`(run '${HELP}' for usage)`);
  serve.addHelpText(
    "after",
    ["", "Examples:", "  kamera serve run.dump.json", "  kamera serve mode-flip --port 8080", "", "The page also opens dumps (file picker or drag and drop) and explores the bundled examples live, in the browser."].join("\n"),
  );
  serve.action(async (spec: string, opts: Record<string, unknown>) => {
    const port = typeof opts.port === "number" ? opts.port : DEFAULT_SERVE_PORT;
    const dump = await isDumpFile(spec, ctx.cwd);
    let result: ServedResult;
    if (dump) {
      for (const flag of ["strategy", "seed", "maxDepth", "maxStates", "timeout"]) {
        if (opts[flag] !== undefined) throw new UsageError(`search flags apply to examples, not to a dump (${spec} is a file)`, HELP);
      }
      result = { name: spec, file: dump };
    } else {
      const scenario = await resolveScenario(spec, ctx.cwd).catch((e: unknown) => {
        // resolveScenario speaks of `kamera explore`; the same mistake here points to serve's help.
        if (e instanceof UsageError) throw new UsageError(e.message, HELP);
        throw e;
      });
      const overrides: ExploreOptions = {};
      if (opts.strategy !== undefined) overrides.strategy = opts.strategy as "dfs" | "bfs" | "random";
      if (opts.seed !== undefined) overrides.seed = opts.seed as number;
      if (opts.maxDepth !== undefined) overrides.maxDepth = opts.maxDepth as number;
      if (opts.maxStates !== undefined) overrides.maxStates = opts.maxStates as number;
      if (opts.timeout !== undefined) overrides.timeoutMs = Math.round((opts.timeout as number) * 1000);
      ctx.io.stderr.write(`kamera: exploring ${scenario.name}...\n`);
      const explored = await exploreToDump(scenario, overrides);
      const s = explored.result.stats;
      ctx.io.stderr.write(`kamera: ${s.uniqueStates} states, ${s.transitions} transitions${explored.result.complete ? "" : " (partial)"}\n`);
      result = { name: `${scenario.name}.dump.json`, text: explored.text };
    }
    await serveInBrowser(result, ctx.io, port, { rebuild: opts.rebuild === true });
  });
  return serve;
}
