import { describe, expect, it } from "vitest";
import type { ExploreResult, ResultState, Violation } from "../../src/explore/exploreResult.ts";
import { testFileSlug, testName } from "../../src/results/testName.ts";

function violation(invariant: string, stateId: string): Violation {
  return { invariant, message: "violated", stateId, path: [] };
}

function resultWith(violations: Violation[]): ExploreResult {
  return { violations, nonConverging: [], keepsFailing: [] } as unknown as ExploreResult;
}

describe("testName", () => {
  const state = (reason: ResultState["reason"], extra: Partial<ResultState> = {}) => ({ id: "0123456789abcdef", reason, ...extra }) as ResultState;

  it("names a test after what it asserts, with the state id's first 8 characters where the outcome alone does not tell states apart", () => {
    const result = resultWith([violation("No more pods!", "0123456789abcdef")]);
    expect(testName(result, violation("No more pods!", "0123456789abcdef"))).toBe("violation-no-more-pods");
    expect(testName(result, state("invariant"))).toBe("violation-no-more-pods");
    expect(testName(result, state("livelock"))).toBe("livelock-01234567");
    expect(testName(result, state("keeps-failing", { failedReconcile: { reconcilerId: "PodSpawner", request: { namespace: "default", name: "foo" } } }))).toBe("keeps-failing-podspawner-01234567");
    expect(testName(result, state("converged"))).toBe("converged-01234567");
  });
});

describe("testFileSlug", () => {
  it("keeps lower case letters, digits and single dashes, at most 60 characters, and never nothing", () => {
    expect(testFileSlug("Duplicate Invariant!")).toBe("duplicate-invariant");
    expect(testFileSlug("x".repeat(70))).toBe("x".repeat(60));
    expect(testFileSlug("!!!")).toBe("x");
  });
});
