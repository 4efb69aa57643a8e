import { describe, expect, it } from "vitest";
import { GraphDeltaRecorder } from "../../../src/inspect/web/app/graphDeltaRecorder.ts";
import { LiveGraphAssembler } from "../../../src/inspect/web/app/liveGraphAssembler.ts";
import { ArrayResultGraph } from "../../../src/results/arrayResultGraph.ts";
import { buildExploreResult } from "../../../src/explore/buildExploreResult.ts";
import type { ResultGraph } from "../../../src/explore/resultGraph.ts";
import { fixtureGraph } from "../fixtureRun.ts";

/** The first `n` states and the edges among them, with states whose successors are missing still unexpanded. */
function prefix(full: ArrayResultGraph, n: number): ArrayResultGraph {
  const states = [];
  const edges: [number, number, number][] = [];
  for (let e = 0; e < full.edgeCount(); e++) {
    const [a, b, s] = full.edge(e);
    if (a < n && b < n) edges.push([a, b, s]);
  }
  for (let s = 0; s < n; s++) {
    const expandedHere = edges.some(([a]) => a === s);
    states.push({ id: full.stateId(s), objects: full.objects(s), pending: full.pending(s), outcome: expandedHere || full.outcome(s).kind !== "expanded" ? full.outcome(s) : { kind: "unexpanded" as const }, depth: full.depth(s) });
  }
  const steps = Array.from({ length: full.stepCount() }, (_, i) => full.step(i));
  return new ArrayResultGraph({ states, steps, edges });
}

function snapshot(g: ResultGraph) {
  const states = Array.from({ length: g.stateCount() }, (_, s) => ({ id: g.stateId(s), depth: g.depth(s), outcome: g.outcome(s), objects: g.objects(s), pending: g.pending(s) }));
  const edges = Array.from({ length: g.edgeCount() }, (_, e) => g.edge(e));
  return { states, edges };
}

describe("GraphDeltaRecorder and LiveGraphAssembler", () => {
  it("rebuild on the page the graph the worker explored, delta by delta", () => {
    const full = fixtureGraph();
    const recorder = new GraphDeltaRecorder();
    const assembler = new LiveGraphAssembler();
    for (const n of [1, 3, 5, 7]) assembler.apply(recorder.next(n === 7 ? full : prefix(full, n), full.stepCount()));
    expect(snapshot(assembler.graph(true))).toEqual(snapshot(full));
  });

  it("send each object version once and states again only when their outcome or depth changed", () => {
    const full = fixtureGraph();
    const recorder = new GraphDeltaRecorder();
    const first = recorder.next(prefix(full, 3), full.stepCount());
    expect(first.states.map((s) => s.index)).toEqual([0, 1, 2]);
    expect(first.objects).toHaveLength(2); // v0 and v1; states 1 and 2 share v1
    const second = recorder.next(full, full.stepCount());
    // States 1 and 2 went from unexpanded to expanded; 3..6 are new.
    expect(second.states.map((s) => s.index)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(second.states.filter((s) => s.index < 3).every((s) => s.objects.length === 0)).toBe(true);
    expect(second.steps).toHaveLength(0);
    expect(recorder.next(full, full.stepCount())).toEqual({ objects: [], states: [], steps: [], edges: [] });
  });

  it("nextNew sends new states, steps and edges, and of the older states only those it is told were touched", () => {
    const full = fixtureGraph();
    const recorder = new GraphDeltaRecorder();
    recorder.next(prefix(full, 3), full.stepCount());
    // States 1 and 2 changed outcome, but only state 2 is named: state 1 waits for a full `next`.
    const delta = recorder.nextNew(full, full.stepCount(), [2]);
    expect(delta.states.map((s) => s.index)).toEqual([2, 3, 4, 5, 6]);
    expect(recorder.next(full, full.stepCount()).states.map((s) => s.index)).toEqual([1]);
    const assembler = new LiveGraphAssembler();
    const again = new GraphDeltaRecorder();
    assembler.apply(again.next(prefix(full, 3), full.stepCount()));
    assembler.apply(again.nextNew(full, full.stepCount(), [1, 2]));
    expect(snapshot(assembler.graph(true))).toEqual(snapshot(full));
  });

  it("keep object sharing, so converged states group and count as in the worker", () => {
    const full = fixtureGraph();
    const assembler = new LiveGraphAssembler();
    const recorder = new GraphDeltaRecorder();
    // Structured cloning (what postMessage does) keeps sharing within one message only; objects are sent once.
    assembler.apply(structuredClone(recorder.next(prefix(full, 4), full.stepCount())));
    assembler.apply(structuredClone(recorder.next(full, full.stepCount())));
    const live = buildExploreResult(assembler.graph(true));
    const direct = buildExploreResult(full);
    expect(live.convergedStates.map((s) => [s.id, s.pathCount])).toEqual(direct.convergedStates.map((s) => [s.id, s.pathCount]));
    expect(live.nonConverging.map((s) => s.id)).toEqual(direct.nonConverging.map((s) => s.id));
    expect(assembler.graph(true).objects(1)[0]).toBe(assembler.graph(true).objects(2)[0]);
  });

  it("apply a delta of more steps and edges than a function call takes arguments", () => {
    const full = fixtureGraph();
    const delta = new GraphDeltaRecorder().next(full, full.stepCount());
    const many = 300_000;
    const step = delta.steps[0]!;
    const edge = delta.edges[0]!;
    const assembler = new LiveGraphAssembler();
    assembler.apply({ ...delta, steps: [...delta.steps, ...Array.from({ length: many }, () => step)], edges: [...delta.edges, ...Array.from({ length: many }, () => edge)] });
    expect(assembler.graph(true).edgeCount()).toBe(full.edgeCount() + many);
    expect(assembler.graph(true).stepCount()).toBe(full.stepCount() + many);
  });

  it("reject deltas applied out of order with a clear error", () => {
    const full = fixtureGraph();
    const recorder = new GraphDeltaRecorder();
    recorder.next(prefix(full, 2), full.stepCount());
    const later = recorder.next(full, full.stepCount());
    expect(() => new LiveGraphAssembler().apply(later)).toThrow(/out of order|never sent/);
  });
});
