import type { ExploreOptions, NondeterminismReport } from "../../explore/exploreOptions.ts";
import type { StopReason } from "../../explore/checker.ts";
import type { CounterexampleShortening, CounterexampleTargets } from "../../explore/counterexampleShortening.ts";
import type { SearchStrategy } from "../../explore/searchStrategy.ts";
import type { ExploreStats } from "../../explore/exploreResult.ts";
import type { UserCodeActivity } from "../../explore/userCodeActivity.ts";
import type { RunFlags } from "../runFlags.ts";
import type { Components, PathCounts } from "../../../bindings/core.ts";
import type { PackedTables } from "./packedGraphDelta.ts";

/**
 * Messages between an isolated run's main thread (the watchdog) and the worker thread that
 * explores. The worker writes the growing graph as packed deltas (`PackedGraphDelta`) to a log in
 * shared memory before each piece of user code, so the main thread can always read the graph as
 * of the last user code the worker started: when that code never returns, the worker is
 * terminated and the partial result is built from the log.
 */

/** Where the worker gets the scenario: as `kamera explore <spec>` resolves it, in `cwd`. */
export interface IsolatedScenarioSource {
  /** A bundled example's name or a module path, as given on the command line. */
  spec: string;
  cwd: string;
  /** `--from`, `--from-trace`, `--at`, when given. */
  start: { from?: string; fromTrace?: string; at?: string };
  /** Modules that register the bundled examples (see `registerScenarioModule`), imported by the worker before resolving `spec`. */
  scenarioModules: string[];
}

/** The explore options that can cross to the worker: plain data (no functions, signal or custom strategy). */
export type PlainExploreOptions = Omit<ExploreOptions, "signal" | "onProgress" | "observers" | "strategy"> & { strategy?: Exclude<ExploreOptions["strategy"], SearchStrategy> };

/** What the worker is started with (its `workerData`). */
export interface IsolatedWorkerData {
  source: IsolatedScenarioSource;
  /** The command line's flags: `--staleness` and `--max-restarts` are applied to the builder as the Runner does. */
  flags: RunFlags;
  options: PlainExploreOptions;
  /**
   * Two Int32 slots over shared memory: [0] the number of the last user code started, [1] of the
   * last one finished. Written by the worker with no message, so the watchdog sees a return even
   * when the worker then runs for long without starting more user code.
   */
  activity: SharedArrayBuffer;
}

/**
 * Main → worker. "shorten": after "done", the counterexamples of the result the main thread built
 * (found under a reduction) for the worker to search shorter paths to (`counterexampleShortening.ts`).
 */
export type ToIsolatedWorker = { type: "stop" } | { type: "shorten"; targets: CounterexampleTargets };

/** How an error crosses: its class name decides how the main thread rethrows it. */
export interface CrossingError {
  name: string;
  message: string;
  stack?: string;
  /** A `UsageError`'s help command. */
  helpCommand?: string;
  /** `KameraError` and `UsageError` are the user's mistakes (their message is complete); anything else is a bug. */
  kind: "usage" | "kamera" | "other";
}

/**
 * What the worker appends to the shared log (`sharedRecordLog.ts`) as it explores: before each
 * piece of user code, its number and what it is (`seq`, `activity`) with the graph's growth since
 * the last record; at progress ticks and at the end, the growth alone. The growth is a
 * `PackedGraphDelta`: its numbers are the record's numbers, its tables are `tables` (left out
 * when it has no new entries); a record without numbers carries no growth.
 */
export interface IsolatedLogRecord {
  seq?: number;
  activity?: UserCodeActivity;
  tables?: PackedTables;
}

/** Worker → main. */
export type FromIsolatedWorker =
  /** The scenario is loaded and the search starts now: the run's timeout counts from here, as in-process. */
  | { type: "exploring" }
  /** A new chunk of the shared log, sent before anything is written to it. */
  | { type: "chunk"; chunk: SharedArrayBuffer }
  | { type: "progress"; stats: ExploreStats }
  /** Sent once the log holds the whole graph. */
  | {
      type: "done";
      stats: ExploreStats;
      complete: boolean;
      stopReason?: StopReason;
      nondeterministic: NondeterminismReport[];
      /** The core's path counts and components of the whole graph (the main thread would compute them again, more slowly). */
      analysis: { pathCounts: PathCounts; components: Components };
    }
  /** The answer to "shorten": undefined when shortening does not apply to the worker's options. */
  | { type: "shortened"; shortening?: CounterexampleShortening }
  | { type: "failed"; error: CrossingError };
