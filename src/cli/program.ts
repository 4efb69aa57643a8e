import { resolve } from "node:path";
import { Command, InvalidArgumentError } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { addServeApiCommand } from "./serveApiCommand.ts";
import { addTraceCommand } from "./traceCommand.ts";
import { addStrategiesCommand } from "./strategiesCommand.ts";
import { addReplayCommand } from "./replayCommand.ts";
import { scenarioModuleFile } from "./scenarioModuleFile.ts";
import { checkExportDirectory, exportInspectedState, exportTests, writtenTestLine } from "./testExport.ts";
import { looksLikeTraceFile, readTraceFile } from "../trace/traceReader.ts";
import { traceProblemLine } from "../trace/traceParser.ts";
import { addWorkerCommand } from "./workerCommand.ts";
import { loadDump } from "../results/dump.ts";
import { looksLikeDump } from "../results/dumpSignature.ts";
import type { Scenario } from "../scenario.ts";
import { chooseDisplayMode } from "./displayMode.ts";
import { presentResult } from "./presentResult.ts";
import { DEFAULT_WEB_PORT, serveInBrowser } from "./browserInspector.ts";
import { addCheckFlags, addDisplayFlags, addExploreFlags, EXIT_STATUS_HELP, runFlagsOf, tcpPort, type RunFlags } from "./runFlags.ts";
import { exitStatusOf, Runner, type ExploreFunction } from "./runner.ts";
import { PATH_NOTATION_HELP } from "./plainSummary.ts";
import type { RunSubject } from "./summarizedResult.ts";
import { bundledScenarios, resolveScenario } from "./scenarioSource.ts";
import { buildScenario } from "../explore/scenarioBuild.ts";
import { givenFile } from "./givenFile.ts";
import { loadScenarioRun } from "./scenarioRun.ts";
import { runIsolated } from "./isolation/isolatedExploration.ts";
import { isolatedSource } from "./isolation/isolatedSource.ts";
import { scenarioSpecForWorkers } from "./exploreScenario.ts";
import type { ProgramContext } from "./programContext.ts";
import { UsageError } from "./usageError.ts";


/** `--export-tests ''` would write into the working directory, which nobody means. */
function nonEmptyDirectory(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("Expected a directory.");
  return value;
}

function hint(command: string): string {
  return `(run '${command} --help' for usage)`;
}

/**
 * How `explore` and `serve` run the search: in a worker thread under a watchdog, unless
 * `--no-isolate` was given or the worker could not load the scenario (see `isolatedSource`).
 */
function isolatedExplore(spec: string, scenario: Scenario, opts: Record<string, unknown>, flags: RunFlags, cwd: string): ExploreFunction | undefined {
  const source = opts.isolate === false ? undefined : isolatedSource(spec, scenario, opts, cwd);
  return source && ((explorer, initial, explore) => runIsolated({ source, flags, explorer, initial, options: explore }));
}

/** The dump's record of what was explored, when it names it (dumps written by hand may not). */
function subjectOfDump(scenario: Record<string, unknown>): RunSubject | undefined {
  if (typeof scenario.name !== "string") return undefined;
  return typeof scenario.description === "string" ? { name: scenario.name, description: scenario.description } : { name: scenario.name };
}


/**
 * The `kamera` command: `explore`, `inspect`, `examples`, `serve`, `replay` and more, with `--help` on each.
 * Commander errors are thrown (`exitOverride`) so that the caller decides the exit status.
 *
 * @example
 * ```ts
 * await createProgram({ io: processIO(), cwd: process.cwd(), setExitCode: (c) => (process.exitCode = c) })
 *   .parseAsync(["explore", "trivial", "--no-interactive"], { from: "user" });
 * ```
 */
export type { ProgramContext };

