import { describe, expect, test } from "vitest";
import "../../examples/index.ts";
import { exploreScenario } from "../../src/cli/exploreScenario.ts";
import { resultShape } from "./sameResult.ts";

const EXAMPLES = new URL("../../examples/index.ts", import.meta.url).href;
const preload = [EXAMPLES];

describe("exploring with worker threads", () => {
  const cases: [string, number][] = [
    ["trivial", 3],
    ["mode-flip", 2],
    ["ownership-race", 3],
    ["livelock", 2],
    ["duplicate-invariant", 3],
    ["config-mirror", 2],
    ["job-deleted-pod-uncounted", 3],
  ];
  for (const [name, workers] of cases) {
    test(`${name}: ${workers} workers give the single-worker result (ids, edges, path counts, worlds, livelocks, violations)`, async () => {
      const one = resultShape(await exploreScenario(name, { workers: 1, reduction: "none" }));
      expect(resultShape(await exploreScenario(name, { workers, preload, reduction: "none" }))).toEqual(one);
    }, 120_000);
  }

  test("with workers and no reduction asked for, the search runs without reduction (the default partial-order reduction is for one worker) and a warning says so", async () => {
    const none = await exploreScenario("mode-flip", { workers: 1, reduction: "none" });
    const reduced = await exploreScenario("mode-flip", { workers: 1 });
    const unasked = await exploreScenario("mode-flip", { workers: 2, preload });
    expect(reduced.stats.reduction).toBe("por");
    expect(reduced.stats.uniqueStates).toBeLessThan(none.stats.uniqueStates);
    expect(unasked.warnings).toEqual([...none.warnings, "the partial-order reduction (the default with one worker) does not run with workers: exploring without reduction"]);
    expect(resultShape({ ...unasked, graph: unasked.graph, warnings: none.warnings })).toEqual(resultShape(none));
  }, 120_000);

  test("knative-serving without reduction to depth 10: 2 workers give the single-worker ids and order (steps that trigger several requests at once, cut-offs at max depth)", async () => {
    const opts = { reduceNoOps: false, maxDepth: 10 };
    const one = resultShape(await exploreScenario("knative-serving", { ...opts, workers: 1 }));
    expect(resultShape(await exploreScenario("knative-serving", { ...opts, workers: 2, preload }))).toEqual(one);
  }, 300_000);

  test("sim-clock (timestamps from the simulated clock): 2 workers give the single-worker result", async () => {
    const one = resultShape(await exploreScenario("sim-clock", { workers: 1, reduction: "none" }));
    expect(resultShape(await exploreScenario("sim-clock", { workers: 2, preload, reduction: "none" }))).toEqual(one);
  }, 120_000);
});
