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
export { Explorer, type ExploreOutcome, type ExplorationRun, type ExplorationEnd } from "./explore/explorer.ts";
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
export type { StopReason } from "./explore/checker.ts";
export type { SearchStrategy, FrontierEntry } from "./explore/searchStrategy.ts";
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
  ResultState,
  Step,
  Violation,
} from "./explore/exploreResult.ts";
export { pathSignature } from "./explore/pathSignature.ts";
export { buildExploreResult } from "./explore/buildExploreResult.ts";
export type { ResultGraph } from "./explore/resultGraph.ts";
export type { StateOutcome, OutcomeKind, StateAbortReason } from "./explore/stateOutcome.ts";
export type { StepRecord } from "./explore/stepRecord.ts";
export type { Engine } from "../bindings/core.ts";
