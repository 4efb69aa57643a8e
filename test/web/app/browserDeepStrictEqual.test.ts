import { isDeepStrictEqual as nodeEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { isDeepStrictEqual } from "../../../src/inspect/web/app/browserDeepStrictEqual.ts";

class Meta {
  constructor(readonly name: string) {}
}

const cases: [string, unknown, unknown][] = [
  ["equal nested objects", { a: [1, { b: "x" }], c: null }, { c: null, a: [1, { b: "x" }] }],
  ["a changed leaf", { a: [1, { b: "x" }] }, { a: [1, { b: "y" }] }],
  ["a missing key", { a: 1, b: undefined }, { a: 1 }],
  ["number against string", { a: 1 }, { a: "1" }],
  ["NaN against NaN", { a: NaN }, { a: NaN }],
  ["0 against -0", 0, -0],
  ["arrays of different length", [1, 2], [1, 2, 3]],
  ["array against object", [1], { 0: 1 }],
  ["equal dates", new Date(5), new Date(5)],
  ["different dates", new Date(5), new Date(6)],
  ["class instance against plain object", new Meta("a"), { name: "a" }],
  ["equal class instances", new Meta("a"), new Meta("a")],
];

describe("isDeepStrictEqual (browser build)", () => {
  it.each(cases)("agrees with node:util on %s", (_, a, b) => {
    expect(isDeepStrictEqual(a, b)).toBe(nodeEqual(a, b));
  });

  it("refuses values it cannot compare rather than answer wrongly", () => {
    expect(() => isDeepStrictEqual(new Map([[1, 2]]), new Map([[1, 3]]))).toThrow(/does not compare Map/);
  });
});
