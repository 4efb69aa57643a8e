import type { ExploreResult, ResultState } from "../explore/exploreResult.ts";
import { stat } from "node:fs/promises";
import { basename, dirname, resolve } from "node:path";
import { EXPLORE_OPTION_KEYS, type ExploreOptions } from "../explore/exploreOptions.ts";
import type { ExploreOutcome, Explorer } from "../explore/explorer.ts";
import { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { saveDump } from "../results/dump.ts";
import { processIO, type CliIO } from "./cliIO.ts";
import { chooseDisplayMode, type DisplayMode } from "./displayMode.ts";
import { presentResult } from "./presentResult.ts";
import { ProgressLine } from "./progressLine.ts";
import type { RunFlags } from "./runFlags.ts";
import type { RunSubject } from "./summarizedResult.ts";
import { UsageError } from "./usageError.ts";
import { KameraError } from "../kameraError.ts";
import { unknownOptionKey } from "../optionKey.ts";
import { parseKind } from "../kinds.ts";
import { nearestName } from "../nearestName.ts";
import { EXIT_FINDINGS, FAIL_ON_OUTCOMES, failOnWarnings, findings } from "./failOn.ts";
import { EXIT_NOT_SAVED, EXIT_USAGE } from "./exitStatus.ts";
import { scenarioOptions } from "../explore/scenarioOptions.ts";
import { exploreWithWorkers } from "./exploreScenario.ts";
import { bundledScenarioModules } from "../scenarioRegistry.ts";

/**
 * Options of `Runner.run`: the explorer's options plus how to show the result. Flags on the
 * command line (see `argv`) override them, so a script's options act as its defaults.
 */
export interface RunOptions
  extends ExploreOptions,
    Omit<RunFlags, "maxDepth" | "strategy" | "seed" | "timeoutMs" | "maxStates" | "engine" | "reduceNoOps" | "reduction" | "determinismCheck" | "abortOnError" | "reconcileTimeoutMs" | "pathCap" | "shortenCounterexamples" | "shorteningMaxStates" | "staleness" | "maxRestarts" | "workers" | "nats"> {
  /**
   * The command line to read the shared flags from (default: `process.argv.slice(2)`). Pass `[]`
   * to ignore the command line, e.g. in tests or when the script parses its own flags.
   */
  argv?: readonly string[];
  /** What is being explored; shown in summaries and recorded in dumps. */
  scenario?: RunSubject;
  /** The terminal inspector's `t` key (`kamera explore` sets it): writes a regression test of a state and says where. */
  exportTest?: (result: ExploreResult, state: ResultState) => Promise<string>;
  /**
   * What workers load for `--workers` and `--nats`: a bundled scenario's name or a module's
   * absolute path (`kamera explore` sets it). Without it those flags are refused: a script's
   * reconcilers are code of its own process.
   */
  workerScenario?: string;
  /**
   * What was found to warn about before the search, in where it starts (`kamera explore
   * --from-trace`: the trace's damaged lines, its controllers the scenario lacks). The result's
   * warnings begin with them, so every display, `--json` and the dump carry them.
   */
  warnings?: readonly string[];
}

/** The options of `Runner.run` that are not explore options. */
const RUNNER_ONLY_KEYS = ["argv", "scenario", "exportTest", "workerScenario", "warnings", "interactive", "dumpOutput", "web", "port", "json", "progress", "failOn"] as const satisfies readonly Exclude<
  keyof RunOptions,
  keyof ExploreOptions
>[];

// An option added to RunOptions but not to the list above fails to compile here.
const everyRunnerKeyListed: Record<Exclude<keyof RunOptions, keyof ExploreOptions | (typeof RUNNER_ONLY_KEYS)[number]>, never> = {};
void everyRunnerKeyListed;

function shown(v: unknown): string {
  return typeof v === "function" ? "a function" : (JSON.stringify(v) ?? String(v));
}

/**
 * Checks the options only the Runner takes, as its flags would be checked: code is not
 * type-checked when it is plain JavaScript, and a wrong value here would be ignored or misread
 * (`failOn: "max-depth"` spread into letters, `argv: "--max-depth 3"` ignored), silently turning
 * a CI gate off. Explore options are checked by the exploration itself.
 */
function checkRunnerOptions(opts: RunOptions): void {
  if (opts === null || typeof opts !== "object" || Array.isArray(opts)) throw new KameraError(`Runner.run options must be an object such as { argv: [] }, got ${shown(opts)}`);
  const known: readonly string[] = [...RUNNER_ONLY_KEYS, ...EXPLORE_OPTION_KEYS];
  const unknown = unknownOptionKey(opts, known);
  if (unknown !== undefined) {
    const { key, near } = unknown;
    throw new KameraError(`unknown Runner.run option "${key}"${near ? `; did you mean "${near}"?` : ""} (its own options: ${RUNNER_ONLY_KEYS.join(", ")}; and the explore options)`);
  }
  const { argv, scenario, exportTest, workerScenario, warnings, dumpOutput, port, failOn } = opts;
  if (argv !== undefined && (!Array.isArray(argv) || argv.some((a) => typeof a !== "string"))) {
    throw new KameraError(`argv must be an array of strings such as ["--max-depth", "3"], got ${shown(argv)}`);
  }
  if (warnings !== undefined && (!Array.isArray(warnings) || warnings.some((w) => typeof w !== "string"))) {
    throw new KameraError(`warnings must be an array of strings, got ${shown(warnings)}`);
  }
  if (failOn !== undefined) {
    if (!Array.isArray(failOn)) throw new KameraError(`failOn must be an array of outcomes (${FAIL_ON_OUTCOMES.join(", ")}), got ${shown(failOn)}`);
    const bad = failOn.filter((o) => !(FAIL_ON_OUTCOMES as readonly unknown[]).includes(o));
    if (bad.length > 0) throw new KameraError(`failOn takes ${FAIL_ON_OUTCOMES.join(", ")}; unknown: ${bad.map(shown).join(", ")}`);
  }
  for (const key of ["interactive", "web", "json", "progress"] as const) {
    if (opts[key] !== undefined && typeof opts[key] !== "boolean") throw new KameraError(`${key} must be true or false, got ${shown(opts[key])}`);
  }
  if (dumpOutput !== undefined && (typeof dumpOutput !== "string" || dumpOutput.trim() === "")) throw new KameraError(`dumpOutput must be a file path, got ${shown(dumpOutput)}`);
  if (port !== undefined && (typeof port !== "number" || !Number.isInteger(port) || port < 0 || port > 65535)) {
    throw new KameraError(`port must be a TCP port, 0 to 65535 (0 picks a free one), got ${shown(port)}`);
  }
  if (scenario !== undefined && (scenario === null || typeof scenario !== "object" || typeof scenario.name !== "string" || (scenario.description !== undefined && typeof scenario.description !== "string"))) {
    throw new KameraError(`scenario must be { name: string, description?: string }, got ${shown(scenario)}`);
  }
  if (exportTest !== undefined && typeof exportTest !== "function") throw new KameraError(`exportTest must be a function (result, state) => Promise<string>, got ${shown(exportTest)}`);
  if (workerScenario !== undefined && (typeof workerScenario !== "string" || workerScenario === "")) {
    throw new KameraError(`workerScenario must be a bundled scenario's name or a module's absolute path, got ${shown(workerScenario)}`);
  }
}

/**
 * Runs an exploration for a `Runner` in place of `explorer.explore` (same contract: resolves to
 * the result, partial when stopped).
 *
 * @example
 * ```ts
 * const inProcess: ExploreFunction = (explorer, initial, opts) => explorer.explore(initial, opts);
 * ```
 */
export type ExploreFunction = (explorer: Explorer, initial: InitialState, opts: ExploreOptions) => Promise<ExploreOutcome>;

/** What a run did, for callers that need more than the result (the CLI's exit status). */
export interface RunReport {
  outcome: ExploreOutcome;
  display: DisplayMode;
  /** The search was stopped by Ctrl-C (the result is partial). */
  interrupted: boolean;
  /** What fails the run (`findings`: violations, livelocks, failing reconcilers, `--fail-on` outcomes); empty when it passes. */
  findings: string[];
  /** Why the `--dump-output` dump could not be saved (already said on stderr); the result was shown all the same. */
  dumpNotSaved?: string;
}

async function checkDumpTarget(file: string, helpCommand: string | undefined): Promise<void> {
  // Checked before exploring: finding out after an hour-long search that the dump cannot be
  // written would lose the result.
  const dir = dirname(resolve(file));
  const dirInfo = await stat(dir).catch(() => undefined);
  if (!dirInfo?.isDirectory()) throw new UsageError(`--dump-output ${file}: directory ${dir} does not exist`, helpCommand);
  const fileInfo = await stat(file).catch(() => undefined);
  if (fileInfo?.isDirectory()) throw new UsageError(`--dump-output ${file}: is a directory; give a file name`, helpCommand);
}

/** What a dump records about the run: the scenario, and the options that shaped the search. */
function dumpScenario(subject: RunSubject | undefined, explore: ExploreOptions): Record<string, unknown> {
  const { strategy, seed, maxDepth, maxStates, timeoutMs, engine, reduceNoOps, reduction, determinismCheck, abortOnError, reconcileTimeoutMs, pathCap } = explore;
  const options = definedEntries({
    strategy: typeof strategy === "string" ? strategy : strategy && ("walk" in strategy ? strategy.walk : "custom"),
    seed,
    maxDepth,
    maxStates,
    timeoutMs,
    engine,
    reduceNoOps,
    reduction,
    determinismCheck,
    abortOnError,
    reconcileTimeoutMs,
    pathCap,
  });
  return { ...subject, ...(Object.keys(options).length > 0 ? { options } : {}) };
}

function definedEntries<T extends object>(obj: T): Partial<T> {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Explores from an initial state and shows the result the way the `kamera` command line does:
 * the terminal inspector on a terminal, a plain summary otherwise, a JSON summary with `--json`,
 * an optional dump, a progress line on stderr, and Ctrl-C stopping the search with the partial
 * result shown. It reads the shared flags (`--strategy`, `--max-depth`, `--timeout`, …) from the
 * script's command line, so any script that ends in `new Runner(eb).run(initial)` is a CLI.
 *
 * @example
 * ```ts
 * const eb = new ExplorerBuilder();
 * eb.withReconciler("FooController", (c) => new FooReconciler(c)).for("webapp.example.com/Foo");
 * const initial = eb.initialState().addTopLevelObject(foo, "FooController").build();
 * await new Runner(eb).run(initial);            // node my-check.ts --no-interactive --strategy bfs
 * ```
 */
export class Runner {
  private readonly io: CliIO;

  /**
   * `source` is the builder (built when `run` is called) or an already built explorer.
   * `exploreWith`, when given, runs the exploration instead of `explorer.explore` (the `kamera`
   * command runs it in a worker thread under a watchdog this way).
   */
  constructor(
    private readonly source: ExplorerBuilder | Explorer,
    io: Partial<CliIO> = {},
    private readonly exploreWith?: ExploreFunction,
  ) {
    this.io = { ...processIO(), ...io };
  }

  /**
   * Runs the exploration and shows its result; resolves to the result (partial when stopped).
   * Bad flags or options reject with a `KameraError` (a `UsageError` for the command line);
   * `--help` prints the flags and exits.
   */
  async run(initial: InitialState, opts: RunOptions = {}): Promise<ExploreOutcome> {
    if (opts.argv !== undefined) return (await this.runAndReport(initial, opts)).outcome;
    // Reading the process's own command line, the script is a CLI: a bad flag is a usage message
    // and exit status 2, and what fails the run sets exit status 3, as with `kamera explore`.
    let report: RunReport;
    try {
      report = await this.runAndReport(initial, opts);
    } catch (e) {
      if (!(e instanceof UsageError)) throw e;
      this.io.stderr.write(`error: ${e.message}\n${e.helpCommand ? `(run '${e.helpCommand}' for usage)\n` : ""}`);
      return this.io.exit(EXIT_USAGE);
    }
    const code = exitStatusOf(report);
    if (code !== 0) this.io.setExitCode?.(code);
    return report.outcome;
  }

  /**
   * `run`, also telling how the result was shown, whether Ctrl-C stopped the search and what
   * fails the run. `parsedFlags`, when given, stands for the command line (which is then not read).
   */
  async runAndReport(initial: InitialState, opts: RunOptions = {}, helpCommand?: string, parsedFlags?: RunFlags): Promise<RunReport> {
    checkRunnerOptions(opts);
    const { argv, scenario, interactive, dumpOutput, web, port, json, progress, failOn: _failOn, exportTest, workerScenario, warnings: startWarnings, ...exploreOpts } = opts;
    const fromProcess = argv === undefined;
    // commander is loaded only when flags are parsed: it builds a Node EventEmitter when imported,
    // and importing kamera (or bundling it into a page) must not need one.
    const { parseRunFlags } = await import("./runFlags.ts");
    // `kamera explore` parses its own command line and hands the flags over.
    const parsed = parsedFlags ? { flags: parsedFlags } : parseRunFlags(argv ?? process.argv.slice(2), fromProcess && process.argv[1] ? basename(process.argv[1]) : "runner");
    if (parsed.help !== undefined) {
      this.io.stdout.write(parsed.help);
      return this.io.exit(0);
    }
    const cli = parsed.flags;
    const flags: RunFlags = { ...definedEntries({ interactive, dumpOutput, web, port, json, progress }), ...cli };
    const display = chooseDisplayMode(flags, this.io, helpCommand);
    if (flags.dumpOutput !== undefined) await checkDumpTarget(flags.dumpOutput, helpCommand);

    const explorer = buildWithStaleness(this.source, cli, helpCommand, initial);
    const fromFlags: ExploreOptions = definedEntries({
      maxDepth: cli.maxDepth,
      strategy: cli.strategy,
      seed: cli.seed,
      timeoutMs: cli.timeoutMs,
      maxStates: cli.maxStates,
      engine: cli.engine,
      memoizeReconciles: cli.memoizeReconciles,
      reduceNoOps: cli.reduceNoOps,
      reduction: cli.reduction,
      determinismCheck: cli.determinismCheck,
      abortOnError: cli.abortOnError,
      reconcileTimeoutMs: cli.reconcileTimeoutMs,
      pathCap: cli.pathCap,
      shortenCounterexamples: cli.shortenCounterexamples,
      shorteningMaxStates: cli.shorteningMaxStates,
      workers: cli.workers,
    });
    const parallel = (fromFlags.workers ?? exploreOpts.workers ?? 1) > 1 || cli.nats !== undefined;
    // The flags over the scenario's (or script's) options; a reduction named by a flag replaces theirs.
    const { options: explore, note } = scenarioOptions(exploreOpts, fromFlags, parallel);
    if (note !== undefined) this.io.stderr.write(`Note: ${note}\n`);
    if (parallel && workerScenario === undefined) {
      throw new UsageError(
        "--workers and --nats need `kamera explore <example-or-module>`: the workers load the scenario again by its name or module, and a script's reconcilers cannot be sent to them",
        helpCommand,
      );
    }
    const failOn = [...(opts.failOn ?? []), ...(cli.failOn ?? [])];
    // Against the merged options: a scenario may turn abortOnError on itself.
    for (const w of failOnWarnings(failOn, explore)) this.io.stderr.write(`Warning: ${w}\n`);

    const controller = new AbortController();
    const outer = exploreOpts.signal;
    const forwardAbort = () => controller.abort(outer?.reason);
    if (outer?.aborted) forwardAbort();
    else outer?.addEventListener("abort", forwardAbort, { once: true });
    explore.signal = controller.signal;

    const line = (flags.progress ?? this.io.stderr.isTTY === true) ? new ProgressLine(this.io.stderr) : undefined;
    if (line) {
      const userProgress = exploreOpts.onProgress;
      explore.onProgress = (stats) => {
        line.update(stats);
        userProgress?.(stats);
      };
      explore.progressIntervalMs ??= 250;
    }

    let interrupted = false;
    const unsubscribe = this.io.onInterrupt(() => {
      if (interrupted) this.io.exit(130);
      interrupted = true;
      if (line?.pending) this.io.stderr.write("\n");
      this.io.stderr.write("Interrupted: stopping the search, showing what was found (Ctrl-C again quits)\n");
      controller.abort();
    });

    let outcome: ExploreOutcome;
    try {
      // Parallel workers each load the scenario themselves; otherwise the command's own way (isolated under a watchdog, or in this thread).
      outcome = parallel
        ? await exploreWithWorkers(explorer, initial, explore, workerScenario!, bundledScenarioModules(), cli.nats)
        : await (this.exploreWith ? this.exploreWith(explorer, initial, explore) : explorer.explore(initial, explore));
    } catch (e) {
      if (line?.pending) this.io.stderr.write("\n");
      throw e;
    } finally {
      unsubscribe();
      outer?.removeEventListener("abort", forwardAbort);
    }
    if (startWarnings !== undefined && startWarnings.length > 0) outcome.warnings.unshift(...startWarnings);
    line?.finish(outcome.stats, outcome.complete ? "done" : `stopped (${outcome.stopReason ?? "early"})`);
    // Names the reconcile or invariant that had to be stopped, whatever the display.
    if (outcome.stopDetail !== undefined) this.io.stderr.write(`Stopped: ${outcome.stopDetail}\n`);
    interrupted &&= outcome.stopReason === "signal";

    // A dump that cannot be written (a full disk, a vanished directory) must not cost the result
    // itself: it is shown anyway, the failure is said on stderr and in the exit status. After a
    // printed summary it is said last, where it is seen; the inspector and the browser inspector
    // keep running until quit (or Ctrl-C), so there it is said first.
    let dumpNotSaved: string | undefined;
    if (flags.dumpOutput !== undefined) {
      try {
        await this.saveGuarded(outcome, flags.dumpOutput, dumpScenario(scenario, explore));
        this.io.stderr.write(`Dump written to ${flags.dumpOutput}\n`);
      } catch (e) {
        if (!(e instanceof KameraError)) throw e;
        dumpNotSaved = e.message;
      }
    }
    const shownDump = dumpNotSaved === undefined ? flags.dumpOutput : undefined;
    const notSavedLine = dumpNotSaved !== undefined ? `error: ${dumpNotSaved} (the result is shown but was not saved; exit status ${EXIT_NOT_SAVED})\n` : undefined;
    const printed = display === "plain" || display === "json";
    if (notSavedLine !== undefined && !printed) this.io.stderr.write(notSavedLine);
    await presentResult(outcome, display, this.io, { subject: scenario, dumpFile: shownDump, port: flags.port, ...(exportTest ? { exportTest } : {}) });
    const found = findings(outcome, failOn);
    // On stderr, so that a CI log says why the step failed even when stdout went to a file.
    if (found.length > 0 && display !== "inspector") this.io.stderr.write(`Failed: found ${found.join(", ")} (exit status ${EXIT_FINDINGS})\n`);
    if (notSavedLine !== undefined && printed) this.io.stderr.write(notSavedLine);
    return { outcome, display, interrupted, findings: found, ...(dumpNotSaved !== undefined ? { dumpNotSaved } : {}) };
  }

  /**
   * Saves the dump while listening for Ctrl-C (and SIGTERM/SIGHUP, which `processIO` delivers
   * alike): the first says the save is finishing, a second abandons it cleanly (the temp file is
   * removed, the target left as it was) and exits with 130. Without a listener a signal here
   * would kill the process mid-write and lose the result.
   */
  private async saveGuarded(outcome: ExploreOutcome, path: string, scenario: Record<string, unknown>): Promise<void> {
    const abandon = new AbortController();
    let signals = 0;
    const unsubscribe = this.io.onInterrupt(() => {
      if (++signals === 1) this.io.stderr.write(`Finishing the dump ${path} (Ctrl-C again abandons it)\n`);
      else abandon.abort();
    });
    try {
      await saveDump(outcome, path, { scenario, signal: abandon.signal });
    } catch (e) {
      if (!abandon.signal.aborted) throw e;
      this.io.stderr.write(`Dump not written: ${(e as Error).message}\n`);
      this.io.exit(130);
    } finally {
      unsubscribe();
    }
  }
}

/**
 * The exit status a run's report calls for: 1 when the dump could not be saved (what was asked
 * for is missing, whatever the search found), 130 when Ctrl-C stopped it (outside the inspector),
 * 3 when it found what fails the run, else 0.
 *
 * @example
 * ```ts
 * process.exitCode = exitStatusOf(await new Runner(eb).runAndReport(initial));
 * ```
 */
export function exitStatusOf(report: RunReport): number {
  if (report.dumpNotSaved !== undefined) return EXIT_NOT_SAVED;
  if (report.interrupted && report.display !== "inspector") return 130;
  return report.findings.length > 0 ? EXIT_FINDINGS : 0;
}

/**
 * The kinds a scenario knows: those its reconcilers are for, own or watch, those declared with
 * `withKind`, and those of its initial objects.
 */
function knownKinds(explorer: Explorer, initial: InitialState): string[] {
  const { registrations, kinds } = explorer.config;
  const known = new Set<string>([...kinds.declaredKinds(), ...initial.objects.map((o) => o.kind)]);
  for (const r of registrations) for (const kind of [r.for, ...r.owns, ...r.watches.map((w) => w.kind)]) known.add(kind);
  // A registration without a primary kind (the garbage collector, one not yet given `.for`) has "".
  known.delete("");
  return [...known].sort();
}

/**
 * Builds the explorer, first adding the reconcilers given `--staleness` on the command line.
 * Their names are checked against the registered reconcilers, and the kinds against those the
 * scenario knows: a typo in either would otherwise silently replace the scenario's staleness
 * with one that never applies. Either is a usage error.
 */
export function buildWithStaleness(source: ExplorerBuilder | Explorer, cli: RunFlags, helpCommand: string | undefined, initial: InitialState): Explorer {
  const given = cli.staleness ?? [];
  if (given.length === 0) {
    if (cli.maxRestarts !== undefined) throw new UsageError("--max-restarts needs --staleness <id>:<kind>=<lookback>", helpCommand);
    return source instanceof ExplorerBuilder ? source.build() : source;
  }
  if (!(source instanceof ExplorerBuilder)) {
    throw new UsageError("--staleness needs a Runner given an ExplorerBuilder (this one was given a built Explorer); use eb.withStaleness in code", helpCommand);
  }
  const plain = source.build();
  const registered = plain.config.registrations.map((r) => r.id);
  const kinds = knownKinds(plain, initial);
  const byReconciler = new Map<string, Record<string, number>>();
  for (const { reconcilerId, kind, lookback } of given) {
    const flag = `--staleness ${reconcilerId}:${kind}=${lookback}`;
    if (!registered.includes(reconcilerId)) {
      throw new UsageError(`${flag}: no reconciler "${reconcilerId}"; registered: ${registered.join(", ") || "(none)"}`, helpCommand);
    }
    try {
      parseKind(kind);
    } catch (e) {
      if (e instanceof KameraError) throw new UsageError(`${flag}: ${e.message}`, helpCommand);
      throw e;
    }
    if (!kinds.includes(kind)) {
      const near = nearestName(kind, kinds);
      throw new UsageError(`${flag}: the scenario has no kind "${kind}"${near !== undefined ? `; did you mean "${near}"?` : ""} (its kinds: ${kinds.join(", ") || "(none)"})`, helpCommand);
    }
    byReconciler.set(reconcilerId, { ...byReconciler.get(reconcilerId), [kind]: lookback });
  }
  for (const [id, lookback] of byReconciler) {
    try {
      source.withStaleness(id, { lookback, maxRestarts: cli.maxRestarts ?? 1 });
    } catch (e) {
      if (e instanceof KameraError) throw new UsageError(`--staleness: ${e.message}`, helpCommand);
      throw e;
    }
  }
  return source.build();
}
