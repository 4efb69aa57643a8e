import { describe, expect, it } from "vitest";
import { semanticEqual } from "./semanticEqual.ts";

describe("semanticEqual (equality.Semantic.DeepEqual on JSON)", () => {
  it("treats missing, undefined, null, empty objects and empty arrays as equal", () => {
    expect(semanticEqual({ a: undefined, b: {}, c: [] }, {})).toBe(true);
    expect(semanticEqual(undefined, { labels: undefined })).toBe(true);
  });

  it("ignores key order but not array order", () => {
    expect(semanticEqual({ a: 1, b: [1, 2] }, { b: [1, 2], a: 1 })).toBe(true);
    expect(semanticEqual([1, 2], [2, 1])).toBe(false);
  });

  it("sees a changed leaf deep inside", () => {
    expect(semanticEqual({ spec: { template: { image: "a" } } }, { spec: { template: { image: "b" } } })).toBe(false);
    expect(semanticEqual({ replicas: 0 }, {})).toBe(false);
  });
});
