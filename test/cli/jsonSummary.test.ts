import { describe, expect, it } from "vitest";
import { formatJsonSummary, jsonSummary } from "../../src/cli/jsonSummary.ts";
import { fixtureResult, resultState, step } from "./fixtureResult.ts";

describe("jsonSummary", () => {
  it("is versioned and names the scenario", () => {
    const s = jsonSummary(fixtureResult(), { name: "fixture", description: "d" });
    expect(s.format).toBe("kamera-summary");
    expect(s.version).toBe(1);
    expect(s.scenario).toEqual({ name: "fixture", description: "d" });
    expect(s.complete).toBe(true);
    expect(s.stopReason).toBeUndefined();
  });

  it("gives converged states their path counts as strings and their unique path signatures", () => {
    const s = jsonSummary(fixtureResult());
    expect(s.converged[0]).toEqual({
      id: "00000000000000a1",
      reason: "converged",
      objectCount: 1,
      pendingCount: 0,
      pathCount: "4",
      pathCountInfinite: false,
      uniquePaths: ["FooController@1,BarController@1", "BarController@1,FooController@1"],
      pathsTruncated: false,
    });
    expect(s.converged[1]!.pathCount).toBe("1180591620717411303424");
  });

  it("gives aborted states their reason, error and failed reconcile, without paths", () => {
    const s = jsonSummary(fixtureResult());
    expect(s.aborted.map((a) => a.reason)).toEqual(["max-depth", "error", "max-depth"]);
    expect(s.aborted[1]).toMatchObject({ error: "boom\nat somewhere", failedReconcile: { reconcilerId: "BarController" } });
    expect(s.aborted[0]!.pendingCount).toBe(1);
    expect(s.aborted.every((a) => a.uniquePaths === undefined)).toBe(true);
  });

  it("gives a livelock its path in and its cycle, and a violation its path", () => {
    const s = jsonSummary(fixtureResult());
    expect(s.nonConverging[0]).toMatchObject({ id: "00000000000000c1", uniquePaths: ["AlphaFighter@1"], cycle: "BetaFighter@1,AlphaFighter@1", pathCountInfinite: true });
    expect(s.violations).toEqual([
      { invariant: "no more pods than replicas", message: "foo wants 1 pod(s) but has 2", stateId: "00000000000000d1", path: "Spawner@1,Spawner@1", pathLength: 2 },
    ]);
  });

  it("gives a livelock with failing steps every distinct error in its component, and one without none", () => {
    const errors = [
      { reconcilerId: "A", error: "Error: A broke", errorLocation: "a.ts:1:1" },
      { reconcilerId: "B", error: "Error: B broke" },
    ];
    const s = jsonSummary(fixtureResult({ nonConverging: [resultState("c2", "livelock", { cycle: [step("A", 0, "Error: A broke")], errors }), resultState("c3", "livelock", { errors: [] })] }));
    expect(s.nonConverging.map((l) => l.errors)).toEqual([errors, undefined]);
  });

  it("records why a partial search stopped", () => {
    expect(jsonSummary(fixtureResult({ complete: false, stopReason: "timeout" }))).toMatchObject({ complete: false, stopReason: "timeout" });
  });

  it("formats as parseable JSON text even when the result holds bigints", () => {
    const text = formatJsonSummary(fixtureResult());
    expect(text.endsWith("}\n")).toBe(true);
    const parsed = JSON.parse(text) as ReturnType<typeof jsonSummary>;
    expect(parsed.converged[1]!.pathCount).toBe("1180591620717411303424");
    expect(parsed.stats.uniqueStates).toBe(9);
  });
});
