import { describe, expect, it } from "vitest";
import { buildExploreResult } from "../../src/explore/buildExploreResult.ts";
import { pathSignature } from "../../src/explore/pathSignature.ts";
import { ExplorerBuilder } from "../../src/index.ts";
import { fixtureGraph } from "../results/fixtureGraph.ts";

describe("building results from a graph", () => {
  it("keeps one path per effectful signature and drops steps that wrote nothing", () => {
    // Two ways to the end with the same writes, one with an extra no-op step.
    const g = fixtureGraph(4, [
      [0, 1, "A", 1],
      [1, 3, "B", 1],
      [0, 2, "N", 0],
      [2, 1, "A", 1],
      [0, 3, "C", 2],
    ]);
    const r = buildExploreResult(g);
    expect(r.convergedStates).toHaveLength(1);
    const s = r.convergedStates[0]!;
    expect(s.pathCount).toBe(3n);
    expect(s.paths.map(pathSignature)).toEqual(["C@2", "A@1,B@1"]);
    expect(s.pathsTruncated).toBe(false);
  });

  it("caps the unique paths and says so", () => {
    const g = fixtureGraph(2, [
      [0, 1, "A", 1],
      [0, 1, "B", 1],
      [0, 1, "C", 1],
    ]);
    const s = buildExploreResult(g, { pathCap: 2 }).convergedStates[0]!;
    expect(s.paths).toHaveLength(2);
    expect(s.pathsTruncated).toBe(true);
  });

  it("reports a cycle no final state can be reached from as one livelock, with its cycle", () => {
    const g = fixtureGraph(3, [
      [0, 1, "A", 1],
      [1, 2, "B", 1],
      [2, 1, "A", 1],
    ]);
    const r = buildExploreResult(g);
    expect(r.convergedStates).toHaveLength(0);
    expect(r.nonConverging).toHaveLength(1);
    const l = r.nonConverging[0]!;
    expect(l.id).toBe("s1");
    expect(l.paths[0]!.map((s) => s.reconcilerId)).toEqual(["A"]);
    expect(l.cycle!.map((s) => s.reconcilerId)).toEqual(["B", "A"]);
  });

  it("looks for livelocks only where path counts show a reachable cycle or an unreachable state", () => {
    const counting = (g: ReturnType<typeof fixtureGraph>) => {
      let asked = 0;
      const components = g.components.bind(g);
      g.components = () => (asked++, components());
      return { g, asked: () => asked };
    };
    // A DAG: no cycle, every state reached — no components needed.
    const dag = counting(
      fixtureGraph(3, [
        [0, 1, "A", 1],
        [0, 2, "B", 1],
        [1, 2, "C", 1],
      ]),
    );
    expect(buildExploreResult(dag.g).nonConverging).toHaveLength(0);
    expect(dag.asked()).toBe(0);
    // A self-loop the search reached is a cycle: still found.
    const loop = counting(
      fixtureGraph(2, [
        [0, 1, "A", 1],
        [1, 1, "B", 0],
      ]),
    );
    expect(buildExploreResult(loop.g).nonConverging.map((l) => l.id)).toEqual(["s1"]);
    expect(loop.asked()).toBe(1);
    // A cycle no path from the initial state reaches carries no path-count flag: still found.
    const apart = counting(
      fixtureGraph(3, [
        [1, 2, "A", 1],
        [2, 1, "B", 1],
      ]),
    );
    expect(buildExploreResult(apart.g).nonConverging).toHaveLength(1);
    expect(apart.asked()).toBe(1);
  });

  it("a livelock lists every distinct error in its component, also those of steps off its cycle", async () => {
    const eb = new ExplorerBuilder();
    for (const id of ["B", "A"]) {
      eb.withReconciler(id, () => ({
        reconcile() {
          throw new Error(`${id} broke`);
        },
      })).for("core/ConfigMap");
    }
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };
    const r = await eb.build().explore(eb.initialState().addTopLevelObject(cm, "A", "B").build());
    expect(r.nonConverging).toHaveLength(1);
    const [stuck] = r.nonConverging;
    // Each failing reconciler's step is a self-loop: the cycle goes round one of them only.
    expect(stuck!.cycle).toHaveLength(1);
    expect(stuck!.errors!.map((e) => [e.reconcilerId, e.error])).toEqual([
      ["A", "Error: A broke"],
      ["B", "Error: B broke"],
    ]);
    expect(stuck!.errors!.every((e) => /^test\/explore\/buildExploreResult\.test\.ts:\d+:\d+$/.test(e.errorLocation ?? ""))).toBe(true);
  });

  it("a livelock without failing steps lists no errors", () => {
    const g = fixtureGraph(3, [
      [0, 1, "A", 1],
      [1, 2, "B", 1],
      [2, 1, "A", 1],
    ]);
    expect(buildExploreResult(g).nonConverging.map((s) => s.errors)).toEqual([[]]);
  });

  it("does not call a cycle with an exit a livelock", () => {
    const g = fixtureGraph(3, [
      [0, 1, "A", 1],
      [1, 0, "B", 1],
      [1, 2, "C", 1],
    ]);
    const r = buildExploreResult(g);
    expect(r.nonConverging).toHaveLength(0);
    expect(r.convergedStates).toHaveLength(1);
    expect(r.convergedStates[0]!.pathCountInfinite).toBe(true);
  });

  it("reports violations with the shortest path to the failing state", () => {
    const g = fixtureGraph(
      4,
      [
        [0, 1, "A", 1],
        [1, 2, "B", 1],
        [2, 3, "C", 1],
        [0, 3, "D", 1],
      ],
      { 3: { kind: "aborted", reason: "invariant", violations: [{ invariant: "inv", message: "broken" }] } },
    );
    const r = buildExploreResult(g);
    expect(r.violations).toHaveLength(1);
    expect(r.violations[0]!.path.map((s) => s.reconcilerId)).toEqual(["D"]);
    expect(r.abortedStates[0]!.reason).toBe("invariant");
  });
});
