/**
 * kamera: model-check Kubernetes controllers. This is the package's main entry point; everything
 * else is internal and may change.
 *
 * @example
 * ```ts
 * import { ExplorerBuilder, pathSignature } from "kamera";
 * const eb = new ExplorerBuilder();
 * eb.withReconciler("FooController", (client) => new FooReconciler(client)).for("webapp.example.com/Foo");
 * const result = await eb.build().explore(eb.initialState().addTopLevelObject(foo, "FooController").build());
 * for (const s of result.convergedStates) console.log(s.id, s.paths.map(pathSignature));
 * ```
 * @packageDocumentation
 */

// Everything that runs anywhere, browsers included (the package's kamera/browser entry).
export * from "./browser.ts";

// What needs Node: the runner and its flags, dump files, the terminal inspector, the API server over HTTPS.
export { Runner, type ExploreFunction, type RunOptions, type RunReport } from "./cli/runner.ts";
// Exploring in a worker thread under a watchdog (docs/reliability.md).
export { exploreIsolated } from "./cli/isolation/exploreIsolated.ts";
export type { RunFlags } from "./cli/runFlags.ts";
export { UsageError } from "./cli/usageError.ts";
// Exploration across worker threads (docs/scale-out.md).
export { exploreScenario, type ScenarioExploreOptions } from "./cli/exploreScenario.ts";
export { saveDump, loadDump, writeDump, type DumpMeta, type LoadedDump, type LoadDumpOptions } from "./results/dump.ts";
export { runInspector, type InspectorOptions } from "./inspect/tui/index.ts";
export { startApiServer, type ApiServer, type ApiServerOptions } from "./serveApi/apiServer.ts";
export type { LiveCluster, ChangeEvent } from "./serveApi/liveCluster.ts";
export type { LiveControllerSet } from "./serveApi/liveControllers.ts";
export { loadStateFile, saveStateFile } from "./serveApi/stateFile.ts";
// Tracing live controllers (docs/tracing.md).
export { traceClient, type TraceClientOptions } from "./trace/traceClient.ts";
export { traceReconciler, type TraceReconcilerOptions } from "./trace/traceReconciler.ts";
export { openTraceFile, streamSink, type TraceSink } from "./trace/traceSink.ts";
export { readTraceFile } from "./trace/traceReader.ts";
export { initialStateFromTrace, worldAtEvent, type WorldAtEvent } from "./trace/traceInitialState.ts";