export function createProgram(ctx: ProgramContext): Command {
  const { io } = ctx;
  const program = new Command("kamera")
    .description("Model-check Kubernetes controllers: explore every interleaving of their reconciles.")
    .version(packageJson.version, "-V, --version", "print the version")
    .helpOption("-h, --help", "show help")
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.stdout.write(s), writeErr: (s) => io.stderr.write(s) })
    .showHelpAfterError(hint("kamera"));

  const explore = program
    .command("explore")
    .description("explore a bundled example or a scenario module, then show the result")
    .argument("<example-or-module>", "a bundled example's name (see `kamera examples`), or a path to a module exporting a Scenario")
    .showHelpAfterError(hint("kamera explore"));
  addCheckFlags(addDisplayFlags(addExploreFlags(explore)));
  explore.option(
    "--no-isolate",
    "explore in this thread instead of a worker thread under a watchdog (starts faster; a reconciler or invariant that never returns then cannot be stopped, not even by Ctrl-C)",
  );
  explore.option("--from <file>", "start from these objects instead of the scenario's: a manifest (e.g. from `kamera serve-api --save`) or a dump");
  explore.option("--from-trace <file>", "start from the world a trace shows at --at, with the reconciles it implies (see `kamera trace`)");
  explore.option("--at <event>", "with --from-trace: an event id or index (negative counts from the end; default: the last event)");
  explore.option(
    "--export-tests <dir>",
    "write a vitest regression test per violated invariant, livelock and failing reconciler to <dir>: each replays the (shrunk) path and asserts what was found",
    nonEmptyDirectory,
  );
  explore.addHelpText(
    "after",
    [
      "",
      "Without a terminal (or with --no-interactive) a plain summary is printed; Ctrl-C stops the",
      "search and shows what was found so far.",
      "",
      "The search runs in a worker thread under a watchdog: a reconcile or invariant still running",
      "after twice --reconcile-timeout (at least 1 s more; 11 s by default) never returns, so the",
      "worker is stopped and the partial result shown, naming it (exit status 3). Ctrl-C and",
      "--timeout stop such code too. --no-isolate explores in this thread.",
      "",
      PATH_NOTATION_HELP,
      EXIT_STATUS_HELP,
      "",
      "Examples:",
      "  kamera explore mode-flip",
      "  kamera explore trivial --no-interactive --json",
      "  kamera explore ./my-scenario.ts --strategy bfs --timeout 60 --dump-output run.dump.json",
      "  kamera explore ./my-scenario.ts --no-interactive --fail-on max-depth,nondeterministic   # in CI",
      "  kamera explore zookeeper --staleness ZookeeperReconciler:zookeeper.pravega.io/ZookeeperCluster=4 --max-restarts 1",
      "  kamera explore ./my-scenario.ts --no-interactive --export-tests test/regressions/",
    ].join("\n"),
  );
  explore.action(async (spec: string, opts: Record<string, unknown>) => {
    const flags = runFlagsOf(opts);
    chooseDisplayMode(flags, io, "kamera explore --help"); // bad flag combinations fail before loading anything
    const exportDir = typeof opts.exportTests === "string" ? resolve(ctx.cwd, opts.exportTests) : undefined;
    if (exportDir !== undefined) {
      // An exported test replays the scenario module as it is: a start or staleness given here could not be replayed there.
      const conflicting = ["from", "fromTrace", "staleness", "maxRestarts", "abortOnError", "reconcileTimeout"].filter((k) => opts[k] !== undefined && opts[k] !== false);
      if (conflicting.length > 0) {
        const flag = (k: string) => `--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
        throw new UsageError(
          `--export-tests cannot be combined with ${conflicting.map(flag).join(", ")}: an exported test replays the scenario module with its own options; set them in the scenario instead`,
          "kamera explore --help",
        );
      }
    }
    if (exportDir !== undefined) await checkExportDirectory(String(opts.exportTests), exportDir, "kamera explore --help");
    const { scenario, builder, initial, options, warnings } = await loadScenarioRun(spec, opts, ctx.cwd);
    const module = exportDir !== undefined ? await scenarioModuleFile(spec, ctx.cwd, scenario, "kamera explore --help") : undefined;
    // The flags were parsed here, not by the Runner: hand them over as its command line's result.
    const report = await new Runner(builder, io, isolatedExplore(spec, scenario, opts, flags, ctx.cwd)).runAndReport(
      initial,
      {
        ...options,
        argv: [],
        scenario: { name: scenario.name, description: scenario.description },
        workerScenario: await scenarioSpecForWorkers(spec, ctx.cwd),
        // Carried by the result rather than printed now: the summaries, --json, the dump and the inspectors show them.
        warnings,
        // The inspector's `t` key: the module is looked up on first use (most sessions never press it).
        exportTest: async (result, state) =>
          exportInspectedState(result, state, exportDir ?? ctx.cwd, scenario, module ?? (await scenarioModuleFile(spec, ctx.cwd, scenario, "kamera explore --help"))),
      },
      "kamera explore --help",
      flags,
    );
    if (exportDir !== undefined && module !== undefined) {
      const written = await exportTests(report.outcome, exportDir, scenario, module);
      for (const test of written) {
        const line = writtenTestLine(test);
        io.stderr.write(`${line[0]!.toUpperCase()}${line.slice(1)}\n`);
      }
      if (written.length === 0) io.stderr.write("No test exported: no violation, livelock or failing reconciler was found\n");
    }
    // A script must be able to tell a partial result from a complete one, and a CI job a failing run from a passing one.
    const code = exitStatusOf(report);
    if (code !== 0) ctx.setExitCode(code);
  });

  const inspect = program
    .command("inspect")
    .description("open a dump written by --dump-output (or by an inspector's save key)")
    .argument("[dump-file]", "the dump file to open")
    .option("--dump <file>", "the dump file to open (the same as giving it as the argument)")
    .showHelpAfterError(hint("kamera inspect"));
  addDisplayFlags(inspect);
  inspect.addHelpText("after", ["", "Examples:", "  kamera inspect run.dump.json", "  kamera inspect run.dump.json --no-interactive"].join("\n"));
  inspect.action(async (positional: string | undefined, opts: Record<string, unknown>) => {
    const flags = runFlagsOf(opts);
    const mode = chooseDisplayMode(flags, io, "kamera inspect --help");
    if (positional !== undefined && opts.dump !== undefined && positional !== opts.dump) {
      throw new UsageError(`two dump files given (${positional} and --dump ${String(opts.dump)}); give one`, "kamera inspect --help");
    }
    if (positional === undefined && opts.dump === undefined) throw new UsageError("missing the dump file to open: kamera inspect <dump-file>", "kamera inspect --help");
    const file = await givenFile(positional ?? String(opts.dump), ctx.cwd, {
      ...(positional === undefined ? { flag: "--dump" } : {}),
      expected: "a dump file (written by --dump-output or an inspector's save key)",
      help: "kamera inspect --help",
    });
    const loaded = await loadDump(file);
    await presentResult(loaded, mode, io, { subject: subjectOfDump(loaded.dump.scenario), dumpFile: file, port: flags.port });
  });

  const examples = program
    .command("examples")
    .description("list the bundled examples")
    .option("--json", "print them as JSON")
    .showHelpAfterError(hint("kamera examples"));
  examples.action(async (opts: { json?: boolean }) => {
    const list = await bundledScenarios();
    if (opts.json) {
      io.stdout.write(JSON.stringify(list.map((s) => ({ name: s.name, description: s.description })), null, 2) + "\n");
      return;
    }
    const width = Math.max(...list.map((s) => s.name.length));
    for (const s of list) io.stdout.write(`${s.name.padEnd(width)}  ${s.description}\n`);
    io.stdout.write(`\nRun one with: kamera explore <name>\n`);
  });

  const serve = program
    .command("serve")
    .description("serve a dump, a trace, or the result of exploring an example, to the browser inspector on 127.0.0.1")
    .argument("<dump-or-example>", "a dump or trace file (recognised by its content, whatever its name), a bundled example's name, or a path to a module exporting a Scenario")
    .option("--port <n>", `port to listen on (default ${DEFAULT_WEB_PORT}; 0 picks a free one)`, tcpPort)
    .showHelpAfterError(hint("kamera serve"));
  addExploreFlags(serve);
  serve.option("--no-isolate", "explore in this thread instead of a worker thread under a watchdog (see kamera explore --help)");
  serve.addHelpText("after", ["", "Examples:", "  kamera serve run.dump.json", "  kamera serve trace.jsonl", "  kamera serve mode-flip --port 8080"].join("\n"));
  serve.action(async (spec: string, opts: Record<string, unknown>) => {
    const flags = runFlagsOf(opts);
    const file = resolve(ctx.cwd, spec);
    // A dump or a trace is recognised by its content, not its name: `RUN.DUMP.JSON` is one too.
    // A trace opens with `{` too: tell it by its header line first (`kamera trace --web` does the same).
    if (await looksLikeTraceFile(file)) {
      // Read it once here so that a damaged trace fails now, not in the page; skipped lines are named.
      const trace = await readTraceFile(file);
      for (const p of trace.problems) io.stderr.write(`${traceProblemLine(spec, p)}\n`);
      await serveInBrowser({ name: spec, file, kind: "trace" }, io, flags.port);
      return;
    }
    // JSON Lines is a trace's format, never a dump's: say what a trace needs rather than how it fails as a dump.
    if (/\.(jsonl|ndjson)$/i.test(spec)) {
      await givenFile(spec, ctx.cwd, { expected: "a kamera trace file", help: "kamera serve --help" });
      throw new UsageError(`${spec} is not a kamera trace: its first line is not a trace header {"type":"header","format":"kamera-trace",...}`, "kamera serve --help");
    }
    if (await looksLikeDump(file)) {
      // Read it once here so that a file that is not a dump fails now, not in the page.
      await loadDump(file);
      await serveInBrowser({ name: spec, file }, io, flags.port);
      return;
    }
    if (/\.json$/i.test(spec)) {
      await givenFile(spec, ctx.cwd, { expected: "a kamera dump file", help: "kamera serve --help" });
      throw new UsageError(`${spec} is not a kamera dump: it does not start with a JSON object`, "kamera serve --help");
    }
    const scenario = await resolveScenario(spec, ctx.cwd, "serve", "a dump or trace file, or a module exporting a Scenario");
    const { builder, initial, options } = buildScenario(scenario);
    const served: RunFlags = { ...flags, web: true };
    await new Runner(builder, io, isolatedExplore(spec, scenario, opts, served, ctx.cwd)).runAndReport(
      initial,
      { ...options, argv: [], scenario: { name: scenario.name, description: scenario.description } },
      "kamera serve --help",
      served,
    );
  });

  addServeApiCommand(program, ctx);
  addTraceCommand(program, ctx);
  addStrategiesCommand(program, ctx);
  addReplayCommand(program, ctx);
  addWorkerCommand(program, ctx);

  return program;
}
