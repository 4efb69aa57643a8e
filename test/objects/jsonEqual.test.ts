import { isDeepStrictEqual } from "node:util";
import { describe, expect, it } from "vitest";
import { jsonEqual } from "../../src/objects/jsonEqual.ts";

describe("jsonEqual", () => {
  it("agrees with isDeepStrictEqual on JSON values, whatever the key order", () => {
    const values: unknown[] = [
      null,
      0,
      1,
      "1",
      true,
      false,
      [],
      {},
      [1, 2],
      [2, 1],
      { a: 1 },
      { a: 1, b: 2 },
      { b: 2, a: 1 },
      { a: { b: [1, { c: null }] } },
      { a: { b: [1, { c: 0 }] } },
      { a: [] },
      { a: {} },
    ];
    for (const a of values) {
      for (const b of values) expect(jsonEqual(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(isDeepStrictEqual(a, b));
    }
  });

  it("tells an array from an object with the same entries", () => {
    expect(jsonEqual(["x"], { 0: "x" })).toBe(false);
  });
});
