import { describe, expect, it } from "vitest";
import { canonicalJson, fnv32a, safeEncode, sameContent, stableSuffix } from "../../src/controllers/stableHash.ts";

describe("canonicalJson", () => {
  it("sorts keys at every level and leaves undefined members out", () => {
    expect(canonicalJson({ b: 1, a: [{ y: 2, x: 1 }, undefined], c: undefined })).toBe('{"a":[{"x":1,"y":2},null],"b":1}');
    expect(sameContent({ a: 1, b: { c: 2 } }, { b: { c: 2 }, a: 1 })).toBe(true);
    expect(sameContent({ a: 1 }, { a: "1" })).toBe(false);
  });
});

describe("fnv32a", () => {
  it("matches the FNV-1a 32-bit test vectors, over UTF-8 bytes", () => {
    expect(fnv32a("")).toBe(0x811c9dc5);
    expect(fnv32a("a")).toBe(0xe40c292c);
    expect(fnv32a("foobar")).toBe(0xbf9cf968);
    // "é" is the two bytes c3 a9.
    expect(fnv32a("é")).toBe(Math.imul(Math.imul(0x811c9dc5 ^ 0xc3, 0x01000193) ^ 0xa9, 0x01000193) >>> 0);
  });
});

describe("safeEncode and stableSuffix", () => {
  it("use only the safe alphabet, and a suffix depends on its seed alone", () => {
    expect(safeEncode("0123456789")).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{10}$/);
    expect(stableSuffix("web/0")).toMatch(/^[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(stableSuffix("web/0")).toBe(stableSuffix("web/0"));
    expect(stableSuffix("web/0")).not.toBe(stableSuffix("web/1"));
  });
});

describe("sameContent agrees with comparing canonical JSON", () => {
  it("on values that differ in key order, undefined members, nesting and arrays", () => {
    const values: unknown[] = [
      null,
      undefined,
      0,
      "a",
      true,
      [],
      {},
      [1, undefined],
      [1, null],
      { a: 1, b: undefined },
      { a: 1 },
      { b: 2, a: 1 },
      { a: 1, b: 2 },
      { a: { x: [1, { y: 2 }] } },
      { a: { x: [1, { y: 3 }] } },
      { a: { x: [1, { y: 2, z: undefined }] } },
      [{ a: 1 }, { b: 2 }],
      [{ b: 2 }, { a: 1 }],
    ];
    for (const a of values) for (const b of values) expect(sameContent(a, b), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`).toBe(canonicalJson(a) === canonicalJson(b));
  });
});
