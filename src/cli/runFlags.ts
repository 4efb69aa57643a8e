import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { ENGINES, MAX_TIMER_MS, MAX_WORKERS, REDUCTIONS, SEARCH_ORDERS, type Reduction } from "../explore/exploreOptions.ts";
import { WALK_STRATEGIES } from "../explore/strategies/walkStrategy.ts";
import { FAIL_ON_OUTCOMES, type FailOnOutcome } from "./failOn.ts";
import { UsageError } from "./usageError.ts";

/** One `--staleness <id>:<kind>=<lookback>`: a reconciler that may restart against a lagging view of a kind. */
export interface StalenessFlag {
  reconcilerId: string;
  kind: string;
  lookback: number;
}

/**
 * The flags shared by `kamera explore` and the Runner, once parsed and validated. Every field is
 * optional: absent means "not given", so that options given in code or by a scenario still apply.
 */
export interface RunFlags {
  /** Open the terminal inspector (default: only when stdin and stdout are terminals and `--json` is off). */
  interactive?: boolean;
  /** Write a dump of the result to this file. */
  dumpOutput?: string;
  maxDepth?: number;
  strategy?: (typeof STRATEGY_NAMES)[number];
  seed?: number;
  /** From `--timeout <s>`, in milliseconds. */
  timeoutMs?: number;
  maxStates?: number;
  /** Exploration core: the WebAssembly one (default) or the pure-TypeScript reference. */
  engine?: "wasm" | "reference";
  /** `--no-memoize`: run every reconcile (`ExploreOptions.memoizeReconciles: false`). */
  memoizeReconciles?: boolean;
  /** Open the browser inspector instead of the terminal one. */
  web?: boolean;
  /** Port of the browser inspector (with `--web`). */
  port?: number;
  /** Print a machine-readable summary on stdout. */
  json?: boolean;
  /** Show the progress line on stderr (default: only when stderr is a terminal). */
  progress?: boolean;
  /** `--reduce-noops` (`ExploreOptions.reduceNoOps`). */
  reduceNoOps?: boolean;
  /** `--reduction none|por|noops` (`ExploreOptions.reduction`). */
  reduction?: Reduction;
  /** `--determinism-check` (`ExploreOptions.determinismCheck`). */
  determinismCheck?: boolean;
  /** `--abort-on-error` (`ExploreOptions.abortOnError`). */
  abortOnError?: boolean;
  /** `--reconcile-timeout <ms>` (`ExploreOptions.reconcileTimeoutMs`). */
  reconcileTimeoutMs?: number;
  /** `--path-cap <n>` (`ExploreOptions.pathCap`). */
  pathCap?: number;
  /** `--no-shorten-counterexamples` (`ExploreOptions.shortenCounterexamples: false`). */
  shortenCounterexamples?: boolean;
  /** `--shortening-max-states <n>` (`ExploreOptions.shorteningMaxStates`). */
  shorteningMaxStates?: number;
  /** `--staleness <id>:<kind>=<lookback>`, repeatable (`ExplorerBuilder.withStaleness`). */
  staleness?: StalenessFlag[];
  /** `--max-restarts <n>`: restarts per path of every reconciler given `--staleness` (default 1). */
  maxRestarts?: number;
  /** `--fail-on <outcomes>`: outcomes that fail the run (exit status 3) besides violations, livelocks and failing reconcilers. */
  failOn?: FailOnOutcome[];
  /** `--workers <n>`: worker threads (`ExploreOptions.workers`). */
  workers?: number;
  /** `--nats <url>`: explore with the `kamera worker` processes listening on this NATS server. */
  nats?: string;
}

/** The search strategies a flag can name, with their default parameters (custom strategies are for code). */
export const STRATEGY_NAMES = [...SEARCH_ORDERS, ...WALK_STRATEGIES] as const;

/** The exploration cores a flag can name. */
export const ENGINE_NAMES = ENGINES;

function nonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError("Expected a non-negative integer.");
  }
  return Number(value);
}

/**
 * Parses a seed: any safe integer, negative too, as `ExploreOptions.seed` takes. Commander gives
 * a required value whatever it starts with, so `--seed -5` works as `--seed=-5` does.
 */
export function seedFlag(value: string): number {
  if (!/^-?\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError(`Expected an integer from -${Number.MAX_SAFE_INTEGER} to ${Number.MAX_SAFE_INTEGER}.`);
  }
  return Number(value);
}

function positiveInteger(value: string): number {
  // Its own message for every refusal: "-1" answered "non-negative" would invite a 0 refused next.
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value)) || Number(value) === 0) {
    throw new InvalidArgumentError("Expected a positive integer.");
  }
  return Number(value);
}

