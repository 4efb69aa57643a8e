import type { ExploreOptions, NondeterminismReport } from "../../explore/exploreOptions.ts";
import type { StopReason } from "../../explore/checker.ts";
import type { SearchStrategy } from "../../explore/searchStrategy.ts";
import type { ExploreStats } from "../../explore/exploreResult.ts";
import type { UserCodeActivity } from "../../explore/userCodeActivity.ts";
import type { RunFlags } from "../runFlags.ts";
import type { PackedGraphDelta } from "./packedGraphDelta.ts";

/**
 * Messages between an isolated run's main thread (the watchdog) and the worker thread that
 * explores. The worker streams the growing graph as packed deltas (`PackedGraphDelta`), so
 * the main thread always holds the graph as of the last user code the worker started: when that
 * code never returns, the worker is terminated and the partial result is built from what arrived.
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

/** Main → worker. */
export type ToIsolatedWorker = { type: "stop" };

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

/** Worker → main. */
export type FromIsolatedWorker =
  /** The scenario is loaded and the search starts now: the run's timeout counts from here, as in-process. */
  | { type: "exploring" }
  /** User code number `seq` is about to run; `delta` is the graph's growth since the last message (left out when there is none). */
  | { type: "started"; seq: number; activity: UserCodeActivity; delta?: PackedGraphDelta }
  | { type: "progress"; stats: ExploreStats; delta: PackedGraphDelta }
  | {
      type: "done";
      delta: PackedGraphDelta;
      stats: ExploreStats;
      complete: boolean;
      stopReason?: StopReason;
      nondeterministic: NondeterminismReport[];
    }
  | { type: "failed"; error: CrossingError };
