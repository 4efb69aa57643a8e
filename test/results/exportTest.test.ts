import { spawn } from "node:child_process";
import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { duplicateInvariantScenario } from "../../examples/duplicate-invariant/scenario.ts";
import { scenario as livelock } from "../../examples/livelock/scenario.ts";
import { zookeeperScenario } from "../../examples/zookeeper/scenario.ts";
import { ExplorerBuilder, exportTest, KameraError, replayScenario, type ExploreOptions, type ExploreOutcome, type Path, type Scenario, type Violation } from "../../src/index.ts";

const root = resolve(import.meta.dirname, "../..");
/** Outside the suite's include globs (test/**, examples/**): generated tests run only when this test runs them. */
const dir = join(root, "test-artifacts", `exported-tests-${process.pid}`);

async function explore(scenario: Scenario, extra: ExploreOptions = {}): Promise<ExploreOutcome> {
  const { builder, initial, options } = scenario.build();
  return builder.build().explore(initial, { ...options, ...extra });
}

const pvcs = (objects: readonly { kind?: string }[]) => objects.filter((o) => o.kind === "PersistentVolumeClaim").length;

/** Where a generated test lives, importing `./scenario.ts`: a module we switch between the buggy and the fixed variant. */
function variantModule(factory: string, from: string, fixed: boolean): string {
  return `import { ${factory} } from "../../../${from}";\nexport const scenario = ${factory === "zookeeperScenario" ? `zookeeperScenario(4, { fixed: ${fixed} })` : `duplicateInvariantScenario({ fixed: ${fixed} })`};\n`;
}

interface VitestReport {
  testResults: { name: string; status: string; assertionResults: { status: string; failureMessages: string[] }[] }[];
}

/** Runs vitest on the files under `dir` in a child process (its own config, so the main suite's globs do not apply). */
function runVitest(): Promise<VitestReport> {
  return new Promise((done, fail) => {
    const out = join(dir, "report.json");
    const child = spawn(process.execPath, [join(root, "node_modules", "vitest", "vitest.mjs"), "run", "--root", dir, "--config", join(dir, "vitest.config.ts"), "--reporter=json", `--outputFile=${out}`], {
      cwd: root,
      stdio: ["ignore", "pipe", "pipe"],
    });
    let err = "";
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("error", fail);
    child.on("close", () => {
      readFile(out, "utf8").then((t) => done(JSON.parse(t) as VitestReport), () => fail(new Error(`vitest wrote no report: ${err}`)));
    });
  });
}