/** Milliseconds that become a timer's delay: Node.js cuts a longer one than `MAX_TIMER_MS` to 1 ms. */
function timerMilliseconds(value: string): number {
  const ms = positiveInteger(value);
  if (ms > MAX_TIMER_MS) throw new InvalidArgumentError(`Expected at most ${MAX_TIMER_MS} ms (about 24.8 days, the longest timer Node.js keeps).`);
  return ms;
}

function workerCount(value: string): number {
  const n = positiveInteger(value);
  if (n > MAX_WORKERS) throw new InvalidArgumentError(`Expected at most ${MAX_WORKERS} workers.`);
  return n;
}

function positiveSeconds(value: string): number {
  // Plain decimal seconds only: "1e3" or "10s" are more likely typos than intent.
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) <= 0) {
    throw new InvalidArgumentError("Expected a positive number of seconds, such as 30 or 0.5.");
  }
  // A run with workers stops by a timer, which Node.js cuts to 1 ms past `MAX_TIMER_MS`.
  if (Math.round(Number(value) * 1000) > MAX_TIMER_MS) {
    throw new InvalidArgumentError(`Expected at most ${MAX_TIMER_MS / 1000} seconds (about 24.8 days, the longest timer Node.js keeps).`);
  }
  return Number(value);
}

/** Parses a TCP port (0 lets the system pick a free one). */
export function tcpPort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError("Expected a TCP port, 0 to 65535 (0 picks a free one).");
  return n;
}

/** Parses `<id>:<group>/<Kind>=<lookback>`, e.g. `ZkReconciler:zookeeper.pravega.io/ZookeeperCluster=4`. */
function stalenessFlag(value: string, previous: StalenessFlag[] | undefined): StalenessFlag[] {
  const m = /^([^:=]+):([^=]+\/[^=]+)=(\d+)$/.exec(value.trim());
  if (!m) {
    throw new InvalidArgumentError(
      `Expected <reconciler-id>:<group>/<Kind>=<lookback>, such as Foo:core/ConfigMap=2 (lookback 0 = any history position), got "${value}".`,
    );
  }
  return [...(previous ?? []), { reconcilerId: m[1]!, kind: m[2]!, lookback: Number(m[3]) }];
}

/** Parses a comma-separated list of `--fail-on` outcomes (the flag may also be repeated). */
function failOnList(value: string, previous: FailOnOutcome[] | undefined): FailOnOutcome[] {
  const names = value.split(",").map((n) => n.trim()).filter((n) => n !== "");
  const known = new Set<string>(FAIL_ON_OUTCOMES);
  const bad = names.filter((n) => !known.has(n));
  if (bad.length > 0 || names.length === 0) {
    throw new InvalidArgumentError(`Expected a comma-separated list of ${FAIL_ON_OUTCOMES.join(", ")}${bad.length ? `; unknown: ${bad.join(", ")}` : ""}.`);
  }
  return [...(previous ?? []), ...(names as FailOnOutcome[])];
}

/** Parses a NATS server URL: nats://host:port (or tls://, ws://, wss://). */
export function natsUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`Expected a NATS server URL such as nats://127.0.0.1:4222, got "${value}".`);
  }
  if (!["nats:", "tls:", "ws:", "wss:"].includes(url.protocol) || url.hostname === "") {
    throw new InvalidArgumentError(`Expected a NATS server URL such as nats://127.0.0.1:4222 (scheme nats, tls, ws or wss, and a host), got "${value}".`);
  }
  return value;
}

function nonEmpty(value: string): string {
  if (value.trim() === "") throw new InvalidArgumentError("Expected a file path.");
  return value;
}

/**
 * Adds the flags that control how a result is shown (`--interactive`, `--no-interactive`, `--json`,
 * `--web`, `--port`) to a command. `kamera explore`, `kamera inspect` and the Runner all have them.
 */
export function addDisplayFlags(cmd: Command): Command {
  return cmd
    .option("--interactive", "open the terminal inspector (default when stdin and stdout are terminals)")
    .option("--no-interactive", "print a plain summary instead of opening the inspector")
    .option("--json", "print a machine-readable JSON summary on stdout (path counts as strings)")
    .option("--web", "serve the result to the browser inspector on 127.0.0.1 instead of opening the terminal one")
    .option("--port <n>", "port of the browser inspector (with --web; default 4280)", tcpPort);
}

