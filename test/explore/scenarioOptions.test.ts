import { describe, expect, it } from "vitest";
import { scenarioOptions } from "../../src/explore/scenarioOptions.ts";

describe("scenarioOptions: a caller's explore options over a scenario's", () => {
  it("the caller's values win, and the scenario's others stay", () => {
    expect(scenarioOptions({ reduction: "por", maxDepth: 9 }, { maxDepth: 3, strategy: "bfs" }, false)).toEqual({ options: { reduction: "por", maxDepth: 3, strategy: "bfs" } });
  });

  it("a reduction the caller names replaces the scenario's, whichever way either names it", () => {
    expect(scenarioOptions({ reduction: "por" }, { reduceNoOps: true }, false).options).toEqual({ reduceNoOps: true });
    expect(scenarioOptions({ reduction: "por" }, { reduceNoOps: false }, false).options).toEqual({ reduceNoOps: false });
    expect(scenarioOptions({ reduceNoOps: true }, { reduction: "none" }, false).options).toEqual({ reduction: "none" });
  });

  it("a scenario's reduction \"por\" gives way to no reduction with workers, and says so", () => {
    const { options, note } = scenarioOptions({ reduction: "por", maxDepth: 5 }, { workers: 2 }, true);
    expect(options).toEqual({ reduction: "none", maxDepth: 5, workers: 2 });
    expect(note).toMatch(/reduction "por" does not run with workers: exploring without reduction/);
  });

  it("with workers and no reduction named anywhere, the default partial-order reduction gives way to none, and says so", () => {
    const { options, note } = scenarioOptions({ maxDepth: 5 }, { workers: 2 }, true);
    expect(options).toEqual({ reduction: "none", maxDepth: 5, workers: 2 });
    expect(note).toBe("the partial-order reduction (the default with one worker) does not run with workers: exploring without reduction");
  });

  it("with one worker, no reduction named anywhere is left to the default (\"por\"), without a note", () => {
    expect(scenarioOptions({ maxDepth: 5 }, {}, false)).toEqual({ options: { maxDepth: 5 } });
    expect(scenarioOptions({ reduceNoOps: false }, { workers: 2 }, true)).toEqual({ options: { reduceNoOps: false, workers: 2 } });
  });

  it("a reduction \"por\" the caller asks for with workers is left for the parallel run to refuse", () => {
    expect(scenarioOptions({}, { reduction: "por", workers: 2 }, true)).toEqual({ options: { reduction: "por", workers: 2 } });
  });

  it("leaves the scenario's options object as it was", () => {
    const scenario = { reduction: "por" as const };
    scenarioOptions(scenario, { reduceNoOps: true }, true);
    expect(scenario).toEqual({ reduction: "por" });
  });
});
