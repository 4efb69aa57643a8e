import type { ResultGraph } from "../../src/explore/resultGraph.ts";
import type { StateOutcome } from "../../src/explore/stateOutcome.ts";
import type { StepRecord } from "../../src/explore/stepRecord.ts";
import { analyzeComponents, analyzePathCounts } from "../../src/results/graphAnalysis.ts";

/**
 * A small hand-built graph for result tests: `edges` are [from, to, reconcilerId, writes] and
 * `outcomes` name the final states.
 */
export function fixtureGraph(
  stateCount: number,
  edges: [number, number, string, number][],
  outcomes: Record<number, StateOutcome> = {},
): ResultGraph {
  const steps: StepRecord[] = edges.map(([, , id, writes]) => ({
    reconcilerId: id,
    request: { namespace: "default", name: "x" },
    effects: Array.from({ length: writes }, () => ({ op: "UPDATE" as const, kind: "core/ConfigMap", namespace: "default", name: "x" })),
  }));
  const succ: number[][] = Array.from({ length: stateCount }, () => []);
  const pred: number[][] = Array.from({ length: stateCount }, () => []);
  edges.forEach(([f, t], e) => {
    succ[f]!.push(e);
    pred[t]!.push(e);
  });
  const graph: ResultGraph = {
    stateCount: () => stateCount,
    stateId: (s) => `s${s}`,
    objects: () => [],
    pending: () => [],
    outcome: (s) => outcomes[s] ?? { kind: succ[s]!.length ? "expanded" : "converged" },
    depth: (s) => s,
    edgeCount: () => edges.length,
    edge: (e) => [edges[e]![0], edges[e]![1], e],
    successors: (s) => succ[s]!,
    predecessors: (s) => pred[s]!,
    step: (id) => steps[id]!,
    pathCounts: () => analyzePathCounts(graph),
    components: () => analyzeComponents(graph),
  };
  return graph;
}