/**
 * Adds the flags that control an exploration (`--max-depth`, `--strategy`, `--seed`, `--timeout`,
 * `--max-states`, `--engine`, `--memoize`, `--dump-output`, `--progress`, and one per explore
 * option README documents: `--reduce-noops`/`--reduction`, `--determinism-check`,
 * `--abort-on-error`, `--reconcile-timeout`, `--path-cap`, `--shorten-counterexamples`, `--shortening-max-states`,
 * `--staleness`, `--max-restarts`) to a command. Values are validated as they are
 * parsed, so a bad value is a usage error before anything runs.
 */
export function addExploreFlags(cmd: Command): Command {
  return cmd
    .option("--dump-output <file>", "write a dump of the result to <file> (reopen it with `kamera inspect <file>`)", nonEmpty)
    .option("--max-depth <n>", "do not expand states more than <n> steps from the initial state", nonNegativeInteger)
    .addOption(new Option("--strategy <name>", "search order: dfs (least memory), bfs (shortest counterexamples), random (seeded); or a walk strategy, not exhaustive (see docs/strategies.md)").choices(STRATEGY_NAMES))
    .option("--seed <n>", "seed of the random and walk strategies: any integer, negative too (default 1)", seedFlag)
    .option("--timeout <s>", "stop the search after <s> seconds and show what was found", positiveSeconds)
    .option("--max-states <n>", "stop the search after <n> distinct states and show what was found", positiveInteger)
    .addOption(new Option("--engine <name>", "exploration core: wasm (default) or the pure-TypeScript reference").choices(ENGINE_NAMES))
    .option("--memoize", "replay a reconcile that would read what an earlier run read (the default)")
    .option("--no-memoize", "run every reconcile, replaying none (slower; results are the same)")
    .option("--progress", "show the progress line on stderr even when it is not a terminal")
    .option("--no-progress", "never show the progress line")
    .option("--reduce-noops", "a reconcile that would write nothing becomes its state's only successor (far fewer states; see README)")
    .addOption(
      new Option("--reduction <name>", "state-space reduction: none (every interleaving), por (partial-order reduction: the same outcomes in far fewer states) or noops (as --reduce-noops); default: the scenario's, else por with one worker and none with --workers or --nats")
        .choices([...REDUCTIONS])
        .conflicts("reduceNoops"),
    )
    .option("--determinism-check", "run every reconcile twice on the same view and report reconcilers whose writes differ")
    .option("--abort-on-error", "end a branch at the first reconcile error (reason \"error\") instead of requeueing")
    .option("--reconcile-timeout <ms>", "a reconcile that has not returned after <ms> milliseconds fails, checked at every client call and ctx.choose too (default 5000, at most 2147483647; a loop that never yields cannot be stopped)", timerMilliseconds)
    .option("--path-cap <n>", "list at most <n> unique paths per state (default 100)", positiveInteger)
    .option("--shorten-counterexamples", "after a reduced search, give violations and livelocks the full graph's shortest paths (the default)")
    .option("--no-shorten-counterexamples", "report the paths the reduced search found (maybe longer than the shortest)")
    .option("--shortening-max-states <n>", "state budget of the search for shortest counterexamples (default 50000); past it a path is marked as maybe not the shortest", positiveInteger)
    .option("--staleness <id>:<kind>=<lookback>", "let reconciler <id> restart against a view of <kind> up to <lookback> writes old (0 = any); repeatable", stalenessFlag)
    .option("--max-restarts <n>", "restarts per path of each reconciler given --staleness (default 1)", nonNegativeInteger)
    .option("--workers <n>", "explore with <n> worker threads, each owning a share of the states (default 1, at most 256; the result is the same; see docs/scale-out.md)", workerCount)
    .option("--nats <url>", "explore with the `kamera worker --nats <url>` processes on this NATS server, e.g. nats://127.0.0.1:4222 (see docs/scale-out.md)", natsUrl);
}

/**
 * Adds `--fail-on <outcomes>` to a command whose exit status reports what the run found
 * (`kamera explore` and the Runner; not `serve`, which runs until stopped).
 */
export function addCheckFlags(cmd: Command): Command {
  return cmd.option(
    "--fail-on <outcomes>",
    `also exit with status 3 on these outcomes, comma-separated: ${FAIL_ON_OUTCOMES.filter((o) => !["violation", "livelock", "keeps-failing"].includes(o)).join(", ")} (violations, livelocks and failing reconcilers always do)`,
    failOnList,
  );
}

