import type { ExploreStats } from "../../../explore/exploreResult.ts";
import { InspectedRun } from "./inspectedRun.ts";
import { LiveGraphAssembler } from "./liveGraphAssembler.ts";
import type { StrategyComparison, StrategyRun } from "../../../compare/compareStrategies.ts";
import type { CompareRequest, FromWorker, LiveSettings, ScenarioListing, ToWorker } from "./workerProtocol.ts";

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
  /** A run of a strategy comparison ended. */
  compareProgress?(runsDone: number, runsTotal: number, run: StrategyRun): void;
  /** The strategy comparison ended. */
  compared?(comparison: StrategyComparison): void;
}

/** Rebuild the inspected result at most this often while running (it walks the whole graph). */
const REBUILD_EVERY_MS = 400;
/**
 * And leave the page idle at least this many times as long as the last rebuild and redraw took,
 * so a large graph cannot keep the page busy (the stop button must stay usable).
 */
const IDLE_FACTOR = 3;

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
  /** How long the last update took the page (rebuild and redraw), in ms. */
  private lastCost = 0;
  /** Between an update and the end of the frame that draws it. */
  private measuring = false;
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
    this.lastCost = 0;
    this.measuring = false;
    this.running = true;
    this.send({ type: "start", scenario, settings });
  }

  /** Compares search strategies on the bundled bug corpus in the worker; a run in progress is abandoned. */
  compare(request: CompareRequest): void {
    if (this.running) {
      this.worker?.terminate();
      this.worker = this.spawn();
    }
    this.generation++;
    this.running = true;
    this.send({ type: "compare", request });
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
      case "compareProgress":
        this.listener.compareProgress?.(message.runsDone, message.runsTotal, message.run);
        return;
      case "compared":
        this.running = false;
        this.listener.compared?.(message.comparison);
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
        const update: LiveUpdate = { run: this.build(message.complete, message.stats, message.warnings), stats: message.stats, running: false, complete: message.complete };
        if (message.stopReason) update.stopReason = message.stopReason;
        this.listener.update(update);
      }
    }
  }

  private scheduleRebuild(): void {
    if (this.pending !== undefined || this.measuring) return;
    const wait = Math.max(0, this.lastRebuild + Math.max(REBUILD_EVERY_MS, IDLE_FACTOR * this.lastCost) - performance.now());
    const generation = this.generation;
    this.pending = setTimeout(() => {
      this.pending = undefined;
      if (!this.running || generation !== this.generation || !this.latestStats) return;
      const started = performance.now();
      // Built as if complete: states still on the frontier are drawn as "not yet explored" rather
      // than listed as aborted by a limit, which they are not (yet).
      this.listener.update({ run: this.build(true, this.latestStats), stats: this.latestStats, running: true, complete: false });
      // The cost includes the next frame, where the graph's canvas is redrawn: the next rebuild is
      // scheduled only once it is known.
      this.measuring = true;
      requestAnimationFrame(() =>
        setTimeout(() => {
          this.measuring = false;
          this.lastRebuild = performance.now();
          this.lastCost = this.lastRebuild - started;
          if (this.running && generation === this.generation) this.scheduleRebuild();
        }, 0),
      );
    }, wait);
  }

  /** `warnings` are known only at the end: the worker computes them from the finished graph. */
  private build(complete: boolean, stats: ExploreStats, warnings: readonly string[] = []): InspectedRun {
    return InspectedRun.of(this.assembler.graph(complete), { complete, stats, warnings }, { kind: "live", title: this.scenario });
  }
}
