import { parentPort, workerData } from "node:worker_threads";
import { shortestCounterexamples } from "../../explore/counterexampleShortening.ts";
import type { ExplorationRun } from "../../explore/explorer.ts";
import type { ExploreObserver, ExploreOptions } from "../../explore/exploreOptions.ts";
import { scenarioOptions } from "../../explore/scenarioOptions.ts";
import type { UserCodeActivity } from "../../explore/userCodeActivity.ts";
import { CoreResultGraph } from "../../explore/coreResultGraph.ts";
import { isReportableError } from "../../kameraError.ts";
import { registerScenarioModule } from "../../scenarioRegistry.ts";
import { buildWithStaleness } from "../runner.ts";
import { loadScenarioRun } from "../scenarioRun.ts";
import { UsageError } from "../usageError.ts";
import type { CrossingError, FromIsolatedWorker, IsolatedLogRecord, IsolatedWorkerData, ToIsolatedWorker } from "./isolatedProtocol.ts";
import { isEmpty, type PackedGraphDelta } from "./packedGraphDelta.ts";
import { PackedGraphRecorder } from "./packedGraphRecorder.ts";
import { SharedLogWriter } from "./sharedRecordLog.ts";

/**
 * The worker thread of an isolated run: loads the scenario as `kamera explore` does, explores, and
 * logs the graph for the main thread (in shared memory) before every piece of user code it runs;
 * then, when the main thread asks, searches shorter counterexamples (it has the reconcilers). The main thread
 * watches and terminates this thread when that code does not return (see `isolatedExploration.ts`).
 */

const port = parentPort!;
const data = workerData as IsolatedWorkerData;
/** [0]: number of the last user code started, [1]: of the last one finished. */
const activitySlots = new Int32Array(data.activity);

function post(message: FromIsolatedWorker): void {
  port.postMessage(message);
}

/** What the main thread reads when it needs the graph (see `IsolatedLogRecord`). */
const log = new SharedLogWriter((chunk) => post({ type: "chunk", chunk }));
function append(record: IsolatedLogRecord, delta?: PackedGraphDelta): void {
  if (delta === undefined || isEmpty(delta)) {
    log.append(record);
    return;
  }
  const t = delta.tables;
  const tables = t.objects.length > 0 || t.keys.length > 0 || t.requests.length > 0 || t.outcomes.length > 0 || t.records.length > 0;
  // A record of growth alone (a progress tick, the end) has no value to serialize.
  log.append(tables ? { ...record, tables: t } : record.seq === undefined ? undefined : record, delta.numbers);
}

/** At least this long between two full scans of the graph for changed outcomes (a scan costs time proportional to the graph). */
const FULL_SCAN_EVERY_MS = 1_000;

/**
 * Streams the graph to the shared log. Before each piece of user code it appends what is new
 * (states, steps, edges, and the states around the last edges and the last user code, whose
 * outcome may have changed): if that code never returns, the log holds the graph up to it. Outcome changes elsewhere
 * (a state popped as converged or cut off at max depth, a depth lowered by a shorter path) are
 * sent by a full scan at progress ticks, at most once a second, and in full at the end.
 */
class GraphStream implements ExploreObserver {
  private recorder: PackedGraphRecorder | undefined;
  /** States whose outcome may have changed since the last record (the state of the last user code). */
  private readonly touched = new Set<number>();
  private seq = 0;
  private lastFullScan = -Infinity;
  private fullScanCost = 0;

  run: ExplorationRun | undefined;

  /** Made once the run is known: it reads states through the run's codec. */
  private recorderOf(graph: ExplorationRun["graph"]): PackedGraphRecorder {
    if (this.recorder === undefined) {
      const codec = graph instanceof CoreResultGraph ? graph.stateCodec() : undefined;
      if (codec === undefined) throw new Error("an isolated run streams the graph of a single-threaded exploration, whose states the explorer's codec holds");
      this.recorder = new PackedGraphRecorder(codec);
    }
    return this.recorder;
  }

  userCodeStarted(activity: UserCodeActivity): void {
    const graph = this.run!.graph;
    const delta = this.recorderOf(graph).nextNew(graph, graph.stepCount(), this.touched);
    this.touched.clear();
    // Its outcome is decided when this code returns: look at it again next time.
    this.touched.add(activity.state);
    // Most invariant checks come with nothing new: a bare record is cheaper.
    append({ seq: ++this.seq, activity }, delta);
    Atomics.store(activitySlots, 0, this.seq);
  }

