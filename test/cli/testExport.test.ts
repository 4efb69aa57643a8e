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

describe("writeExportedTest", () => {
  it("replays the scenario that was explored, not the module's export loaded again (which a compiled command line gets from another copy of kamera)", async () => {
    const { mkdtemp, readFile, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { writeExportedTest } = await import("../../src/cli/testExport.ts");
    const { scenario } = await import("../../examples/duplicate-invariant/scenario.ts");
    const { builder, initial, options } = scenario.build();
    const result = await builder.build().explore(initial, options);
    // What the module's export looks like from a compiled copy: the same scenario, built by classes this kamera does not know.
    class ExplorerBuilder {}
    const foreign = { ...scenario, build: () => ({ builder: new ExplorerBuilder(), initial: {} }) } as never;
    const dir = await mkdtemp(join(tmpdir(), "kamera-export-"));
    try {
      const file = join(dir, "duplicate-invariant.test.ts");
      const test = await writeExportedTest(result, result.violations[0]!, file, scenario, { file: join(process.cwd(), "examples/duplicate-invariant/scenario.ts"), exportName: "scenario", scenario: foreign });
      expect(test.shrunkLength).toBe(2);
      expect(await readFile(file, "utf8")).toContain('import { scenario } from "');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