beforeAll(async () => {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, "vitest.config.ts"), 'import { defineConfig } from "vitest/config";\nexport default defineConfig({ test: { include: ["**/*.test.ts"] } });\n');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("exportTest", () => {
  it("generated tests pass on the buggy duplicate-invariant and zookeeper examples and fail once they are fixed", async () => {
    const dup = duplicateInvariantScenario({ fixed: false });
    const dupResult = await explore(dup);
    const zk = zookeeperScenario(4);
    const zkResult = await explore(zk);
    // The zookeeper example has no invariant: the bug is a converged state without the new cluster's volumes.
    const lost = zkResult.convergedStates.find((s) => pvcs(s.objects) === 0)!;
    expect(lost).toBeDefined();

    const tests: Record<string, string> = {};
    for (const variant of ["buggy", "fixed"]) {
      const d = join(dir, variant);
      await mkdir(d, { recursive: true });
      await writeFile(join(d, "dupScenario.ts"), variantModule("duplicateInvariantScenario", "examples/duplicate-invariant/scenario.ts", variant === "fixed"));
      await writeFile(join(d, "zkScenario.ts"), variantModule("zookeeperScenario", "examples/zookeeper/scenario.ts", variant === "fixed"));
    }
    // Generated once, against the buggy module; the same text then runs beside the fixed one.
    const common = { kameraModule: join(root, "src", "index.ts") };
    const dupTest = await exportTest(dupResult, dupResult.violations[0]!, {
      ...common,
      file: join(dir, "buggy", "dup.test.ts"),
      scenarioModule: join(dir, "buggy", "dupScenario.ts"),
      replay: (s) => replayScenario(dup, s),
    });
    const zkTest = await exportTest(zkResult, lost, { ...common, file: join(dir, "buggy", "zk.test.ts"), scenarioModule: join(dir, "buggy", "zkScenario.ts"), replay: (s) => replayScenario(zk, s) });
    expect(dupTest.outcome).toEqual({ kind: "violation", invariant: "no more pods than replicas", message: "foo wants 1 pod(s) but has 2" });
    expect(zkTest.outcome).toEqual({ kind: "converged", objects: ["ZookeeperCluster default/zk-cluster"] });
    expect(zkTest.text).toContain("stale zookeeper.pravega.io/ZookeeperCluster@5");
    tests["dup.test.ts"] = dupTest.text;
    tests["zk.test.ts"] = zkTest.text;
    for (const variant of ["buggy", "fixed"]) for (const [name, text] of Object.entries(tests)) await writeFile(join(dir, variant, name), text);

    const report = await runVitest();
    const status = Object.fromEntries(report.testResults.map((r) => [r.name.slice(dir.length + 1), r.status]));
    expect(status).toEqual({ "buggy/dup.test.ts": "passed", "buggy/zk.test.ts": "passed", "fixed/dup.test.ts": "failed", "fixed/zk.test.ts": "failed" });
    const failure = (name: string) => report.testResults.find((r) => r.name.endsWith(name))!.assertionResults[0]!.failureMessages.join("\n");
    // Fixed, the spawner counts its pods: the same two runs make one pod, and the violation is gone.
    expect(failure("fixed/dup.test.ts")).toMatch(/AssertionError: expected \[\] to deep equally contain/);
    // Fixed, the stale run deletes nothing and the path converges a step early: the schedule no longer fits.
    expect(failure("fixed/zk.test.ts")).toMatch(/step 2 \(ZookeeperReconciler .*\) is not enabled/);
  }, 180_000);

  it("exporting twice gives the same file, byte for byte", async () => {
    const dup = duplicateInvariantScenario({ fixed: false });
    const opts = { file: "test/regressions/dup.test.ts", scenarioModule: "examples/duplicate-invariant/scenario.ts", scenarioName: dup.name, replay: (s: Parameters<typeof replayScenario>[1]) => replayScenario(dup, s) };
    const a = await exportTest(await explore(dup), (await explore(dup)).violations[0]!, opts);
    const b = await exportTest(await explore(dup), (await explore(dup)).violations[0]!, opts);
    expect(b.text).toBe(a.text);
    expect(a.text).toContain('import { parseSchedule, replayScenario } from "kamera";');
    expect(a.text).toContain('import { scenario } from "../../examples/duplicate-invariant/scenario.ts";');
  });

  it("shrinks the path before exporting and reports both lengths", async () => {
    const dup = duplicateInvariantScenario({ fixed: false });
    const result = await explore(dup);
    // A longer way to the violation than the search's shortest: the recorder first runs and writes nothing.
    const run = await replayScenario(dup, [
      { reconcilerId: "Recorder", request: { namespace: "default", name: "foo" } },
      { reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } },
      { reconcilerId: "Spawner", request: { namespace: "default", name: "foo" } },
    ]);
    const path: Path = run.steps.map((s) => ({ ...s.step, stateBefore: "", stateAfter: s.state.id }));
    const long: Violation = { ...result.violations[0]!, path };
    const t = await exportTest(result, long, { file: "dup.test.ts", scenarioModule: "dup.ts", replay: (s) => replayScenario(dup, s) });
    expect([t.originalLength, t.shrunkLength, t.shrunk]).toEqual([3, 2, true]);
    expect(t.text).toContain("the schedule below has 2 step(s), shrunk from the 3 of the path kamera found");
    const unshrunk = await exportTest(result, long, { file: "dup.test.ts", scenarioModule: "dup.ts" });
    expect([unshrunk.originalLength, unshrunk.shrunkLength, unshrunk.shrunk]).toEqual([3, 3, false]);
  });

  it("a livelock's test replays the way in and one turn of the cycle, and asserts the cycle closes", async () => {
    // The full graph, whose first livelock has the shortest cycle (the reduced graph's may go round a longer one).
    const result = await explore(livelock, { reduction: "none" });
    const t = await exportTest(result, result.nonConverging[0]!, { file: "l.test.ts", scenarioModule: "l.ts", replay: (s) => replayScenario(livelock, s) });
    expect(t.outcome).toMatchObject({ kind: "livelock", intoCycle: 1, cycle: 2 });
    expect(t.text).toContain("expect(run.final.id).toBe(cycleStart.id);");
  });

  it("an error under abortOnError that led back to the state it ran in is exported with the failing step", async () => {
    const throws: Scenario = {
      name: "throws",
      description: "a reconciler that always throws, under abortOnError",
      build() {
        const eb = new ExplorerBuilder();
        eb.withReconciler("A", () => ({
          reconcile() {
            throw new Error("A broke");
          },
        })).for("core/ConfigMap");
        const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } };
        return { builder: eb, initial: eb.initialState().addTopLevelObject(cm, "A").build(), options: { abortOnError: true } };
      },
    };
    const result = await explore(throws);
    const t = await exportTest(result, result.abortedStates[0]!, { file: "t.test.ts", scenarioModule: "t.ts", replay: (s) => replayScenario(throws, s) });
    expect(t.schedule).toEqual([{ reconcilerId: "A", request: { namespace: "default", name: "x" } }]);
    expect(t.outcome).toEqual({ kind: "error", reconcilerId: "A", namespace: "default", name: "x" });
  });

  it("refuses a state with nothing to assert, and a path the scenario does not reproduce", async () => {
    const dup = duplicateInvariantScenario({ fixed: false });
    const result = await explore(dup);
    const cut = { ...result.convergedStates[0]!, id: "0000000000000000", reason: "max-depth" as const };
    await expect(exportTest(result, cut, { file: "x.test.ts", scenarioModule: "x.ts" })).rejects.toThrow(/cut off at max depth: there is no outcome to turn into a test/);
    const fixed = duplicateInvariantScenario({ fixed: true });
    await expect(exportTest(result, result.violations[0]!, { file: "x.test.ts", scenarioModule: "x.ts", replay: (s) => replayScenario(fixed, s) })).rejects.toThrow(KameraError);
    await expect(exportTest(result, result.violations[0]!, { file: "x.test.ts", scenarioModule: "x.ts", replay: (s) => replayScenario(fixed, s) })).rejects.toThrow(
      /did not show the invariant "no more pods than replicas" failed/,
    );
  });
});
