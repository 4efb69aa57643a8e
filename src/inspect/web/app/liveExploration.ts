import type { ExploreStats } from "../../../results/exploreResult.ts";
import { InspectedRun } from "./inspectedRun.ts";
import { LiveGraphAssembler } from "./liveGraphAssembler.ts";
import type { FromWorker, LiveSettings, ScenarioListing, ToWorker } from "./workerProtocol.ts";

/** A snapshot of a live exploration for the page. */
export interface LiveUpdate {
  run: InspectedRun;
  stats: ExploreStats;
  running: boolean;
  complete: boolean;
  /** Why the search stopped early ("signal" after the stop button, "maxStates", "timeout"). */
  stopReason?: string;
}

/** What the page hears from a live exploration. */
export interface LiveListener {
  ready(scenarios: ScenarioListing[]): void;
  update(update: LiveUpdate): void;
  failed(message: string, detail?: string): void;
}

/** Rebuild the inspected result at most this often while running (it walks the whole graph). */
const REBUILD_EVERY_MS = 400;

/**
 * The page's side of live exploration: owns the worker, turns its deltas into an `InspectedRun`
 * (throttled while running, always at the end), and starts and stops runs.
 *
 * @example
 * ```ts
 * const live = new LiveExploration({ ready: listScenarios, update: show, failed: showError });
 * live.start("trivial", {});
 * ```
 */
export class LiveExploration {
  private worker: Worker | undefined;
  private assembler = new LiveGraphAssembler();
  private scenario = "";
  private lastRebuild = -Infinity;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private latestStats: ExploreStats | undefined;
  private generation = 0;

  constructor(private readonly listener: LiveListener) {
    this.worker = this.spawn();
  }

  /** Whether a run is in progress. */
  running = false;

  /** Starts exploring a bundled scenario; a run in progress is abandoned (its worker is replaced). */
  start(scenario: string, settings: LiveSettings): void {
    if (this.running) {
      this.worker?.terminate();
      this.worker = this.spawn();
    }
    this.generation++;
    this.assembler = new LiveGraphAssembler();
    this.scenario = scenario;
    this.lastRebuild = -Infinity;
    this.running = true;
    this.send({ type: "start", scenario, settings });
  }

  /** Asks the running search to stop; it reports what it found so far. */
  stop(): void {
    if (this.running) this.send({ type: "stop" });
  }

  private send(message: ToWorker): void {
    this.worker?.postMessage(message);
  }

  private spawn(): Worker {
    const worker = new Worker(new URL("./explorationWorker.ts", import.meta.url), { type: "module", name: "kamera-exploration" });
    worker.onmessage = (event: MessageEvent<FromWorker>) => this.receive(event.data);
    worker.onerror = (event: ErrorEvent) => {
      // A worker that fails to load (a module that cannot run in a browser) lands here.
      event.preventDefault();
      this.running = false;
      this.listener.failed(`the exploration worker failed: ${event.message || "it could not be loaded"}`);
    };
    return worker;
  }

  private receive(message: FromWorker): void {
    switch (message.type) {
      case "ready":
        this.listener.ready(message.scenarios);
        return;
      case "failed":
        this.running = false;
        this.listener.failed(message.message, message.detail);
        return;
      case "progress":
        this.assembler.apply(message.delta);
        this.latestStats = message.stats;
        this.scheduleRebuild();
        return;
      case "done": {
        this.assembler.apply(message.delta);
        this.running = false;
        clearTimeout(this.pending);
        this.pending = undefined;
        const update: LiveUpdate = { run: this.build(message.complete, message.stats), stats: message.stats, running: false, complete: message.complete };
        if (message.stopReason) update.stopReason = message.stopReason;
        this.listener.update(update);
      }
    }
  }

  private scheduleRebuild(): void {
    if (this.pending !== undefined) return;
    const wait = Math.max(0, this.lastRebuild + REBUILD_EVERY_MS - performance.now());
    const generation = this.generation;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (!this.running || generation !== this.generation || !this.latestStats) return;
      this.lastRebuild = performance.now();
      // Built as if complete: states still on the frontier are drawn as "not yet explored" rather
      // than listed as aborted by a limit, which they are not (yet).
      this.listener.update({ run: this.build(true, this.latestStats), stats: this.latestStats, running: true, complete: false });
    }, wait);
  }

  private build(complete: boolean, stats: ExploreStats): InspectedRun {
    return InspectedRun.of(this.assembler.graph(complete), { complete, stats }, { kind: "live", title: this.scenario });
  }
}
