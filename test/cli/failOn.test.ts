import { describe, expect, it } from "vitest";
import { failOnWarnings, findings } from "../../src/cli/failOn.ts";
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

describe("failOnWarnings", () => {
  it("warns that --fail-on error never fires without abortOnError, which alone aborts states with reason error", () => {
    expect(failOnWarnings(["error"], {})).toEqual([expect.stringMatching(/^--fail-on error never fires without --abort-on-error/)]);
    expect(failOnWarnings(["error"], { abortOnError: true })).toEqual([]);
  });

  it("warns that --fail-on nondeterministic without determinismCheck relies on memoization alone, and never fires without it", () => {
    expect(failOnWarnings(["nondeterministic"], {})).toEqual([expect.stringMatching(/only catches reconcilers that reconcile memoization sees read differently/)]);
    expect(failOnWarnings(["nondeterministic"], { memoizeReconciles: false })).toEqual([expect.stringMatching(/never fires with --no-memoize/)]);
    expect(failOnWarnings(["nondeterministic"], { determinismCheck: true, memoizeReconciles: false })).toEqual([]);
  });

  it("says nothing about outcomes that can fire under any options", () => {
    expect(failOnWarnings(["max-depth", "aborted", "incomplete"], {})).toEqual([]);
  });
});
