import { describe, expect, it } from "vitest";
import { outcomeText, pathCountText } from "../../../src/inspect/model/stateRows.ts";
import { InspectedRun } from "../../../src/inspect/web/app/inspectedRun.ts";
import { FIXTURE_IDS, fixtureGraph } from "../fixtureRun.ts";

const run = () => InspectedRun.of(fixtureGraph(), { complete: true }, { kind: "dump", title: "fixture" });

describe("InspectedRun", () => {
  it("lists converged states first, then non-converging ones, then aborted ones, with their outcome labels", () => {
    expect(run().rows.map((r) => [r.state.id, r.category, outcomeText(r)])).toEqual([
      [FIXTURE_IDS[3], "converged", "converged"],
      [FIXTURE_IDS[5], "non-converging", "non-converging"],
      [FIXTURE_IDS[4], "violation", "violation: config exists"],
    ]);
  });

  it("marks every state on a livelock's cycle, for the graph's colours", () => {
    expect([...run().livelockStates].sort()).toEqual([5, 6]);
  });

  it("finds states by id and rows by state number", () => {
    const r = run();
    expect(r.indexOf(FIXTURE_IDS[4]!)).toBe(4);
    expect(r.indexOf("ffffffffffffffff")).toBeUndefined();
    expect(r.rowOf(3)?.category).toBe("converged");
    expect(r.rowOf(1)).toBeUndefined();
  });

  it("shows an infinite path count as ∞", () => {
    expect(pathCountText({ pathCount: 12n, pathCountInfinite: false })).toBe("12");
    expect(pathCountText({ pathCount: 3n, pathCountInfinite: true })).toBe("∞");
    expect(pathCountText({ pathCount: 2385526097726n, pathCountInfinite: false })).toBe("2,385,526,097,726");
  });

  it("lists a reconciler that keeps failing as its own outcome, naming it", async () => {
    const { ExplorerBuilder } = await import("../../../src/index.ts");
    const eb = new ExplorerBuilder();
    eb.withReconciler("Boom", () => ({
      reconcile() {
        throw new Error("no database");
      },
    })).for("core/ConfigMap");
    const initial = eb.initialState().addTopLevelObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } }, "Boom").build();
    const result = await eb.build().explore(initial);
    const failing = InspectedRun.of(result.graph, { complete: true }, { kind: "live", title: "boom" });
    expect(failing.rows.map((r) => [r.category, r.label, r.state.error])).toEqual([["keeps-failing", "keeps failing: Boom", "Error: no database"]]);
    // The graph draws it in its own colour, not as an intermediate state.
    expect([...failing.failingStates]).toEqual([failing.rows[0]!.index]);
    expect(failing.livelockStates.size).toBe(0);
  });
});

describe("InspectedRun of a served dump", () => {
  it("shows the counterexamples the terminal showed: duplicate-invariant's 2-step violation, not the reduced graph's 3 steps", async () => {
    const { scenario } = await import("../../../examples/duplicate-invariant/scenario.ts");
    const { dumpText } = await import("../../../src/cli/browserInspector.ts");
    const { parseDump } = await import("../../../src/results/dumpReader.ts");
    const { builder, initial, options } = scenario.build();
    const live = await builder.build().explore(initial, options);
    expect(live.violations[0]!.path).toHaveLength(2);
    const decoded = parseDump(await dumpText(live, { name: scenario.name }), "served");
    const run = InspectedRun.of(decoded.graph, { complete: decoded.complete, stats: decoded.stats, counterexamples: decoded.counterexamples }, { kind: "served", title: "served" });
    expect(run.result.violations[0]!.path).toHaveLength(2);
    expect(run.result.violations[0]!.shortest).toBe(true);
  });

  it("carries the warnings the terminal listed, for the page's summary", async () => {
    const { ExplorerBuilder } = await import("../../../src/index.ts");
    const { dumpText } = await import("../../../src/cli/browserInspector.ts");
    const { parseDump } = await import("../../../src/results/dumpReader.ts");
    const eb = new ExplorerBuilder();
    eb.withReconciler("Noop", () => ({ reconcile: async () => ({}) })).for("apps/Deployment");
    // A ConfigMap handed to a reconciler of Deployments: the exploration warns of it.
    const initial = eb.initialState().addTopLevelObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }, "Noop").build();
    const live = await eb.build().explore(initial);
    live.warnings.unshift("trace.jsonl:7: skipped: not JSON");
    const decoded = parseDump(await dumpText(live, { name: "noop" }), "served");
    const run = InspectedRun.of(decoded.graph, { complete: decoded.complete, stats: decoded.stats, warnings: decoded.warnings }, { kind: "served", title: "served" });
    expect(run.warnings).toEqual(live.warnings);
    expect(run.warnings[0]).toBe("trace.jsonl:7: skipped: not JSON");
    expect(InspectedRun.of(decoded.graph, { complete: true }, { kind: "dump", title: "no warnings" }).warnings).toEqual([]);
  });
});
