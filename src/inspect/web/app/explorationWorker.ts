/// <reference lib="webworker" />
// Installs setImmediate before the explorer module is evaluated (imports run in order).
import "./browserSetImmediate.ts";
import { bundledScenarios } from "../../../scenarioRegistry.ts";
import type { ExplorationRun } from "../../../explore/explorer.ts";
import type { ExploreOptions } from "../../../explore/exploreOptions.ts";
import { KameraError } from "../../../kameraError.ts";
import { compareStrategies } from "../../../compare/compareStrategies.ts";
import { parseStrategy } from "../../../compare/strategySpec.ts";
import { demoScenarios } from "./countersDemo.ts";
import { GraphDeltaRecorder } from "./graphDeltaRecorder.ts";
import type { CompareRequest, FromWorker, LiveSettings, ToWorker } from "./workerProtocol.ts";

/**
 * The Web Worker that runs live explorations: the bundled scenarios, the explorer and the Wasm
 * core, off the page's thread so the page stays responsive. It streams the growing graph to the
 * page at each progress tick and stops when asked, sending the partial result.
 */

declare const self: DedicatedWorkerGlobalScope;

function post(message: FromWorker): void {
  self.postMessage(message);
}

let running: ExplorationRun | undefined;

/** What the page can explore: the bundled examples, then the page's own large demos. */
const scenarios = [...bundledScenarios, ...demoScenarios];

/** The page's settings over the scenario's own options; unset settings keep the scenario's. */
function optionsOf(base: ExploreOptions | undefined, settings: LiveSettings): ExploreOptions {
  const opts: ExploreOptions = { ...base, progressIntervalMs: 250 };
  if (settings.strategy !== undefined) opts.strategy = settings.strategy;
  if (settings.maxStates !== undefined) opts.maxStates = settings.maxStates;
  if (settings.maxDepth !== undefined) opts.maxDepth = settings.maxDepth;
  if (settings.engine !== undefined) opts.engine = settings.engine;
  if (settings.memoizeReconciles !== undefined) opts.memoizeReconciles = settings.memoizeReconciles;
  return opts;
}

async function run(name: string, settings: LiveSettings): Promise<void> {
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) throw new KameraError(`no example named "${name}"; there are: ${scenarios.map((s) => s.name).join(", ")}`);
  const { builder, initial, options } = scenario.build();
  const recorder = new GraphDeltaRecorder();
  // The run handle's graph grows while the search runs: each progress tick sends what is new.
  const live = builder.build().start(initial, {
    ...optionsOf(options, settings),
    observers: [...(options?.observers ?? []), { progress: (stats) => post({ type: "progress", delta: recorder.next(live.graph, live.graph.stepCount()), stats }) }],
  });
  running = live;
  let end;
  try {
    end = await live.done;
  } finally {
    running = undefined;
  }
  const message: FromWorker = { type: "done", delta: recorder.next(live.graph, live.graph.stepCount()), stats: live.stats(), complete: end.complete, warnings: end.warnings };
  if (end.stopReason) message.stopReason = end.stopReason;
  post(message);
}

let comparing: AbortController | undefined;

/** Compares strategies on the bundled bug corpus: the bundled scenarios that carry their bug's counterexample. */
async function compare(request: CompareRequest): Promise<void> {
  const corpus = scenarios.filter((s) => typeof s.counterexample === "function");
  if (corpus.length === 0) throw new KameraError("no bundled scenario carries a counterexample: the bug corpus is not bundled in this page");
  const runsPerScenario = request.strategies.map(parseStrategy).reduce((n, s) => n + (s.seeded ? request.seeds : 1), 0);
  const runsTotal = corpus.length * runsPerScenario;
  let runsDone = 0;
  const controller = new AbortController();
  comparing = controller;
  try {
    const comparison = await compareStrategies({
      scenarios: corpus.map((scenario) => ({ scenario })),
      strategies: request.strategies,
      seeds: request.seeds,
      budget: request.budget,
      signal: controller.signal,
      onRun: (run) => post({ type: "compareProgress", runsDone: ++runsDone, runsTotal, run }),
    });
    post({ type: "compared", comparison });
  } finally {
    comparing = undefined;
  }
}

self.onmessage = (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === "stop") {
    running?.stop();
    comparing?.abort();
    return;
  }
  if (running || comparing) {
    post({ type: "failed", message: `${running ? "an exploration" : "a comparison"} is already running in this worker` });
    return;
  }
  (message.type === "compare" ? compare(message.request) : run(message.scenario, message.settings)).catch((e: unknown) => {
    const err = e instanceof Error ? e : new Error(String(e));
    // A KameraError is a user mistake with a complete message; anything else is a bug whose stack matters.
    post({ type: "failed", message: err.message, detail: err instanceof KameraError ? undefined : err.stack });
  });
};

post({ type: "ready", scenarios: scenarios.map((s) => ({ name: s.name, description: s.description })) });
