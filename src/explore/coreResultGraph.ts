import type { Components, PathCounts } from "../../bindings/core.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { ResultGraph, StateOutcome, StepRecord } from "./resultGraph.ts";
import { Status, type Exploration } from "./exploration.ts";

/** The live exploration's graph, read through the core and the host tables. */
export class CoreResultGraph implements ResultGraph {
  private counts: PathCounts | undefined;
  private comps: Components | undefined;

  constructor(
    private readonly x: Exploration,
    private readonly complete: boolean,
  ) {}

  stateCount(): number {
    return this.x.core.stateCount();
  }
  stateId(state: number): string {
    return this.x.core.fingerprint(state).toString(16).padStart(16, "0");
  }
  objects(state: number): readonly KubeObject[] {
    return this.x.world(state).all();
  }
  pending(state: number): PendingReconcile[] {
    return this.x.pendingOf(state);
  }
  outcome(state: number): StateOutcome {
    const recorded = this.x.outcomes.get(state);
    if (recorded) return recorded;
    switch (this.x.status[state]) {
      case Status.Converged:
        return { kind: "converged" };
      case Status.Expanded:
        return { kind: "expanded" };
      case Status.Cutoff:
        return { kind: "aborted", reason: "max-depth" };
      default:
        return { kind: "unexpanded" };
    }
  }
  depth(state: number): number {
    return this.x.knownDepth[state] ?? this.x.core.depth(state);
  }
  edgeCount(): number {
    return this.x.core.edgeCount();
  }
  edge(edge: number): readonly [number, number, number] {
    return this.x.core.edge(edge);
  }
  successors(state: number): ArrayLike<number> {
    return this.x.core.successors(state);
  }
  predecessors(state: number): ArrayLike<number> {
    return this.x.core.predecessors(state);
  }
  step(stepId: number): StepRecord {
    return this.x.steps[stepId]!;
  }
  pathCounts(): PathCounts {
    return (this.counts ??= this.x.core.pathCounts());
  }
  components(): Components {
    return (this.comps ??= this.x.core.components());
  }
  /** Whether the search ran to completion (unexpanded states then mean a stop, not a bug). */
  get isComplete(): boolean {
    return this.complete;
  }
}
