import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { ArrayResultGraph } from "../../src/results/arrayResultGraph.ts";
import { analyzeComponents, analyzePathCounts } from "../../src/results/graphAnalysis.ts";
import { cfg, cfg2, foo1, sampleGraph, web1 } from "./sampleGraph.ts";

const state = (id: string) => ({ id, objects: [], pending: [], outcome: { kind: "expanded" as const }, depth: 0 });
const step = { reconcilerId: "A", request: { namespace: "", name: "x" }, effects: [] };

describe("array-backed result graphs", () => {
  it("list successors and predecessors in edge order", () => {
    const g = new ArrayResultGraph({
      states: [state("a"), state("b"), state("c")],
      steps: [step],
      edges: [
        [0, 2, 0],
        [0, 1, 0],
        [1, 2, 0],
        [0, 2, 0],
      ],
    });
    expect(Array.from(g.successors(0))).toEqual([0, 1, 3]);
    expect(Array.from(g.successors(2))).toEqual([]);
    expect(Array.from(g.predecessors(2))).toEqual([0, 2, 3]);
    expect(g.edge(2)).toEqual([1, 2, 0]);
    expect(g.edgeCount()).toBe(4);
  });

  it("sort each state's objects by canonical kind, namespace and name", () => {
    const g = sampleGraph();
    // State 7 is given as [cfg-2, foo, cfg]: core/ConfigMap sorts before webapp.example.com/Foo.
    expect(g.objects(7).map((o) => o.metadata!.name)).toEqual(["cfg", "cfg-2", "foo"]);
    const mixed = new ArrayResultGraph({
      states: [{ ...state("a"), objects: [foo1, web1, cfg2, cfg] }],
      steps: [],
      edges: [],
    });
    expect(mixed.objects(0).map((o) => `${o.kind}/${o.metadata!.name}`)).toEqual([
      "Deployment/web",
      "ConfigMap/cfg",
      "ConfigMap/cfg-2",
      "Foo/foo",
    ]);
  });

  it("computes path counts and components as the shared analyses do", () => {
    const g = sampleGraph();
    expect(g.pathCounts()).toEqual(analyzePathCounts(g));
    expect(g.components()).toEqual(analyzeComponents(g));
    expect(g.pathCounts().counts[3]).toBe(2n);
  });

  it("rejects an edge to a state or step that does not exist", () => {
    expect(() => new ArrayResultGraph({ states: [state("a")], steps: [step], edges: [[0, 1, 0]] })).toThrow(KameraError);
    expect(() => new ArrayResultGraph({ states: [state("a")], steps: [step], edges: [[0, 0, 3]] })).toThrow(
      /edge 0: stepId 3 is out of range/,
    );
  });

  it("reports whether its search was complete (default yes)", () => {
    expect(sampleGraph().isComplete).toBe(true);
    expect(sampleGraph(false).isComplete).toBe(false);
  });
});
