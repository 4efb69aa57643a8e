/**
 * kamera: model-check Kubernetes controllers. This is the package's only entry point; everything
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

export { KameraError } from "./kameraError.ts";
export { KindRegistry, kindOf, parseKind, type KindInfo, type KindOptions, type Scope } from "./kinds.ts";
export type { KubeObject, KubernetesObjectLike, ObjectMeta, OwnerReference } from "./objects/kubeObject.ts";
export type { ReconcileContext, ReconcileResult, Reconciler, Request } from "./reconciler.ts";
export type {
  Client,
  DeleteOptions,
  KubernetesObjectApiLike,
  LabelSelector,
  ListOptions,
  ObjectRef,
  PatchType,
} from "./client/client.ts";
export { ApiError, ignoreNotFound, isAlreadyExists, isConflict, isInvalid, isNotFound } from "./apiserver/apiError.ts";
export type { ApiStatus, InvalidCause, StatusCause, StatusDetails } from "./apiserver/apiError.ts";
export { compileLabelSelector, labelSelectorToString } from "./apiserver/labelSelector.ts";
export { compileFieldSelector } from "./apiserver/fieldSelector.ts";
export { canonicalJson } from "./objects/canonicalJson.ts";
export { World } from "./apiserver/world.ts";
export { createClient } from "./client/reconcileClient.ts";
export { GARBAGE_COLLECTOR_ID, garbageCollectorRegistration } from "./controllers/garbageCollector.ts";
export {
  builtinControllers,
  BUILTIN_CONTROLLER_IDS,
  type BuiltinControllerId,
  type BuiltinControllersOptions,
} from "./controllers/builtinControllers.ts";
export { DeploymentController } from "./controllers/deploymentController.ts";
export { ReplicaSetController } from "./controllers/replicaSetController.ts";
export { PodLifecycle, READY_ANNOTATION, EXIT_CODE_ANNOTATION, type PodLifecycleOptions } from "./controllers/podLifecycle.ts";
export { EndpointsController } from "./controllers/endpointsController.ts";
export { StatefulSetController } from "./controllers/statefulSetController.ts";
export { JobController } from "./controllers/jobController.ts";
export { podTemplateHash } from "./controllers/podTemplateHash.ts";
export { normalizeForIdentity } from "./objects/identityMask.ts";

export { ExplorerBuilder, ReconcilerBuilder } from "./explore/explorerBuilder.ts";
export { InitialStateBuilder, type HistoryEvent, type InitialState } from "./explore/initialStateBuilder.ts";
export { Explorer, type ExploreOutcome } from "./explore/explorer.ts";
export type { ExploreOptions, NondeterminismReport } from "./explore/exploreOptions.ts";
export type { SearchStrategy, FrontierEntry } from "./explore/searchStrategy.ts";
export type { Strategy, StrategyRecorder, RecordedOp } from "./explore/reconcileStrategy.ts";
export type { StateView } from "./explore/stateView.ts";
export type { InvariantFn, InvariantWhen } from "./explore/invariant.ts";
export type { StalenessOptions } from "./explore/staleness.ts";
export type { ControllerRegistration, WorldReader } from "./explore/controllerRegistration.ts";
export type { Scenario } from "./scenario.ts";

export type { Effect, EffectOp } from "./results/effect.ts";
export type {
  AbortReason,
  ExploreResult,
  ExploreStats,
  Path,
  PendingReconcile,
  ResultState,
  Step,
  Violation,
} from "./results/exploreResult.ts";
export { pathSignature } from "./results/pathSignature.ts";
export { buildExploreResult } from "./results/buildExploreResult.ts";
export type { ResultGraph, StateOutcome, StepRecord } from "./results/resultGraph.ts";

export { Runner, type RunOptions, type RunReport } from "./cli/runner.ts";
export type { RunFlags } from "./cli/runFlags.ts";
export { UsageError } from "./cli/usageError.ts";
export { saveDump, loadDump, writeDump, type DumpMeta, type LoadedDump, type LoadDumpOptions } from "./results/dump.ts";
export { runInspector, type InspectorOptions } from "./inspect/tui/index.ts";
export { startApiServer, type ApiServer, type ApiServerOptions } from "./serveApi/apiServer.ts";
export type { LiveCluster, ChangeEvent } from "./serveApi/liveCluster.ts";
export type { LiveControllerSet } from "./serveApi/liveControllers.ts";
export { loadStateFile, objectsOfYaml, saveStateFile } from "./serveApi/stateFile.ts";
// Tracing live controllers (docs/tracing.md).
export { traceClient, type TraceClientOptions } from "./trace/traceClient.ts";
export { traceReconciler, type TraceReconcilerOptions } from "./trace/traceReconciler.ts";
export { openTraceFile, streamSink, type TraceSink } from "./trace/traceSink.ts";
export {
  ROOT_EVENT_LABEL,
  TRACE_FORMAT_VERSION,
  type TraceEvent,
  type TraceHeader,
  type TraceObject,
  type TraceOp,
  type TraceReconcileEnd,
  type TraceReconcileStart,
  type TraceRecord,
} from "./trace/traceFormat.ts";
export { parseTrace, readTraceFile, type Trace, type TraceProblem, type TracedReconcile } from "./trace/traceReader.ts";
export { lifecycleLens, type Lifecycle, type LifecycleVersion, type VersionWriter } from "./trace/lifecycleLens.ts";
export { provenanceLens, type ProvenanceReconcile, type ProvenanceTree, type ProvenanceWrite } from "./trace/provenanceLens.ts";
export { knowledgeLens, type KnownRead, type WriteKnowledge } from "./trace/knowledgeLens.ts";
export { initialStateFromTrace, worldAtEvent, type WorldAtEvent } from "./trace/traceInitialState.ts";
export type { Engine } from "../bindings/core.ts";
