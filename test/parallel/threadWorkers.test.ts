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
      const one = resultShape(await exploreScenario(name, { workers: 1 }));
      expect(resultShape(await exploreScenario(name, { workers, preload }))).toEqual(one);
    }, 120_000);
  }

  test("knative-serving without reduction to depth 10: 2 workers give the single-worker ids and order (steps that trigger several requests at once, cut-offs at max depth)", async () => {
    const opts = { reduceNoOps: false, maxDepth: 10 };
    const one = resultShape(await exploreScenario("knative-serving", { ...opts, workers: 1 }));
    expect(resultShape(await exploreScenario("knative-serving", { ...opts, workers: 2, preload }))).toEqual(one);
  }, 300_000);

  test("sim-clock (timestamps from the simulated clock): 2 workers give the single-worker result", async () => {
    const one = resultShape(await exploreScenario("sim-clock", { workers: 1 }));
    expect(resultShape(await exploreScenario("sim-clock", { workers: 2, preload }))).toEqual(one);
  }, 120_000);
});
