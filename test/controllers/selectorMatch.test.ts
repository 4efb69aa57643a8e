import { describe, expect, it } from "vitest";
import { isEmptySelector, mapSelectorMatches, selectorMatches } from "../../src/controllers/selectorMatch.ts";

describe("selectorMatches", () => {
  it("requires every matchLabels pair and every expression", () => {
    const sel = {
      matchLabels: { app: "web" },
      matchExpressions: [
        { key: "tier", operator: "In" as const, values: ["fe", "be"] },
        { key: "env", operator: "NotIn" as const, values: ["prod"] },
        { key: "team", operator: "Exists" as const },
        { key: "legacy", operator: "DoesNotExist" as const },
      ],
    };
    expect(selectorMatches(sel, { app: "web", tier: "fe", team: "a" })).toBe(true);
    expect(selectorMatches(sel, { app: "web", tier: "fe", team: "a", env: "prod" })).toBe(false);
    expect(selectorMatches(sel, { app: "web", tier: "db", team: "a" })).toBe(false);
    expect(selectorMatches(sel, { app: "web", tier: "fe" })).toBe(false);
    expect(selectorMatches(sel, { app: "web", tier: "fe", team: "a", legacy: "" })).toBe(false);
    expect(selectorMatches(sel, undefined)).toBe(false);
  });

  it("matches everything with an empty selector, which counts as empty", () => {
    expect(selectorMatches({}, { any: "thing" })).toBe(true);
    expect(isEmptySelector({})).toBe(true);
    expect(isEmptySelector({ matchLabels: { a: "b" } })).toBe(false);
  });

  it("rejects an unknown operator with a clear message", () => {
    expect(() => selectorMatches({ matchExpressions: [{ key: "a", operator: "Gt" as never }] }, {})).toThrow('"Gt" is not a valid label selector operator');
  });
});

describe("mapSelectorMatches", () => {
  it("selects nothing with an empty or missing Service selector", () => {
    expect(mapSelectorMatches({ app: "web" }, { app: "web", x: "y" })).toBe(true);
    expect(mapSelectorMatches({ app: "web" }, { app: "api" })).toBe(false);
    expect(mapSelectorMatches({}, { app: "web" })).toBe(false);
    expect(mapSelectorMatches(undefined, { app: "web" })).toBe(false);
  });
});