  userCodeFinished(): void {
    Atomics.store(activitySlots, 1, this.seq);
  }

  /** Watches user code run after the exploration (the search for shorter counterexamples): logged without the graph, which is complete. */
  readonly afterwards: ExploreObserver = {
    userCodeStarted: (activity) => {
      append({ seq: ++this.seq, activity });
      Atomics.store(activitySlots, 0, this.seq);
    },
    userCodeFinished: () => this.userCodeFinished(),
  };

  progress(stats: Parameters<NonNullable<ExploreObserver["progress"]>>[0]): void {
    const graph = this.run!.graph;
    const recorder = this.recorderOf(graph);
    const now = performance.now();
    // A full scan takes time proportional to the graph: keep it to a tenth of the run at most.
    const full = now - this.lastFullScan >= Math.max(FULL_SCAN_EVERY_MS, 10 * this.fullScanCost);
    const delta = full ? recorder.next(graph, graph.stepCount()) : recorder.nextNew(graph, graph.stepCount(), this.touched);
    if (full) {
      this.lastFullScan = performance.now();
      this.fullScanCost = this.lastFullScan - now;
    }
    this.touched.clear();
    if (!isEmpty(delta)) append({}, delta);
    post({ type: "progress", stats });
  }

  /** Everything not sent yet, outcome changes included. */
  rest() {
    const graph = this.run!.graph;
    return this.recorderOf(graph).next(graph, graph.stepCount());
  }
}

function crossing(e: unknown): CrossingError {
  if (e instanceof UsageError) return { name: e.name, message: e.message, helpCommand: e.helpCommand, kind: "usage" };
  if (isReportableError(e)) {
    const out: CrossingError = { name: e.name, message: e.message, kind: "kamera" };
    // A KameraError wrapping a failure in the user's module keeps that failure's stack.
    const cause = (e as Error).cause;
    if (cause instanceof Error && cause.stack) out.stack = cause.stack;
    return out;
  }
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack, kind: "other" };
}

async function explore(): Promise<void> {
  for (const url of data.source.scenarioModules) registerScenarioModule(url);
  const { builder, initial, options } = await loadScenarioRun(data.source.spec, data.source.start, data.source.cwd);
  const explorer = buildWithStaleness(builder, data.flags, "kamera explore --help", initial);
  const stream = new GraphStream();
  // The scenario's own options (its custom strategy, its observers) under the plain ones the main
  // thread merged from the command line; the signal is this thread's stop message.
  // Its onProgress is called on the main thread, with the progress reports sent from here.
  const { onProgress: _onProgress, ...ownOptions } = options ?? {};
  // A reduction the main thread was given (by a flag) replaces the scenario's, as in `scenarioOptions` there.
  const opts: ExploreOptions = {
    ...scenarioOptions(ownOptions, data.options, false).options,
    progressIntervalMs: Math.min(data.options.progressIntervalMs ?? 250, 250),
    observers: [...(options?.observers ?? []), stream],
  };
  if (data.options.strategy === undefined && options?.strategy !== undefined) opts.strategy = options.strategy;
  post({ type: "exploring" });
  const run = explorer.start(initial, opts);
  stream.run = run;
  const stopShortening = new AbortController();
  port.on("message", (message: ToIsolatedWorker) => {
    if (message.type === "stop") {
      run.stop();
      stopShortening.abort();
    } else if (message.type === "shorten") {
      // The rest of the run's time, as in-process; the main thread's watchdog still watches the user code.
      const timeoutMs = opts.timeoutMs === undefined ? undefined : Math.max(0, opts.timeoutMs - run.stats().durationMs);
      shortestCounterexamples(explorer.config, initial, { ...opts, signal: stopShortening.signal }, message.targets, { watchers: [stream.afterwards], timeoutMs }).then(
        (shortening) => post(shortening ? { type: "shortened", shortening } : { type: "shortened" }),
        (e: unknown) => post({ type: "failed", error: crossing(e) }),
      );
    }
  });
  const end = await run.done;
  append({}, stream.rest());
  const done: FromIsolatedWorker = {
    type: "done",
    analysis: { pathCounts: run.graph.pathCounts(), components: run.graph.components() },
    stats: run.stats(),
    complete: end.complete,
    nondeterministic: end.nondeterministic,
  };
  if (end.stopReason !== undefined) done.stopReason = end.stopReason;
  post(done);
}

// The main thread terminates this thread once it has the result: a reconcile cut off by its
// timer may still be running in the background and would keep the thread alive.
explore().catch((e: unknown) => post({ type: "failed", error: crossing(e) }));
