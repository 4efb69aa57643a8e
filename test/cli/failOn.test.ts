import { describe, expect, it } from "vitest";
import { findings } from "../../src/cli/failOn.ts";
import { fixtureResult, resultState } from "./fixtureResult.ts";

describe("findings", () => {
  it("always counts violations, livelocks and failing reconcilers", () => {
    expect(findings(fixtureResult())).toEqual(["1 violation", "1 livelock", "1 failing reconciler"]);
  });

  it("is empty for a clean result, so the run passes", () => {
    expect(findings(fixtureResult({ violations: [], nonConverging: [], keepsFailing: [] }))).toEqual([]);
  });

  it("adds the outcomes --fail-on names, in a fixed order", () => {
    const clean = fixtureResult({ violations: [], nonConverging: [], keepsFailing: [], complete: false });
    expect(findings(clean, ["incomplete", "max-depth", "nondeterministic", "error", "aborted"])).toEqual([
      "3 aborted states",
      "2 states cut off at max depth",
      "1 state aborted by an error",
      "1 nondeterministic reconciler",
      "an incomplete search",
    ]);
    expect(findings(fixtureResult({ violations: [], nonConverging: [], keepsFailing: [], abortedStates: [resultState("x", "limit")], nondeterministic: [] }), ["max-depth", "nondeterministic"])).toEqual([]);
  });
});
