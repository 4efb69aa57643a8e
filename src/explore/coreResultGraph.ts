import type { Components, PathCounts } from "../../bindings/core.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { SearchGraph } from "./checker.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { KubernetesModel } from "./kubernetesModel.ts";
import type { ResultGraph } from "./resultGraph.ts";
import type { StateCodec } from "./stateCodec.ts";
import type { StateOutcome } from "./stateOutcome.ts";
import type { StepRecord } from "./stepRecord.ts";

/** A live exploration's graph: structure and outcomes from the checker, contents from the model. */
export class CoreResultGraph implements ResultGraph {
  /** Path counts and components, with the edge count they were computed at (the graph grows while the run lasts). */
  private counts: { edges: number; value: PathCounts } | undefined;
  private comps: { edges: number; value: Components } | undefined;

  constructor(
    private readonly search: SearchGraph,
    private readonly model: Pick<KubernetesModel, "objects" | "pending" | "step" | "stepCount"> & Partial<Pick<KubernetesModel, "stateCodec">>,
    private readonly completed: () => boolean,
  ) {}

  stateCount(): number {
    return this.search.stateCount();
  }
  stateId(state: number): string {
    return this.search.stateId(state);
  }
  objects(state: number): readonly KubeObject[] {
    return this.model.objects(state);
  }
  pending(state: number): PendingReconcile[] {
    return this.model.pending(state);
  }
  outcome(state: number): StateOutcome {
    return this.search.outcome(state);
  }
  depth(state: number): number {
    return this.search.depth(state);
  }
  edgeCount(): number {
    return this.search.edgeCount();
  }
  edge(edge: number): readonly [number, number, number] {
    return this.search.edge(edge);
  }
  edgeTarget(edge: number): number {
    return this.search.edgeTarget ? this.search.edgeTarget(edge) : this.search.edge(edge)[1];
  }
  successors(state: number): ArrayLike<number> {
    return this.search.successors(state);
  }
  predecessors(state: number): ArrayLike<number> {
    return this.search.predecessors(state);
  }
  step(stepId: number): StepRecord {
    return this.model.step(stepId);
  }
  /** Steps recorded so far (numbered densely in the order they ran). */
  stepCount(): number {
    return this.model.stepCount();
  }
  pathCounts(): PathCounts {
    const edges = this.search.edgeCount();
    if (this.counts?.edges !== edges) this.counts = { edges, value: this.search.pathCounts() };
    return this.counts.value;
  }
  components(): Components {
    const edges = this.search.edgeCount();
    if (this.comps?.edges !== edges) this.comps = { edges, value: this.search.components() };
    return this.comps.value;
  }
  /** What the states are made of, in the explorer's interned numbers, when the model keeps them (a single-threaded run's does). */
  stateCodec(): StateCodec | undefined {
    return this.model.stateCodec?.();
  }
  /** Whether the search ran to completion (unexpanded states then mean a stop, not a bug); false while it runs. */
  get isComplete(): boolean {
    return this.completed();
  }
}
