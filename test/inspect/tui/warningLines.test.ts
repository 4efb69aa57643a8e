import { describe, expect, it } from "vitest";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import { warningLines } from "../../../src/inspect/tui/warningLines.ts";

const texts = (warnings: string[], width: number) => warningLines(warnings, width).map(lineText);

describe("warningLines", () => {
  it("numbers each warning and wraps it at spaces under its text, with a blank line between two", () => {
    expect(texts(["the first warning is long", "second"], 14)).toEqual(["1. the first", "   warning is", "   long", "", "2. second"]);
  });

  it("aligns the text after the widest number", () => {
    const ten = Array.from({ length: 10 }, (_, i) => `w${i + 1}`);
    expect(texts(ten, 20).filter((t) => t !== "")).toEqual(ten.map((w, i) => `${`${i + 1}.`.padEnd(4)}${w}`));
  });

  it("cuts a word longer than the line, and collapses newlines and runs of spaces", () => {
    expect(texts(["abcdefghij  x\ny"], 7)).toEqual(["1. abcd", "   efgh", "   ij x", "   y"]);
  });

  it("keeps every word, in order, in lines no wider than asked", () => {
    const warning = 'addTopLevelObject(core/ConfigMap default/x, "FooController"): "FooController" reconciles webapp.example.com/Foo (its .for), not core/ConfigMap';
    for (const width of [40, 80]) {
      const lines = texts([warning], width);
      for (const l of lines) expect(l.length).toBeLessThanOrEqual(width);
      expect(lines.map((l) => l.slice("1. ".length)).join(" ")).toBe(warning);
    }
  });
});
