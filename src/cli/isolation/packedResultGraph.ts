import type { Components, PathCounts } from "../../../bindings/core.ts";
import type { PendingReconcile } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { comparePending } from "../../explore/stateCodec.ts";
import type { StateOutcome } from "../../explore/stateOutcome.ts";
import type { StepRecord } from "../../explore/stepRecord.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { adjacency } from "../../results/arrayResultGraph.ts";
import { analyzeComponents, analyzePathCounts } from "../../results/graphAnalysis.ts";

/** The columns of a graph streamed from an isolated run's worker (see `PackedGraphDelta`), as `PackedGraphAssembler` gathers them. */
export interface PackedGraphColumns {
  /** Each state's fingerprint as two 32-bit halves, high first. */
  ids: Int32Array;
  depths: Int32Array;
  /** Each state's outcome, as a number into `outcomes`. */
  outcomeIds: Int32Array;
  outcomes: readonly StateOutcome[];
  /** Each state's world and pending list, by number. */
  worldOf: Int32Array;
  pendingListOf: Int32Array;
  /** (key number, object number) pairs; world w's are `worldSlots[worldStart[w]..worldStart[w + 1]]`. */
  worldSlots: Int32Array;
  worldStart: Int32Array;
  /** Request numbers of each pending list, laid out like `worldSlots`. */
  pendingRequests: Int32Array;
  pendingStart: Int32Array;
  /** `objectKeyString` of each key number. */
  keys: readonly string[];
  objects: readonly KubeObject[];
  /** Reconciler id, namespace and name of each request number, one after the other. */
  requests: readonly string[];
  steps: readonly StepRecord[];
  /** (from, to, step) triples. */
  edges: Uint32Array;
  /** Path counts and components the worker's core computed for exactly these edges, when it sent them. */
  analysis?: { pathCounts: PathCounts; components: Components };
  complete: boolean;
}

/**
 * The graph an isolated run's worker streamed, held as the numbers it came in: a state's objects
 * and pending reconciles are made only when asked for (results ask for a few states': converged
 * ones, counterexamples; a dump or an inspector for more), in the order the live graph gives them
 * (objects by key, as a world lists them; pending reconciles by reconciler, namespace, name).
 *
 * @example
 * ```ts
 * const graph = assembler.graph(true);
 * buildExploreResult(graph, { complete: graph.isComplete });
 * ```
 */
export class PackedResultGraph implements ResultGraph {
  /** Each key number's place among the keys sorted (made on first use). */
  private keyRank: Int32Array | undefined;
  /** The objects of each world asked for so far (states share worlds). */
  private readonly worlds = new Map<number, readonly KubeObject[]>();
  private succ: { start: Uint32Array; ids: Uint32Array } | undefined;
  private pred: { start: Uint32Array; ids: Uint32Array } | undefined;
  private counts: PathCounts | undefined;
  private comps: Components | undefined;
  /** Whether the search that produced the graph ran to completion. */
  readonly isComplete: boolean;

  constructor(private readonly data: PackedGraphColumns) {
    this.isComplete = data.complete;
    this.counts = data.analysis?.pathCounts;
    this.comps = data.analysis?.components;
  }

  stateCount(): number {
    return this.data.depths.length;
  }
  stateId(state: number): string {
    this.check(state);
    return hex8(this.data.ids[2 * state]!) + hex8(this.data.ids[2 * state + 1]!);
  }
  objects(state: number): readonly KubeObject[] {
    this.check(state);
    const world = this.data.worldOf[state]!;
    let made = this.worlds.get(world);
    if (made === undefined) {
      const { worldSlots: slots, worldStart, objects } = this.data;
      const rank = (this.keyRank ??= this.rankKeys());
      const pairs: number[] = [];
      for (let i = worldStart[world]!; i < worldStart[world + 1]!; i += 2) pairs.push(i);
      pairs.sort((a, b) => rank[slots[a]!]! - rank[slots[b]!]!);
      made = Object.freeze(pairs.map((i) => objects[slots[i + 1]!]!));
      this.worlds.set(world, made);
    }
    return made;
  }
  pending(state: number): PendingReconcile[] {
    this.check(state);
    const { pendingRequests, pendingStart, requests } = this.data;
    const list = this.data.pendingListOf[state]!;
    const out: PendingReconcile[] = [];
    for (let i = pendingStart[list]!; i < pendingStart[list + 1]!; i++) {
      const r = 3 * pendingRequests[i]!;
      out.push({ reconcilerId: requests[r]!, request: { namespace: requests[r + 1]!, name: requests[r + 2]! } });
    }
    return out.sort(comparePending);
  }
  outcome(state: number): StateOutcome {
    this.check(state);
    return this.data.outcomes[this.data.outcomeIds[state]!]!;
  }
  depth(state: number): number {
    this.check(state);
    return this.data.depths[state]!;
  }
  edgeCount(): number {
    return this.data.edges.length / 3;
  }
  edge(edge: number): readonly [number, number, number] {
    const t = this.data.edges;
    if (!(edge >= 0 && edge < t.length / 3)) throw new RangeError(`no edge ${edge}`);
    return [t[edge * 3]!, t[edge * 3 + 1]!, t[edge * 3 + 2]!];
  }
  edgeTarget(edge: number): number {
    const t = this.data.edges;
    if (!(edge >= 0 && edge < t.length / 3)) throw new RangeError(`no edge ${edge}`);
    return t[edge * 3 + 1]!;
  }
  successors(state: number): ArrayLike<number> {
    this.check(state);
    const succ = (this.succ ??= adjacency(this.stateCount(), this.data.edges, 0));
    return succ.ids.subarray(succ.start[state]!, succ.start[state + 1]!);
  }
  predecessors(state: number): ArrayLike<number> {
    this.check(state);
    const pred = (this.pred ??= adjacency(this.stateCount(), this.data.edges, 1));
    return pred.ids.subarray(pred.start[state]!, pred.start[state + 1]!);
  }
  step(stepId: number): StepRecord {
    const s = this.data.steps[stepId];
    if (s === undefined) throw new RangeError(`no step ${stepId}`);
    return s;
  }
  /** Number of distinct steps (edges may share one). */
  stepCount(): number {
    return this.data.steps.length;
  }
  pathCounts(): PathCounts {
    return (this.counts ??= analyzePathCounts(this, this.components()));
  }
  components(): Components {
    return (this.comps ??= analyzeComponents(this));
  }

  private check(state: number): void {
    if (!(state >= 0 && state < this.data.depths.length)) throw new RangeError(`no state ${state}`);
  }

  private rankKeys(): Int32Array {
    const keys = this.data.keys;
    const order = keys.map((_, i) => i).sort((a, b) => (keys[a]! < keys[b]! ? -1 : keys[a]! > keys[b]! ? 1 : 0));
    const rank = new Int32Array(keys.length);
    order.forEach((k, i) => (rank[k] = i));
    return rank;
  }
}

/** 32 bits as 8 hex digits. */
function hex8(half: number): string {
  return (half >>> 0).toString(16).padStart(8, "0");
}
