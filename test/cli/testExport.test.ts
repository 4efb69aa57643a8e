import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import type { ExploreResult, Violation } from "../../src/explore/exploreResult.ts";
import { exportInspectedState, exportTargets, exportTests, testFile, writeExportedTest } from "../../src/cli/testExport.ts";
import { scenario } from "../../examples/duplicate-invariant/scenario.ts";

const moduleFile = { file: join(process.cwd(), "examples/duplicate-invariant/scenario.ts"), exportName: "scenario", scenario };

async function inTemporaryDirectory(run: (dir: string) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "kamera-export-"));
  try {
    await run(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function explored(): Promise<ExploreResult> {
  const { builder, initial, options } = scenario.build();
  return builder.build().explore(initial, options);
}

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
    const { builder, initial, options } = scenario.build();
    const result = await builder.build().explore(initial, options);
    // What the module's export looks like from a compiled copy: the same scenario, built by classes this kamera does not know.
    class ExplorerBuilder {}
    const foreign = { ...scenario, build: () => ({ builder: new ExplorerBuilder(), initial: {} }) } as never;
    const dir = await mkdtemp(join(tmpdir(), "kamera-export-"));
    try {
      const file = join(dir, "duplicate-invariant.test.ts");
      const written = await writeExportedTest(result, result.violations[0]!, file, scenario, { file: join(process.cwd(), "examples/duplicate-invariant/scenario.ts"), exportName: "scenario", scenario: foreign });
      expect(written.test.shrunkLength).toBe(2);
      expect(await readFile(file, "utf8")).toContain('import { scenario } from "');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("testFile", () => {
  it("puts a test in <dir>/<scenario slug>.<name>.test.ts", () => {
    expect(testFile("/tmp/out", "Duplicate Invariant", "converged-01234567")).toBe("/tmp/out/duplicate-invariant.converged-01234567.test.ts");
  });
});

describe("tests from the inspector's t key and from --export-tests", () => {
  it("give the same counterexample the same file, written once: the second finds the same test there", async () => {
    const result = await explored();
    await inTemporaryDirectory(async (dir) => {
      // The inspector lists the violating state as a state aborted by the invariant, not as the violation.
      const aborted = result.abortedStates.find((s) => s.reason === "invariant")!;
      const line = await exportInspectedState(result, aborted, dir, scenario, moduleFile);
      const file = join(dir, "duplicate-invariant.violation-no-more-pods-than-replicas.test.ts");
      expect(line).toBe(`test written to ${file} (2 steps, not shrinkable)`);
      const [exported] = await exportTests(result, dir, scenario, moduleFile);
      expect(exported).toMatchObject({ file, alreadyThere: true });
      expect(await readdir(dir)).toEqual(["duplicate-invariant.violation-no-more-pods-than-replicas.test.ts"]);
      expect(await exportInspectedState(result, aborted, dir, scenario, moduleFile)).toBe(`test already in ${file} (2 steps, not shrinkable)`);
    });
  });

  it("never overwrite another file of the name: the test goes to <name>-2.test.ts, <name>-3.test.ts, …", async () => {
    const result = await explored();
    await inTemporaryDirectory(async (dir) => {
      const file = join(dir, "duplicate-invariant.violation-no-more-pods-than-replicas.test.ts");
      await writeFile(file, "// a test edited by hand\n");
      const [exported] = await exportTests(result, dir, scenario, moduleFile);
      expect(exported).toMatchObject({ file: join(dir, "duplicate-invariant.violation-no-more-pods-than-replicas-2.test.ts"), alreadyThere: false });
      expect(await readFile(file, "utf8")).toBe("// a test edited by hand\n");
      const aborted = result.abortedStates.find((s) => s.reason === "invariant")!;
      expect(await exportInspectedState(result, aborted, dir, scenario, moduleFile)).toContain(`test already in ${exported!.file}`);
    });
  });
});
