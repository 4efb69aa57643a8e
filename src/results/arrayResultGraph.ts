import type { Components, PathCounts } from "../../bindings/core.ts";
import { KameraError } from "../kameraError.ts";
import { groupOfApiVersion } from "../kinds.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { PendingReconcile } from "../explore/exploreResult.ts";
import { analyzeComponents, analyzePathCounts } from "./graphAnalysis.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";
import type { StateOutcome } from "../explore/stateOutcome.ts";
import type { StepRecord } from "../explore/stepRecord.ts";

/** One state of an array-backed graph. */
export interface ArrayGraphState {
  /** Stable id (the live exploration's fingerprint as 16 hex digits). */
  id: string;
  /** Sorted by kind, namespace, name (the constructor sorts them). */
  objects: readonly KubeObject[];
  pending: readonly PendingReconcile[];
  outcome: StateOutcome;
  depth: number;
}

/** The contents of an array-backed graph: states (0 is the initial state), steps, and edges `[from, to, stepId]`. */
export interface ArrayGraphData {
  states: readonly ArrayGraphState[];
  steps: readonly StepRecord[];
  edges: readonly (readonly [number, number, number])[];
  /** Whether the search that produced the graph ran to completion (default true). */
  complete?: boolean;
}

/** The object's key as `objectKeyString` writes it, so objects sort by canonical kind, namespace, name. */
function objectSortKey(o: KubeObject): string {
  const group = groupOfApiVersion(o.apiVersion ?? "") || "core";
  return objectKeyString(`${group}/${o.kind ?? ""}`, o.metadata?.namespace ?? "", o.metadata?.name ?? "");
}

/** Adjacency in compressed form: the edge ids of state s are `ids[start[s]..start[s+1]]`, in edge order (`edges` as (from, to, step) triples). */
export function adjacency(stateCount: number, edges: Uint32Array, column: 0 | 1): { start: Uint32Array; ids: Uint32Array } {
  const edgeCount = edges.length / 3;
  const start = new Uint32Array(stateCount + 1);
  for (let e = 0; e < edgeCount; e++) start[edges[e * 3 + column]! + 1]!++;
  for (let s = 0; s < stateCount; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, stateCount);
  const ids = new Uint32Array(edgeCount);
  // Counting sort keeps edges in increasing id order per state, as the core lists them.
  for (let e = 0; e < edgeCount; e++) ids[fill[edges[e * 3 + column]!]!++] = e;
  return { start, ids };
}

/**
 * A `ResultGraph` held in plain arrays: what a loaded dump becomes, and a convenient way to build
 * graphs by hand. Path counts and components are computed on first use with the same algorithms
 * the core uses, so a loaded dump reports what the live exploration did.
 *
 * @example
 * ```ts
 * const graph = new ArrayResultGraph({
 *   states: [
 *     { id: "0000000000000001", objects: [], pending: [{ reconcilerId: "Foo", request: { namespace: "default", name: "foo" } }], outcome: { kind: "expanded" }, depth: 0 },
 *     { id: "0000000000000002", objects: [], pending: [], outcome: { kind: "converged" }, depth: 1 },
 *   ],
 *   steps: [{ reconcilerId: "Foo", request: { namespace: "default", name: "foo" }, effects: [] }],
 *   edges: [[0, 1, 0]],
 * });
 * buildExploreResult(graph).convergedStates.length; // 1
 * ```
 */
export class ArrayResultGraph implements ResultGraph {
  private readonly states: readonly ArrayGraphState[];
  private readonly sortedObjects: (readonly KubeObject[])[];
  private readonly steps: readonly StepRecord[];
  private readonly edgeTable: Uint32Array;
  private readonly succ: { start: Uint32Array; ids: Uint32Array };
  private readonly pred: { start: Uint32Array; ids: Uint32Array };
  private counts: PathCounts | undefined;
  private comps: Components | undefined;
  /** Whether the search that produced the graph ran to completion. */
  readonly isComplete: boolean;

  /** Throws a `KameraError` when an edge points at a state or step that does not exist. */
  constructor(data: ArrayGraphData) {
    const n = data.states.length;
    this.states = data.states;
    this.steps = data.steps;
    this.isComplete = data.complete ?? true;
    // States share object versions: compute each version's sort key once.
    const sortKeys = new Map<KubeObject, string>();
    const sortKey = (o: KubeObject): string => {
      let k = sortKeys.get(o);
      if (k === undefined) sortKeys.set(o, (k = objectSortKey(o)));
      return k;
    };
    this.sortedObjects = data.states.map((s) => {
      const keyed = s.objects.map((o) => [sortKey(o), o] as const);
      keyed.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
      return Object.freeze(keyed.map(([, o]) => o));
    });
    this.edgeTable = new Uint32Array(data.edges.length * 3);
    data.edges.forEach(([from, to, step], e) => {
      for (const [what, value, limit] of [
        ["from", from, n],
        ["to", to, n],
        ["stepId", step, data.steps.length],
      ] as const) {
        if (!Number.isInteger(value) || value < 0 || value >= limit) {
          throw new KameraError(`edge ${e}: ${what} ${value} is out of range (0..${limit - 1})`);
        }
      }
      this.edgeTable.set([from, to, step], e * 3);
    });
    this.succ = adjacency(n, this.edgeTable, 0);
    this.pred = adjacency(n, this.edgeTable, 1);
  }

  stateCount(): number {
    return this.states.length;
  }
  stateId(state: number): string {
    return this.state(state).id;
  }
  objects(state: number): readonly KubeObject[] {
    this.state(state);
    return this.sortedObjects[state]!;
  }
  pending(state: number): PendingReconcile[] {
    return this.state(state).pending.slice();
  }
  outcome(state: number): StateOutcome {
    return this.state(state).outcome;
  }
  depth(state: number): number {
    return this.state(state).depth;
  }
  edgeCount(): number {
    return this.edgeTable.length / 3;
  }
  edge(edge: number): readonly [number, number, number] {
    const t = this.edgeTable;
    if (!(edge >= 0 && edge < t.length / 3)) throw new RangeError(`no edge ${edge}`);
    return [t[edge * 3]!, t[edge * 3 + 1]!, t[edge * 3 + 2]!];
  }
  successors(state: number): ArrayLike<number> {
    this.state(state);
    return this.succ.ids.subarray(this.succ.start[state]!, this.succ.start[state + 1]!);
  }
  predecessors(state: number): ArrayLike<number> {
    this.state(state);
    return this.pred.ids.subarray(this.pred.start[state]!, this.pred.start[state + 1]!);
  }
  step(stepId: number): StepRecord {
    const s = this.steps[stepId];
    if (s === undefined) throw new RangeError(`no step ${stepId}`);
    return s;
  }
  /** Number of distinct steps (edges may share one). */
  stepCount(): number {
    return this.steps.length;
  }
  pathCounts(): PathCounts {
    return (this.counts ??= analyzePathCounts(this, this.components()));
  }
  components(): Components {
    return (this.comps ??= analyzeComponents(this));
  }

  private state(state: number): ArrayGraphState {
    const s = this.states[state];
    if (s === undefined) throw new RangeError(`no state ${state}`);
    return s;
  }
}
