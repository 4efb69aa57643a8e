import type { KubeObject } from "../objects/kubeObject.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { PendingReconcile } from "./exploreResult.ts";
import type { Request } from "../reconciler.ts";
import type { Components, PathCounts } from "../../bindings/core.ts";

/**
 * The explored state graph as results see it, whether it comes from a live exploration (backed
 * by the core) or from a loaded dump (backed by arrays). `ExploreResult` is derived from it
 * (`buildExploreResult`), and dumps serialize it; paths and path counts are always recomputed
 * from the edges, never stored.
 *
 * States are numbered 0..stateCount()-1 with 0 the initial state; steps and edges likewise.
 */

/** What became of a state. Intermediate states (expanded, not final) have kind "expanded". */
export type OutcomeKind = "converged" | "aborted" | "expanded" | "unexpanded";

export interface StateOutcome {
  kind: OutcomeKind;
  /** For aborted states: "max-depth" | "error" | "invariant" | "no-views" | "limit". */
  reason?: string;
  error?: string;
  failedReconcile?: PendingReconcile;
  /** Invariants that failed in this state (reason "invariant"). */
  violations?: { invariant: string; message: string }[];
}

/** A reconcile as it ran: one per transition (edges share a step when they are the same reconcile). */
export interface StepRecord {
  reconcilerId: string;
  request: Request;
  effects: Effect[];
  error?: string;
  requeue?: boolean;
  requeueAfter?: number;
  choices?: string[];
  staleView?: Record<string, number>;
}

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
  successors(state: number): ArrayLike<number>;
  predecessors(state: number): ArrayLike<number>;
  step(stepId: number): StepRecord;

  /** Path counts of every state (a live graph asks its core; an array-backed one uses `analyzePathCounts`). */
  pathCounts(): PathCounts;
  /** Strongly connected components (a live graph asks its core; an array-backed one uses `analyzeComponents`). */
  components(): Components;
}
