import type { Components, Core, PathCounts } from "../../bindings/core.ts";
import type { StateOutcome } from "./stateOutcome.ts";

/** The graph a search grows, as results and inspectors read it (ids are the core's, dense from 0). */
export interface SearchGraph {
  stateCount(): number;
  /** The state's fingerprint as 16 hex digits. */
  stateId(state: number): string;
  depth(state: number): number;
  outcome(state: number): StateOutcome;
  edgeCount(): number;
  /** [from, to, stepId] */
  edge(edge: number): readonly [number, number, number];
  /** `edge(e)[1]` without making the triple, where the graph can. */
  edgeTarget?(edge: number): number;
  successors(state: number): ArrayLike<number>;
  predecessors(state: number): ArrayLike<number>;
  pathCounts(): PathCounts;
  components(): Components;
}

/**
 * The part of `SearchGraph` that the core answers alone, shared by the frontier search
 * (`checker.ts`) and the walks (`walker.ts`): each keeps its own depth and per-state outcomes,
 * and both read states, edges, path counts and components straight from the core.
 */
export abstract class CoreSearchGraph implements SearchGraph {
  /** Set once the run has made its core (before any state exists). */
  protected core: Core | undefined;

  abstract depth(state: number): number;
  abstract outcome(state: number): StateOutcome;

  stateCount(): number {
    return this.core?.stateCount() ?? 0;
  }
  stateId(state: number): string {
    return this.core!.fingerprint(state).toString(16).padStart(16, "0");
  }
  edgeCount(): number {
    return this.core?.edgeCount() ?? 0;
  }
  edge(edge: number): readonly [number, number, number] {
    return this.core!.edge(edge);
  }
  edgeTarget(edge: number): number {
    return this.core!.edgeTarget(edge);
  }
  successors(state: number): ArrayLike<number> {
    return this.core!.successors(state);
  }
  predecessors(state: number): ArrayLike<number> {
    return this.core!.predecessors(state);
  }
  pathCounts(): PathCounts {
    return this.core!.pathCounts();
  }
  components(): Components {
    return this.core!.components();
  }
}
