import { describe, expect, it } from "vitest";
import { reductionOf } from "../../src/explore/exploreOptions.ts";

describe("reductionOf: the reduction explore options ask for", () => {
  it("is the partial-order reduction by default with one worker", () => {
    expect(reductionOf({})).toBe("por");
    expect(reductionOf({ workers: 1 })).toBe("por");
  });

  it("is none by default with workers (shards do not share the reduction's fixpoint)", () => {
    expect(reductionOf({ workers: 2 })).toBe("none");
  });

  it("is what `reduction` names, which wins over reduceNoOps", () => {
    expect(reductionOf({ reduction: "none" })).toBe("none");
    expect(reductionOf({ reduction: "por", workers: 2 })).toBe("por");
    expect(reductionOf({ reduction: "none", reduceNoOps: true })).toBe("none");
  });

  it("is noops for reduceNoOps: true and none for reduceNoOps: false", () => {
    expect(reductionOf({ reduceNoOps: true })).toBe("noops");
    expect(reductionOf({ reduceNoOps: false })).toBe("none");
  });
});