/** Turns the option values commander parsed (with the flags above) into `RunFlags`. */
export function runFlagsOf(opts: Record<string, unknown>): RunFlags {
  const flags: RunFlags = {};
  if (typeof opts.interactive === "boolean") flags.interactive = opts.interactive;
  if (typeof opts.json === "boolean") flags.json = opts.json;
  if (typeof opts.web === "boolean") flags.web = opts.web;
  if (typeof opts.port === "number") flags.port = opts.port;
  if (typeof opts.progress === "boolean") flags.progress = opts.progress;
  if (typeof opts.dumpOutput === "string") flags.dumpOutput = opts.dumpOutput;
  if (typeof opts.maxDepth === "number") flags.maxDepth = opts.maxDepth;
  if (typeof opts.seed === "number") flags.seed = opts.seed;
  if (typeof opts.maxStates === "number") flags.maxStates = opts.maxStates;
  if (typeof opts.timeout === "number") flags.timeoutMs = Math.round(opts.timeout * 1000);
  if (typeof opts.strategy === "string") flags.strategy = opts.strategy as RunFlags["strategy"];
  if (typeof opts.engine === "string") flags.engine = opts.engine as RunFlags["engine"];
  if (typeof opts.memoize === "boolean") flags.memoizeReconciles = opts.memoize;
  if (opts.reduceNoops === true) flags.reduceNoOps = true;
  if (typeof opts.reduction === "string") flags.reduction = opts.reduction as Reduction;
  if (opts.determinismCheck === true) flags.determinismCheck = true;
  if (opts.abortOnError === true) flags.abortOnError = true;
  if (typeof opts.reconcileTimeout === "number") flags.reconcileTimeoutMs = opts.reconcileTimeout;
  if (typeof opts.pathCap === "number") flags.pathCap = opts.pathCap;
  if (typeof opts.shortenCounterexamples === "boolean") flags.shortenCounterexamples = opts.shortenCounterexamples;
  if (typeof opts.shorteningMaxStates === "number") flags.shorteningMaxStates = opts.shorteningMaxStates;
  if (Array.isArray(opts.staleness)) flags.staleness = opts.staleness as StalenessFlag[];
  if (typeof opts.maxRestarts === "number") flags.maxRestarts = opts.maxRestarts;
  if (Array.isArray(opts.failOn)) flags.failOn = opts.failOn as FailOnOutcome[];
  if (typeof opts.workers === "number") flags.workers = opts.workers;
  if (typeof opts.nats === "string") flags.nats = opts.nats;
  return flags;
}

/** What `parseRunFlags` found: the flags, or the help text when `--help` was given. */
export type ParsedRunFlags = { flags: RunFlags; help?: undefined } | { help: string; flags?: undefined };

/**
 * Parses the shared flags from a script's own command line, for `Runner.run`. Positional
 * arguments are left to the script; an unknown flag or a bad value is a `UsageError` (a typo such
 * as `--max-dept` silently ignored would explore something other than what was asked).
 *
 * @example
 * ```ts
 * parseRunFlags(["--strategy", "bfs", "--timeout", "30"]).flags; // { strategy: "bfs", timeoutMs: 30000 }
 * ```
 */
export function parseRunFlags(argv: readonly string[], programName = "kamera-runner"): ParsedRunFlags {
  const cmd = new Command(programName)
    .description("Explores every interleaving of the registered reconcilers and shows the result.")
    .allowExcessArguments(true)
    .exitOverride();
  addCheckFlags(addDisplayFlags(addExploreFlags(cmd)));
  cmd.addHelpText("after", EXIT_STATUS_HELP);
  let helpText = "";
  // Help is returned to the caller; errors travel in the thrown CommanderError.
  cmd.configureOutput({
    writeOut: (s) => (helpText += s),
    writeErr: () => {},
    outputError: () => {},
  });
  try {
    cmd.parse([...argv], { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed") return { help: helpText };
      throw new UsageError(`${commanderMessage(e)} (pass { argv: [] } to Runner.run to ignore the command line)`, `${programName} --help`);
    }
    throw e;
  }
  return { flags: runFlagsOf(cmd.opts()) };
}

/** The exit statuses of `kamera explore` and of a Runner script, for their `--help`. */
export const EXIT_STATUS_HELP = [
  "",
  "Exit status:",
  "  0    the search found nothing that fails the run",
  "  1    kamera could not run (a bad scenario or module, a corrupt dump, an internal error),",
  "       or the result was shown but its --dump-output could not be saved",
  "  2    usage error (unknown flag, bad value, missing file, a directory given for a file)",
  "  3    the run failed: invariant violations, livelocks or failing reconcilers were found,",
  "       a reconciler or invariant did not return (kamera explore), or an outcome named by --fail-on",
  "  130  interrupted by Ctrl-C (the partial result was shown)",
].join("\n");

/** Commander's message without its "error: " prefix (the CLI adds its own). */
export function commanderMessage(e: CommanderError): string {
  return e.message.replace(/^error:\s*/, "");
}
