import { describe, expect, it } from "vitest";
import { ChoiceDriver, siblingPrefixes } from "../../src/explore/choiceDriver.ts";

/** Runs a "reconcile" that makes the given choices, enumerating every combination as the explorer does. */
function enumerate(run: (d: ChoiceDriver) => string): string[] {
  const out: string[] = [];
  const prefixes: number[][] = [[]];
  while (prefixes.length) {
    const prefix = prefixes.pop()!;
    const d = new ChoiceDriver(prefix);
    out.push(run(d));
    prefixes.push(...siblingPrefixes(prefix.length, d.taken, d.counts));
  }
  return out;
}

describe("ctx.choose enumeration", () => {
  it("runs every combination of options exactly once, in lexicographic order", () => {
    const seen = enumerate((d) => d.choose("a", ["x", "y"]) + d.choose("b", ["1", "2", "3"]));
    expect(seen).toEqual(["x1", "x2", "x3", "y1", "y2", "y3"]);
  });

  it("follows choices that depend on earlier ones", () => {
    const seen = enumerate((d) => {
      const first = d.choose("first", ["stop", "go"]);
      return first === "stop" ? "stop" : `go-${d.choose("second", ["a", "b"])}`;
    });
    expect(seen).toEqual(["stop", "go-a", "go-b"]);
  });

  it("labels each pick as label=index", () => {
    const d = new ChoiceDriver([1]);
    d.choose("replicas", [1, 2]);
    expect(d.describe()).toEqual(["replicas=1"]);
  });

  it("an empty option list is an error", () => {
    expect(() => new ChoiceDriver([]).choose("x", [])).toThrow(/non-empty array/);
  });
});
