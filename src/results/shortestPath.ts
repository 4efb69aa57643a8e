import { stepOfEdge } from "../explore/buildExploreResult.ts";
import type { Path, PendingReconcile } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";

/**
 * The index of the state with id `stateId` in `graph`, or -1. A converged result state may stand
 * for several graph states with the same objects: the first one found is the one the result names.
 */
export function stateIndexOf(graph: ResultGraph, stateId: string): number {
  const n = graph.stateCount();
  for (let s = 0; s < n; s++) if (graph.stateId(s) === stateId) return s;
  return -1;
}

/**
 * A shortest path from the initial state to `target`, every step included (no-ops too, unlike a
 * state's unique effectful `paths`), or undefined when the graph does not reach it. Breadth-first
 * over edges in their order, so the same graph always gives the same path.
 */
export function shortestPathTo(graph: ResultGraph, target: number): Path | undefined {
  const n = graph.stateCount();
  const via = new Int32Array(n).fill(-1);
  const seen = new Uint8Array(n);
  seen[0] = 1;
  const queue = [0];
  for (let head = 0; head < queue.length && !seen[target]; head++) {
    const s = queue[head]!;
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const e = succ[i]!;
      const to = graph.edge(e)[1];
      if (seen[to]) continue;
      seen[to] = 1;
      via[to] = e;
      queue.push(to);
    }
  }
  if (!seen[target]) return undefined;
  const edges: number[] = [];
  for (let s = target; s !== 0; s = graph.edge(via[s]!)[0]) edges.push(via[s]!);
  return edges.reverse().map((e) => stepOfEdge(graph, e));
}

/**
 * A shortest path from the initial state that ends with `failed` failing into `target`, every
 * step included, or undefined when no such step leads there. Under `abortOnError` that is how a
 * state aborted by an error is reached: a throw that wrote nothing leads back to the state it ran
 * in, whose shortest path does not show the failure at all.
 */
export function shortestFailingPathTo(graph: ResultGraph, target: number, failed: PendingReconcile): Path | undefined {
  let best: Path | undefined;
  const preds = graph.predecessors(target);
  for (let i = 0; i < preds.length; i++) {
    const [from, , stepId] = graph.edge(preds[i]!);
    const step = graph.step(stepId);
    if (step.error === undefined || step.reconcilerId !== failed.reconcilerId) continue;
    if (step.request.namespace !== failed.request.namespace || step.request.name !== failed.request.name) continue;
    const before = shortestPathTo(graph, from);
    if (before !== undefined && (best === undefined || before.length + 1 < best.length)) best = [...before, stepOfEdge(graph, preds[i]!)];
  }
  return best;
}
