import { existsSync, statSync } from "node:fs";
import { dirname, extname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { buildExploreResult } from "../../explore/buildExploreResult.ts";
import { configurationWarnings } from "../../explore/configurationWarnings.ts";
import { applyCounterexampleShortening, counterexampleTargets } from "../../explore/counterexampleShortening.ts";
import type { ExploreOutcome, Explorer, OutcomeStopReason } from "../../explore/explorer.ts";
import { validateExploreOptions, type ExploreOptions, type NondeterminismReport } from "../../explore/exploreOptions.ts";
import type { ExploreStats } from "../../explore/exploreResult.ts";
import type { InitialState } from "../../explore/initialStateBuilder.ts";
import { durationText } from "../../explore/reconcileBudget.ts";
import { userCodeName, userCodePlace, type UserCodeActivity } from "../../explore/userCodeActivity.ts";
import { KameraError } from "../../kameraError.ts";
import { threadModule } from "../../parallel/threadModule.ts";
import { loadBundledScenarios } from "../../scenarioRegistry.ts";
import type { RunFlags } from "../runFlags.ts";
import { UsageError } from "../usageError.ts";
import type { CrossingError, FromIsolatedWorker, IsolatedLogRecord, IsolatedScenarioSource, IsolatedWorkerData, PlainExploreOptions, ToIsolatedWorker } from "./isolatedProtocol.ts";
import { PackedGraphAssembler } from "./packedGraphAssembler.ts";
import type { PackedTables } from "./packedGraphDelta.ts";
import type { PackedResultGraph } from "./packedResultGraph.ts";
import { SharedLogReader } from "./sharedRecordLog.ts";

/**
 * Runs an exploration in a worker thread, with this thread as its watchdog. Code that never
 * yields (`while (true) {}`, `for (;;) await Promise.resolve()`, a looping invariant) cannot be
 * stopped from inside its own thread: no timer, signal handler or stop request gets to run. From
 * here the worker can be terminated, and the result built from the graph it logged.
 */

/** The tables of a delta that brought no new entries. */
const NO_TABLES: PackedTables = Object.freeze({ objects: [], keys: [], requests: [], outcomes: [], records: [] });

/** How long a stop (Ctrl-C, `stop`) or the run's timeout waits for the worker to end by itself before terminating it. */
export const STOP_GRACE_MS = 2_000;

/** How often the watchdog looks at what the worker is running. */
const WATCH_EVERY_MS = 100;

/**
 * How long one reconcile or invariant may run before the watchdog stops the worker: twice
 * `reconcileTimeoutMs`, and at least one second more. The reconcile's own timer handles a
 * promise that never settles at `reconcileTimeoutMs`; the margin keeps the watchdog from racing it.
 */
export function runawayBudgetMs(reconcileTimeoutMs: number): number {
  return reconcileTimeoutMs + Math.max(1_000, reconcileTimeoutMs);
}

/** What `runIsolated` needs: where the worker finds the scenario, and this thread's view of the same run. */
export interface IsolatedRunInput {
  source: IsolatedScenarioSource;
  /** The command line's flags (the worker applies `--staleness` as the Runner does). */
  flags: RunFlags;
  /** This thread's explorer, built from the same scenario: it checks the configuration and gives the result's warnings. */
  explorer: Explorer;
  initial: InitialState;
  options: ExploreOptions;
}

/** The plain-data part of the options, which can be copied to the worker. */
function plainOptions(opts: ExploreOptions): PlainExploreOptions {
  const { signal: _signal, onProgress: _onProgress, observers: _observers, strategy, ...rest } = opts;
  const plain: PlainExploreOptions = rest;
  // Built-in orders and walk strategies are plain data; a custom priority function cannot cross to the worker.
  if (typeof strategy === "string" || (typeof strategy === "object" && "walk" in strategy)) plain.strategy = strategy;
  return plain;
}

/**
 * The worker module next to this one (`.ts` from the sources, `.js` in the package). Built from a
 * path, not as `new URL(…, import.meta.url)`: the page's bundler would ship that target as an asset.
 */
function workerEntry(): URL {
  const here = fileURLToPath(import.meta.url);
  return pathToFileURL(join(dirname(here), `isolatedWorker${extname(here)}`));
}

/**
 * Starts the worker on the compiled copy of its module, of the modules registering the bundled
 * scenarios and of the scenario's module when given by path (see threadModule.ts): from the
 * sources, compiling them through a loader in the thread took longer than many explorations.
 */
async function startWorker(data: IsolatedWorkerData): Promise<Worker> {
  const { source } = data;
  const file = resolve(source.cwd, source.spec);
  const byPath = existsSync(file) && statSync(file).isFile() ? pathToFileURL(file).href : undefined;
  const module = await threadModule(workerEntry(), byPath === undefined ? source.scenarioModules : [...source.scenarioModules, byPath]);
  const threadSource: IsolatedScenarioSource = { ...source, scenarioModules: source.scenarioModules.map((u) => module.moduleUrl(u)) };
  // A bundled example's name wins over a file of that name (resolveScenario): keep the spec unless it is only a path.
  if (byPath !== undefined && module.compiled && !(await loadBundledScenarios()).some((s) => s.name === source.spec)) threadSource.spec = fileURLToPath(module.moduleUrl(byPath));
  return new Worker(module.url, { workerData: { ...data, source: threadSource }, name: "kamera-exploration" });
}

/** The error a worker reported, rethrown as its kind on this side. */
function rethrown(error: CrossingError): Error {
  if (error.kind === "usage") return new UsageError(error.message, error.helpCommand);
  if (error.kind === "kamera") {
    const e = new KameraError(error.message);
    if (error.stack !== undefined) e.cause = Object.assign(new Error(error.message), { stack: error.stack });
    return e;
  }
  return Object.assign(new Error(`the exploration's worker thread failed: ${error.message}`), { stack: error.stack });
}

/**
 * Counters for a result whose worker was stopped: counted from the graph received and the
 * reconciles the worker said it started; replays from the last progress report.
 */
function partialStats(graph: PackedResultGraph, last: ExploreStats | undefined, reconcilesStarted: number, durationMs: number, engine: string): ExploreStats {
  const n = graph.stateCount();
  let expanded = 0;
  let converged = 0;
  let aborted = 0;
  let open = 0;
  let maxDepth = 0;
  for (let s = 0; s < n; s++) {
    const kind = graph.outcome(s).kind;
    if (kind === "expanded") expanded++;
    else if (kind === "converged") converged++;
    else if (kind === "aborted") aborted++;
    else open++;
    maxDepth = Math.max(maxDepth, graph.depth(s));
  }
  return {
    statesVisited: expanded,
    uniqueStates: n,
    transitions: graph.edgeCount(),
    reconcilesExecuted: reconcilesStarted,
    reconcilesReplayed: last?.reconcilesReplayed ?? 0,
    maxDepth,
    durationMs,
    statesPerSecond: durationMs > 0 ? n / (durationMs / 1000) : 0,
    frontierSize: open,
    collisionProbability: (n * n) / 2 ** 65,
    convergedCount: converged,
    abortedCount: aborted,
    engine: last?.engine ?? engine,
  };
}

/**
 * Explores in a worker thread under a watchdog, and resolves to the result like
 * `explorer.explore`. The worker loads the scenario from `input.source` (as `kamera explore`
 * does); this thread only watches:
 *
 * - a reconcile or invariant running longer than `runawayBudgetMs(reconcileTimeoutMs)` ends the
 *   run: the worker is terminated and the result has stop reason `"runaway"` and a `stopDetail`
 *   naming the code, its state and request;
 * - the signal (Ctrl-C) and the run's timeout are passed on; a worker that has not ended
 *   `STOP_GRACE_MS` later is terminated, and `stopDetail` names what it was running.
 *
 * A terminated run's graph is the one logged up to the last user code started. The state that
 * code ran on is reported as not expanded, as when a timeout cuts a state short in-process.
 *
 * @example
 * ```ts
 * const outcome = await runIsolated({ source: { spec: "./scenario.ts", cwd, start: {}, scenarioModules: [] }, flags: {}, explorer, initial, options: { reconcileTimeoutMs: 2000 } });
 * if (outcome.stopReason === "runaway") console.error(outcome.stopDetail);
 * ```
 */
export async function runIsolated(input: IsolatedRunInput): Promise<ExploreOutcome> {
  const { options } = input;
  validateExploreOptions(options);
  const reconcileTimeoutMs = options.reconcileTimeoutMs ?? 5_000;
  const budgetMs = runawayBudgetMs(reconcileTimeoutMs);
  const activity = new SharedArrayBuffer(8);
  const slots = new Int32Array(activity);
  const startedAt = performance.now();
  const worker = await startWorker({ source: input.source, flags: input.flags, options: plainOptions(options), activity });
  const assembler = new PackedGraphAssembler();
  const log = new SharedLogReader();
  let lastStats: ExploreStats | undefined;
  /** The last user code the worker said it started. */
  let running: { seq: number; activity: UserCodeActivity } | undefined;
  /** The user code seen running without a return, and since when (this thread's clock). */
  let watched: { seq: number; since: number } | undefined;
  let stopAskedAt: number | undefined;
  /** When the worker had loaded the scenario and started the search (loading it may take seconds). */
  let exploringSince: number | undefined;
  /** Reconciles the worker ran (replays from the memo run no user code and are not among them). */
  let reconcilesStarted = 0;
  let lastProgressCall = -Infinity;
  /** The result of the finished exploration, while the worker searches shorter counterexamples for it. */
  let shortening: ExploreOutcome | undefined;
  /** Takes in what the worker logged since the last time: the graph's growth and the user code it started. */
  const readLog = () => {
    for (const { value, numbers } of log.read()) {
      const record = (value ?? {}) as IsolatedLogRecord;
      if (numbers.length > 0) assembler.receive({ tables: record.tables ?? NO_TABLES, numbers });
      if (record.seq !== undefined && record.activity !== undefined) {
        running = { seq: record.seq, activity: record.activity };
        if (record.activity.kind === "reconcile") reconcilesStarted++;
      }
    }
  };

  return new Promise<ExploreOutcome>((resolve, reject) => {
    let settled = false;
    const finish = (outcome: ExploreOutcome | Error) => {
      if (settled) return;
      settled = true;
      clearInterval(watchdog);
      options.signal?.removeEventListener("abort", askStop);
      worker.removeAllListeners();
      // An error the worker raises while being terminated must not become an unhandled 'error' event here.
      worker.on("error", () => undefined);
      // The worker has sent everything, or is stuck: either way it is done with.
      void worker.terminate();
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };

    const outcomeOf = (graph: PackedResultGraph, stats: ExploreStats, complete: boolean, nondeterministic: NondeterminismReport[], stopReason?: OutcomeStopReason, stopDetail?: string): ExploreOutcome => {
      const result = buildExploreResult(graph, { pathCap: options.pathCap, stats, complete }) as ExploreOutcome;
      Object.defineProperty(result, "graph", { value: graph, enumerable: false });
      result.nondeterministic = nondeterministic;
      if (stopReason !== undefined) result.stopReason = stopReason;
      if (stopDetail !== undefined) result.stopDetail = stopDetail;
      result.warnings = configurationWarnings(input.explorer.config, input.initial, graph, complete);
      return result;
    };

    /**
     * Ends the run without the worker. `detail` gets the user code that did not return, as
     * "reconciler "X"" and "state …, request …", or undefined when none was running.
     */
    const terminate = (stopReason: OutcomeStopReason, detail: (name: string | undefined, place: string | undefined) => string) => {
      readLog();
      const culprit = running !== undefined && Atomics.load(slots, 1) < running.seq ? running.activity : undefined;
      if (shortening !== undefined) {
        // The exploration had ended: its result stands, with the reduced graph's paths, unproven.
        for (const v of shortening.violations) v.shortest = false;
        for (const s of [...shortening.nonConverging, ...shortening.keepsFailing]) s.shortest = false;
        const why = detail(culprit && userCodeName(culprit), culprit && userCodePlace(culprit));
        shortening.warnings.push(`the search for shorter counterexamples was cut short: ${why}. The paths found under the reduction are reported (marked shortest: false)`);
        finish(shortening);
        return;
      }
      if (culprit !== undefined) {
        // Cut short: its state was not (fully) expanded, or its invariant never gave a verdict.
        if (culprit.state < assembler.stateCount) assembler.setOutcome(culprit.state, { kind: "unexpanded" });
      }
      const graph = assembler.graph(false);
      const stats = partialStats(graph, lastStats, reconcilesStarted, performance.now() - (exploringSince ?? startedAt), options.engine ?? "wasm");
      finish(outcomeOf(graph, stats, false, [], stopReason, detail(culprit && userCodeName(culprit), culprit && userCodePlace(culprit))));
    };

    const watchdog = setInterval(() => {
      const now = performance.now();
      const started = Atomics.load(slots, 0);
      const finished = Atomics.load(slots, 1);
      if (started !== finished) {
        if (watched?.seq !== started) watched = { seq: started, since: now };
        else if (now - watched.since > budgetMs) {
          terminate("runaway", (name, place) =>
            `${name ?? "user code"} did not return within ${durationText(budgetMs)} (${place ? `${place}; ` : ""}reconcileTimeoutMs is ${durationText(reconcileTimeoutMs)}): its worker thread was stopped`,
          );
          return;
        }
      }
      if (stopAskedAt !== undefined && now - stopAskedAt > STOP_GRACE_MS) {
        terminate("signal", (name, place) =>
          name ? `stopped while ${name} was running (${place}); it did not return within ${durationText(STOP_GRACE_MS)}, so its worker thread was stopped` : `stopped; the worker thread did not end within ${durationText(STOP_GRACE_MS)} and was stopped`,
        );
        return;
      }
      if (options.timeoutMs !== undefined && exploringSince !== undefined && now - exploringSince > options.timeoutMs + STOP_GRACE_MS) {
        terminate("timeout", (name, place) =>
          name
            ? `the timeout passed while ${name} was running (${place}); it did not return within ${durationText(STOP_GRACE_MS)} more, so its worker thread was stopped`
            : `the timeout passed; the worker thread did not end within ${durationText(STOP_GRACE_MS)} more and was stopped`,
        );
      }
    }, WATCH_EVERY_MS);

    const askStop = () => {
      stopAskedAt ??= performance.now();
      worker.postMessage({ type: "stop" } satisfies ToIsolatedWorker);
    };
    if (options.signal?.aborted) askStop();
    else options.signal?.addEventListener("abort", askStop, { once: true });

    worker.on("message", (message: FromIsolatedWorker) => {
      if (settled) return;
      try {
        switch (message.type) {
          case "exploring":
            exploringSince = performance.now();
            return;
          case "chunk":
            log.add(message.chunk);
            return;
          case "progress":
            lastStats = message.stats;
            // With a core of its own this thread is idle while the worker explores: what it takes in now is not left for the end.
            readLog();
            assembler.catchUp();
            // The worker reports at least every 250 ms (and its graph goes to the shared log); the caller asked for its own pace.
            if (performance.now() - lastProgressCall >= (options.progressIntervalMs ?? 200)) {
              lastProgressCall = performance.now();
              options.onProgress?.(message.stats);
            }
            return;
          case "done": {
            readLog();
            assembler.receiveAnalysis(message.analysis.pathCounts, message.analysis.components);
            // As in-process: progress is reported once more at the end.
            options.onProgress?.(message.stats);
            const outcome = outcomeOf(assembler.graph(message.complete), message.stats, message.complete, message.nondeterministic, message.stopReason);
            // Found under a reduction: the worker, which has the reconcilers, searches the full graph for shorter paths.
            const targets = options.shortenCounterexamples !== false ? counterexampleTargets(outcome) : undefined;
            if (targets === undefined) {
              finish(outcome);
              return;
            }
            shortening = outcome;
            worker.postMessage({ type: "shorten", targets } satisfies ToIsolatedWorker);
            return;
          }
          case "shortened": {
            const outcome = shortening!;
            const warning = message.shortening && applyCounterexampleShortening(outcome, message.shortening);
            if (warning) outcome.warnings.push(warning);
            finish(outcome);
            return;
          }
          case "failed":
            finish(rethrown(message.error));
            return;
        }
      } catch (e) {
        finish(e instanceof Error ? e : new Error(String(e)));
      }
    });
    worker.on("error", (e) => finish(new Error(`the exploration's worker thread failed: ${e.message}`, { cause: e })));
    worker.on("exit", (code) => finish(new Error(`the exploration's worker thread exited (code ${code}) before it sent its result`)));
  });
}
