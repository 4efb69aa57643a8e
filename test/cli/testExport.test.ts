import { describe, expect, it } from "vitest";
import type { ExploreResult, Violation } from "../../src/explore/exploreResult.ts";
import { exportTargets } from "../../src/cli/testExport.ts";

function violation(invariant: string, stateId: string): Violation {
  return { invariant, message: "violated", stateId, path: [] };
}

function resultWith(violations: Violation[]): ExploreResult {
  return { violations, nonConverging: [], keepsFailing: [] } as unknown as ExploreResult;
}

describe("exportTargets", () => {
  it("gives invariants whose names make the same file name distinct names, suffixed in sorted order", () => {
    const long = "x".repeat(60);
    const targets = exportTargets(resultWith([violation("not blue", "s1"), violation("Not Blue!", "s2"), violation(`${long} one`, "s3"), violation(`${long} two`, "s4")]));
    expect(targets.map((t) => [t.name, (t.state as Violation).invariant])).toEqual([
      ["violation-not-blue", "Not Blue!"],
      ["violation-not-blue-2", "not blue"],
      [`violation-${long}`, `${long} one`],
      [`violation-${long}-2`, `${long} two`],
    ]);
  });

  it("does not give a suffixed name that another invariant's own name takes", () => {
    const targets = exportTargets(resultWith([violation("a", "s1"), violation("A!", "s2"), violation("a 2", "s3")]));
    expect(targets.map((t) => t.name).sort()).toEqual(["violation-a", "violation-a-2", "violation-a-3"]);
    expect(targets.find((t) => t.name === "violation-a-2")!.state).toMatchObject({ invariant: "a 2" });
  });
});
