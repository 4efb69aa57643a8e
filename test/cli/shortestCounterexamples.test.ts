import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { registerScenarioModule } from "../../src/scenarioRegistry.ts";
import { capturedIO } from "./capturedIO.ts";

const root = resolve(import.meta.dirname, "../..");
// By module URL, as the kamera executable registers them: the isolated run's worker thread loads the example again.
registerScenarioModule(pathToFileURL(join(root, "examples", "index.ts")).href);

async function explore(args: string[]): Promise<{ code: number; summary: JsonSummary }> {
  const io = capturedIO();
  const code = await runCli(["explore", ...args, "--no-interactive", "--json"], io, root);
  return { code, summary: JSON.parse(io.out()) as JsonSummary };
}

describe("kamera explore reports the full graph's shortest counterexamples under the default reduction", () => {
  for (const isolation of [[], ["--no-isolate"]]) {
    const how = isolation.length ? "in-process" : "isolated (the worker thread searches)";
    it(`${how}: duplicate-invariant's violation takes 2 steps, marked shortest`, async () => {
      const { code, summary } = await explore(["duplicate-invariant", ...isolation]);
      expect(code).toBe(3);
      expect(summary.stats.reduction).toBe("por");
      expect(summary.violations.map((v) => [v.pathLength, v.path, v.shortest])).toEqual([[2, "Spawner@1,Spawner@1", true]]);
      expect(summary.stats.shortening?.exhausted).toBe(false);
    });
  }

  it("the livelock example's cycle is its shortest (2 steps)", async () => {
    const { summary } = await explore(["livelock"]);
    expect(summary.nonConverging.map((s) => [s.cycle, s.shortest])).toEqual([["BetaFighter@1,AlphaFighter@1", true]]);
  });

  it("--shortening-max-states too small: the reduced path, marked shortest: false, with a warning", async () => {
    const { summary } = await explore(["duplicate-invariant", "--shortening-max-states", "2"]);
    expect(summary.violations.map((v) => [v.pathLength, v.shortest])).toEqual([[3, false]]);
    expect(summary.warnings.some((w) => /may not be the shortest.*--shortening-max-states/.test(w))).toBe(true);
  });

  it("--no-shorten-counterexamples: the reduced path, with no claim", async () => {
    const { summary } = await explore(["duplicate-invariant", "--no-shorten-counterexamples"]);
    expect(summary.violations.map((v) => [v.pathLength, "shortest" in v])).toEqual([[3, false]]);
    expect(summary.stats.shortening).toBeUndefined();
  });

  it("isolated: a reconciler that never returns during that search ends the search, not the run: the exploration's result, paths marked shortest: false, and a warning naming the code", async () => {
    const { code, summary } = await explore(["test/cli/fixtures/runaway/spinningWhileShortening.ts", "--reconcile-timeout", "2000"]);
    expect(code).toBe(3);
    expect(summary.complete).toBe(true);
    expect(summary.stopReason).toBeUndefined();
    expect(summary.violations.map((v) => [v.pathLength, v.shortest])).toEqual([[3, false]]);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/^the search for shorter counterexamples was cut short: reconciler "Spawner" did not return within 4 s \(state [0-9a-f]{16}, request default\/foo; .*\)\: its worker thread was stopped\. The paths found under the reduction are reported \(marked shortest: false\)$/);
  });
});
