import { describe, expect, it } from "vitest";
import { parseBudget } from "../../src/compare/budget.ts";
import { quartiles } from "../../src/compare/quartiles.ts";
import { parseStrategy } from "../../src/compare/strategySpec.ts";
import { seedRanges } from "../../src/compare/comparisonTable.ts";

describe("budgets, strategies and quartiles as the command line and tables write them", () => {
  it("a budget is reconciles, states or seconds", () => {
    expect(parseBudget("5000r")).toEqual({ reconciles: 5000 });
    expect(parseBudget("reconciles=5_000")).toEqual({ reconciles: 5000 });
    expect(parseBudget("states=20000")).toEqual({ states: 20000 });
    expect(parseBudget("30s")).toEqual({ seconds: 30 });
    expect(parseBudget("seconds=0.5")).toEqual({ seconds: 0.5 });
    expect(() => parseBudget("5000")).toThrow(/is not one of/);
    expect(() => parseBudget("states=0")).toThrow(/must be a positive integer/);
    expect(() => parseBudget("states=1.5")).toThrow(/must be a positive integer/);
  });

  it("a strategy is a name with walk parameters after colons", () => {
    expect(parseStrategy("dfs")).toEqual({ name: "dfs", strategy: "dfs", seeded: false });
    expect(parseStrategy("random")).toEqual({ name: "random", strategy: "random", seeded: true });
    expect(parseStrategy("pct:depth=2:steps=40")).toEqual({ name: "pct:depth=2:steps=40", strategy: { walk: "pct", depth: 2, steps: 40 }, seeded: true });
    expect(parseStrategy("delay-bounded:delays=0").strategy).toEqual({ walk: "delay-bounded", delays: 0 });
    expect(() => parseStrategy("bfs:depth=2")).toThrow(/bfs takes no parameters/);
    expect(() => parseStrategy("coverage:depth=2")).toThrow(/coverage has no parameter "depth"/);
    expect(parseStrategy("pos")).toEqual({ name: "pos", strategy: { walk: "pos" }, seeded: true });
    expect(parseStrategy("random-walk:length=30").strategy).toEqual({ walk: "random-walk", length: 30 });
    expect(() => parseStrategy("pct:depth=1:depth=3")).toThrow(/parameter "depth" is given twice/);
    expect(() => parseStrategy("pos:depth=2")).toThrow(/pos has no parameter "depth"; its parameters: walks, length/);
    expect(() => parseStrategy("delay-bounded:delays=-1")).toThrow(/parameter "delays=-1" is not key=integer/);
    expect(() => parseStrategy("pct:depth=99999999999999999999")).toThrow(/pct's depth must be at most 9007199254740991/);
    expect(() => parseStrategy("pct:depth=100000000")).toThrow(/pct's depth must be at most 100/);
  });

  it("quartiles interpolate between order statistics, and a miss (Infinity) sorts last", () => {
    expect(quartiles([1, 2, 3, 4])).toEqual({ q1: 1.75, median: 2.5, q3: 3.25 });
    expect(quartiles([5])).toEqual({ q1: 5, median: 5, q3: 5 });
    expect(quartiles([10, Infinity, 20])).toEqual({ q1: 15, median: 20, q3: Infinity });
    expect(quartiles([Infinity, Infinity, 1]).median).toBe(Infinity);
  });

  it("seeds print as ranges", () => {
    expect(seedRanges([5, 1, 2, 3, 7, 8])).toBe("1-3,5,7-8");
    expect(seedRanges([])).toBe("");
  });
});
