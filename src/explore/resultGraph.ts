import type { KubeObject } from "../objects/kubeObject.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { StateOutcome } from "./stateOutcome.ts";
import type { StepRecord } from "./stepRecord.ts";
import type { Components, PathCounts } from "../../bindings/core.ts";

/**
 * The explored state graph as results see it, whether it comes from a live exploration (backed
 * by the core) or from a loaded dump (backed by arrays). `ExploreResult` is derived from it
 * (`buildExploreResult`), and dumps serialize it; paths and path counts are always recomputed
 * from the edges, never stored.
 *
 * States are numbered 0..stateCount()-1 with 0 the initial state; steps and edges likewise.
 */

export interface ResultGraph {
  stateCount(): number;
  /** Stable id (fingerprint as 16 hex digits). */
  stateId(state: number): string;
  /** Objects of the state, sorted by kind, namespace, name (frozen; copy before mutating). */
  objects(state: number): readonly KubeObject[];
  pending(state: number): PendingReconcile[];
  outcome(state: number): StateOutcome;
  depth(state: number): number;

  edgeCount(): number;
  /** [from, to, stepId] */
  edge(edge: number): readonly [number, number, number];
  /** `edge(e)[1]` without making the triple, where the graph can (a pass over millions of edges). */
  edgeTarget?(edge: number): number;
  successors(state: number): ArrayLike<number>;
  predecessors(state: number): ArrayLike<number>;
  step(stepId: number): StepRecord;

  /** Path counts of every state (a live graph asks its core; an array-backed one uses `analyzePathCounts`). */
  pathCounts(): PathCounts;
  /** Strongly connected components (a live graph asks its core; an array-backed one uses `analyzeComponents`). */
  components(): Components;
}
