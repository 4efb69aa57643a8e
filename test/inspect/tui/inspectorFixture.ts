import { buildExploreResult } from "../../../src/explore/buildExploreResult.ts";
import type { ExploreResult, ResultState, Step } from "../../../src/explore/exploreResult.ts";
import type { ResultGraph } from "../../../src/explore/resultGraph.ts";
import { cfg, foo0, foo1, foo2, sampleGraph } from "../../results/sampleGraph.ts";

/** The sample graph's result, carrying its graph as an exploration's does (so it can be saved). */
export function sampleResult(): ExploreResult & { graph: ResultGraph } {
  const graph = sampleGraph();
  const result = buildExploreResult(graph) as ExploreResult & { graph: ResultGraph };
  Object.defineProperty(result, "graph", { value: graph, enumerable: false });
  return result;
}

const req = { namespace: "default", name: "foo" };
const stepA: Step = {
  reconcilerId: "FooController",
  request: req,
  effects: [{ op: "UPDATE", kind: "webapp.example.com/Foo", namespace: "default", name: "foo", before: foo0, after: foo1 }],
  stateBefore: "init",
  stateAfter: "middle",
};
const stepB: Step = {
  reconcilerId: "BarController",
  request: req,
  effects: [
    { op: "UPDATE", kind: "webapp.example.com/Foo", namespace: "default", name: "foo", before: foo1, after: foo2 },
    { op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "cfg", after: cfg },
  ],
  stateBefore: "middle",
  stateAfter: "done",
};

/** A result written out by hand, without a graph: one converged state reached by one path. */
export function plainResult(): ExploreResult {
  const done: ResultState = {
    id: "done",
    reason: "converged",
    objects: [cfg, foo2],
    pending: [],
    pathCount: 1n,
    pathCountInfinite: false,
    paths: [[stepA, stepB]],
    pathsTruncated: false,
  };
  return {
    convergedStates: [done],
    abortedStates: [],
    nonConverging: [],
    keepsFailing: [],
    violations: [],
    stats: {
      statesVisited: 3,
      uniqueStates: 3,
      transitions: 2,
      reconcilesExecuted: 2,
      reconcilesReplayed: 0,
      maxDepth: 2,
      durationMs: 1,
      statesPerSecond: 3000,
      frontierSize: 0,
      collisionProbability: 0,
      convergedCount: 1,
      abortedCount: 0,
      engine: "hand-built",
    },
    complete: true,
  };
}
