/**
 * kamera in a browser (`import { ExplorerBuilder } from "kamera/browser"`): the same API as the
 * main entry without what needs Node (the Runner and CLI flags, dump files, the terminal
 * inspector). Explorations run on the WebAssembly core, which a bundler such as Vite ships as an
 * asset (bindings/wasmModule.ts names it with `new URL(..., import.meta.url)`); see docs/web.md for
 * the browser inspector, which is built from the same modules.
 *
 * src/index.ts re-exports all of this and adds what needs Node; test/package/browserEntry.test.ts
 * checks that nothing here reaches a Node built-in.
 *
 * @example
 * ```ts
 * import { ExplorerBuilder } from "kamera/browser";
 * const eb = new ExplorerBuilder();
 * eb.withReconciler("FooController", (client) => new FooReconciler(client)).for("webapp.example.com/Foo");
 * const result = await eb.build().explore(eb.initialState().addTopLevelObject(foo, "FooController").build());
 * ```
 * @packageDocumentation
 */

export { CoreError } from "../bindings/coreError.ts";
export { isReportableError, KameraError } from "./kameraError.ts";
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
export { objectsOfYaml } from "./explore/yamlObjects.ts";
export { Explorer, type ExploreOutcome, type ExplorationRun, type ExplorationEnd, type OutcomeStopReason } from "./explore/explorer.ts";
export type { UserCodeActivity } from "./explore/userCodeActivity.ts";
export {
  EXPLORE_OPTION_KEYS,
  SEARCH_ORDERS,
  ENGINES,
  REDUCTIONS,
  validateExploreOptions,
  type Reduction,
  type ExploreOptions,
  type ExploreObserver,
  type NondeterminismReport,
} from "./explore/exploreOptions.ts";
export { DEFAULT_SHORTENING_MAX_STATES } from "./explore/counterexampleShortening.ts";
export type { ShorteningStats } from "./explore/shorteningStats.ts";
export type { StopReason } from "./explore/checker.ts";
export type { SearchStrategy, FrontierEntry } from "./explore/searchStrategy.ts";
export { WALK_STRATEGIES, WALK_PARAMETERS, DEFAULT_WALKS, validateWalkStrategy } from "./explore/strategies/walkStrategy.ts";
export type { WalkStrategy, WalkStrategyName } from "./explore/strategies/walkStrategy.ts";
export { compareStrategies } from "./compare/compareStrategies.ts";
export type { CompareOptions, ComparedScenario, StrategyCell, StrategyComparison, StrategyRun } from "./compare/compareStrategies.ts";
export { parseBudget, budgetText } from "./compare/budget.ts";
export type { Budget } from "./compare/budget.ts";
export { parseStrategy, STRATEGY_NAMES } from "./compare/strategySpec.ts";
export type { ComparedStrategy } from "./compare/strategySpec.ts";
export { comparisonTable, comparisonJson } from "./compare/comparisonTable.ts";
export { comparisonHtml } from "./compare/comparisonHtml.ts";
export { cactusPlotSvg, perBugBarsSvg } from "./compare/comparisonPlot.ts";
export type { Quartiles } from "./compare/quartiles.ts";
export type { SnapshotController, SnapshotRecorder, Strategy, StrategyRecorder, RecordedOp } from "./explore/snapshotController.ts";
export type { StateView } from "./explore/stateView.ts";
export type { InvariantFn, InvariantWhen } from "./explore/invariant.ts";
export type { StalenessOptions } from "./explore/staleness.ts";
export type { ControllerRegistration } from "./controllerRegistration.ts";
export type { WorldReader } from "./apiserver/worldReader.ts";
export type { Scenario } from "./scenario.ts";

export type { Effect, EffectOp } from "./apiserver/effect.ts";
export type {
  AbortReason,
  ExploreResult,
  ExploreStats,
  Path,
  PendingReconcile,
  ReconcileError,
  ResultState,
  Step,
  Violation,
} from "./explore/exploreResult.ts";
export { pathSignature } from "./explore/pathSignature.ts";
export { buildExploreResult } from "./explore/buildExploreResult.ts";
export type { ResultGraph } from "./explore/resultGraph.ts";
export type { StateOutcome, OutcomeKind, StateAbortReason } from "./explore/stateOutcome.ts";
export type { StepRecord } from "./explore/stepRecord.ts";

export type { Replay, ReplayedState, ReplayedStep, ReplayOptions } from "./explore/replay.ts";
export { replayScenario } from "./explore/replayScenario.ts";
export { pathToSchedule, type Schedule, type ScheduleStep, type ScheduledChoice } from "./explore/schedule.ts";
export { SCHEDULE_HEADER, formatSchedule, formatScheduleStep, parseSchedule } from "./explore/scheduleText.ts";
export { ScheduleDriftError } from "./explore/scheduleDriftError.ts";
export { shrinkSchedule, type ShrinkResult } from "./explore/shrink.ts";
export { exportTest, type ExportTestOptions, type ExportedTest, type ExportedOutcome } from "./results/exportTest.ts";
export type { Engine } from "../bindings/core.ts";
// Reading traces and their lenses (docs/tracing.md): portable, so the browser inspector shows them.
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
export { parseTrace, type ReconcileEnding, type Trace, type TraceProblem, type TracedReconcile } from "./trace/traceParser.ts";
export { lifecycleLens, type Lifecycle, type LifecycleVersion, type ObjectLife, type VersionWriter } from "./trace/lifecycleLens.ts";
export { provenanceLens, type ProvenanceReconcile, type ProvenanceTree, type ProvenanceWrite } from "./trace/provenanceLens.ts";
export { knowledgeLens, type KnownRead, type WriteKnowledge } from "./trace/knowledgeLens.ts";
