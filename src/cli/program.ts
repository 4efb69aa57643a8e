import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { Command } from "commander";
import packageJson from "../../package.json" with { type: "json" };
import { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import { initialStateFromFile } from "../serveApi/initialStateFromFile.ts";
import { addServeApiCommand } from "./serveApiCommand.ts";
import { addTraceCommand } from "./traceCommand.ts";
import { addWorkerCommand } from "./workerCommand.ts";
import { initialStateFromTraceFlags } from "./traceStartFlags.ts";
import { KameraError } from "../kameraError.ts";
import { loadDump } from "../results/dump.ts";
import { looksLikeDump } from "../results/dumpSignature.ts";
import type { Scenario } from "../scenario.ts";
import { chooseDisplayMode } from "./displayMode.ts";
import { presentResult } from "./presentResult.ts";
import { DEFAULT_WEB_PORT, serveInBrowser } from "./browserInspector.ts";
import { addCheckFlags, addDisplayFlags, addExploreFlags, EXIT_STATUS_HELP, runFlagsOf, tcpPort } from "./runFlags.ts";
import { exitStatusOf, Runner } from "./runner.ts";
import { PATH_NOTATION_HELP } from "./plainSummary.ts";
import type { RunSubject } from "./summarizedResult.ts";
import { bundledScenarios, resolveScenario } from "./scenarioSource.ts";
import { scenarioSpecForWorkers } from "./exploreScenario.ts";
import type { ProgramContext } from "./programContext.ts";
import { UsageError } from "./usageError.ts";


function hint(command: string): string {
  return `(run '${command} --help' for usage)`;
}

function buildScenario(scenario: Scenario): ReturnType<Scenario["build"]> {
  const built = scenario.build();
  // Module scenarios are not type-checked against ours: check the shape before using it.
  if (!built || !(built.builder instanceof ExplorerBuilder) || typeof built.initial !== "object" || built.initial === null) {
    throw new KameraError(`scenario "${scenario.name}": build() must return { builder: ExplorerBuilder, initial: InitialState, options? }`);
  }
  return built;
}

/** The dump's record of what was explored, when it names it (dumps written by hand may not). */
function subjectOfDump(scenario: Record<string, unknown>): RunSubject | undefined {
  if (typeof scenario.name !== "string") return undefined;
  return typeof scenario.description === "string" ? { name: scenario.name, description: scenario.description } : { name: scenario.name };
}


/**
 * The `kamera` command: `explore`, `inspect`, `examples` and `serve`, with `--help` on each.
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
  explore.option("--from <file>", "start from these objects instead of the scenario's: a manifest (e.g. from `kamera serve-api --save`) or a dump");
  explore.option("--from-trace <file>", "start from the world a trace shows at --at, with the reconciles it implies (see `kamera trace`)");
  explore.option("--at <event>", "with --from-trace: an event id or index (negative counts from the end; default: the last event)");
  explore.addHelpText(
    "after",
    [
      "",
      "Without a terminal (or with --no-interactive) a plain summary is printed; Ctrl-C stops the",
      "search and shows what was found so far.",
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
    ].join("\n"),
  );
  explore.action(async (spec: string, opts: Record<string, unknown>) => {
    const flags = runFlagsOf(opts);
    chooseDisplayMode(flags, io, "kamera explore --help"); // bad flag combinations fail before loading anything
    const scenario = await resolveScenario(spec, ctx.cwd);
    const { builder, initial: scenarioInitial, options } = buildScenario(scenario);
    const initial =
      (await initialStateFromTraceFlags(builder, opts, ctx.cwd)) ??
      (typeof opts.from === "string" ? await initialStateFromFile(builder, scenarioInitial, resolve(ctx.cwd, opts.from)) : scenarioInitial);
    // The flags were parsed here, not by the Runner: hand them over as its command line's result.
    const report = await new Runner(builder, io).runAndReport(
      initial,
      { ...options, argv: [], scenario: { name: scenario.name, description: scenario.description }, workerScenario: await scenarioSpecForWorkers(spec, ctx.cwd) },
      "kamera explore --help",
      flags,
    );
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
    const given = positional ?? String(opts.dump);
    const file = resolve(ctx.cwd, given);
    const info = await stat(file).catch(() => undefined);
    if (!info) throw new UsageError(`no such file: ${given}`, "kamera inspect --help");
    if (!info.isFile()) throw new UsageError(`${given} is not a file`, "kamera inspect --help");
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
    .description("serve a dump, or the result of exploring an example, to the browser inspector on 127.0.0.1")
    .argument("<dump-or-example>", "a dump file (recognised by its content, whatever its name), a bundled example's name, or a path to a module exporting a Scenario")
    .option("--port <n>", `port to listen on (default ${DEFAULT_WEB_PORT}; 0 picks a free one)`, tcpPort)
    .showHelpAfterError(hint("kamera serve"));
  addExploreFlags(serve);
  serve.addHelpText("after", ["", "Examples:", "  kamera serve run.dump.json", "  kamera serve mode-flip --port 8080"].join("\n"));
  serve.action(async (spec: string, opts: Record<string, unknown>) => {
    const flags = runFlagsOf(opts);
    // A dump is recognised by its content, not its name: `RUN.DUMP.JSON` is one too.
    const file = resolve(ctx.cwd, spec);
    if (await looksLikeDump(file)) {
      // Read it once here so that a file that is not a dump fails now, not in the page.
      await loadDump(file);
      await serveInBrowser({ name: spec, file }, io, flags.port);
      return;
    }
    if (/\.json$/i.test(spec)) {
      const exists = (await stat(file).catch(() => undefined))?.isFile();
      throw new UsageError(exists ? `${spec} is not a kamera dump: it does not start with a JSON object` : `no such file: ${spec}`, "kamera serve --help");
    }
    const scenario = await resolveScenario(spec, ctx.cwd);
    const { builder, initial, options } = buildScenario(scenario);
    await new Runner(builder, io).runAndReport(
      initial,
      { ...options, argv: [], scenario: { name: scenario.name, description: scenario.description } },
      "kamera serve --help",
      { ...flags, web: true },
    );
  });

  addServeApiCommand(program, ctx);
  addTraceCommand(program, ctx);
  addWorkerCommand(program, ctx);

  return program;
}
