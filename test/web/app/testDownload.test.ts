import { describe, expect, it } from "vitest";
import { scenario as duplicateInvariant } from "../../../examples/duplicate-invariant/scenario.ts";
import { zookeeperScenario } from "../../../examples/zookeeper/scenario.ts";
import { InspectedRun } from "../../../src/inspect/web/app/inspectedRun.ts";
import { pageTest } from "../../../src/inspect/web/app/testDownload.ts";
import type { ExploreOptions, Scenario } from "../../../src/index.ts";

/** A run as the page holds it: the result rebuilt from the graph alone, as for a dump. */
async function pageRun(scenario: Scenario, extra: ExploreOptions = {}): Promise<InspectedRun> {
  const { builder, initial, options } = scenario.build();
  const result = await builder.build().explore(initial, { ...options, ...extra });
  return InspectedRun.of(result.graph, { complete: result.complete }, { kind: "dump", title: `${scenario.name} (run.dump.json)` });
}

describe("the browser inspector's Export test button", () => {
  it("generates the same test as the CLI for a violation, unshrunk, importing ./scenario.ts with a note to point it at the scenario", async () => {
    // The full graph: its first violation is the two Spawner runs the CLI's test names.
    const run = await pageRun(duplicateInvariant, { reduction: "none" });
    const row = run.rows.find((r) => r.state.reason === "invariant")!;
    const t = await pageTest(run, row);
    // Named as --export-tests and the terminal's t key name the test of this violation.
    expect(t.file).toBe("duplicate-invariant.violation-no-more-pods-than-replicas.test.ts");
    expect(t.shrunk).toBe(false);
    expect(t.text).toContain('import { scenario } from "./scenario.ts";');
    expect(t.text).toContain("kamera-schedule 1\nSpawner default/foo\nSpawner default/foo\n");
    expect(t.text).toContain(" * Downloaded from kamera's browser inspector:");
    expect((await pageTest(run, row)).text).toBe(t.text);
  });

  it("exports a converged state from the graph the page holds (its listed paths skip no-op steps)", async () => {
    const run = await pageRun(zookeeperScenario(4));
    const row = run.rows.find((r) => r.state.reason === "converged" && r.state.objects.every((o) => o.kind !== "PersistentVolumeClaim"))!;
    const t = await pageTest(run, row);
    expect(t.outcome).toEqual({ kind: "converged", objects: ["ZookeeperCluster default/zk-cluster"] });
    expect(t.schedule.length).toBeGreaterThan(row.state.paths[0]!.length);
  });
});
