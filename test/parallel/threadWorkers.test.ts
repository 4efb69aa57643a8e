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
});
