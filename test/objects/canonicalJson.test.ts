import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { canonicalJson } from "../../src/objects/canonicalJson.ts";

describe("canonicalJson", () => {
  it("sorts integer-like keys as strings, not in JavaScript's numeric enumeration order", () => {
    // JavaScript enumerates {"10","9","b","a"} as 9, 10, b, a; code-unit order is "10" < "9" < "a" < "b".
    expect(canonicalJson({ b: 1, a: 2, 9: "nine", 10: "ten" })).toBe('{"10":"ten","9":"nine","a":2,"b":1}');
    expect(canonicalJson({ "2": 0, "-1": 0, "01": 0, "1": 0 })).toBe('{"-1":0,"01":0,"1":0,"2":0}');
  });

  it("sorts by UTF-16 code units, so astral characters sort by their surrogates", () => {
    // U+1F600 is \ud83d\ude00, which sorts before U+FF5E (\uff5e) by code units though it is the larger code point.
    expect(canonicalJson({ "\uff5e": 1, "\u{1F600}": 2, Z: 3, a: 4 })).toBe('{"Z":3,"a":4,"\u{1F600}":2,"\uff5e":1}');
  });

  it("gives equal text for equal content built in different orders, at every depth", () => {
    const a = { spec: { b: [1, { y: 1, x: 2 }], a: null }, kind: "K" };
    const b = { kind: "K", spec: { a: null, b: [1, { x: 2, y: 1 }] } };
    expect(canonicalJson(a)).toBe(canonicalJson(b));
    expect(canonicalJson(a)).toBe('{"kind":"K","spec":{"a":null,"b":[1,{"x":2,"y":1}]}}');
  });

  it("leaves out undefined properties and writes undefined array elements as null", () => {
    expect(canonicalJson({ a: undefined, b: [undefined, 1] })).toBe('{"b":[null,1]}');
  });

  it("writes Dates as RFC 3339, with whole seconds when the instant has no milliseconds", () => {
    expect(canonicalJson({ t: new Date(Date.UTC(2024, 4, 1, 10, 0, 0)) })).toBe('{"t":"2024-05-01T10:00:00Z"}');
    expect(canonicalJson(new Date(1))).toBe('"1970-01-01T00:00:00.001Z"');
  });

  it("escapes strings as JSON does and round-trips through JSON.parse", () => {
    const v = { "quo\"te": "line\nbreak \u0000 é \ud800" };
    expect(JSON.parse(canonicalJson(v))).toEqual(v);
  });

  it("writes -0 as 0 and keeps numbers exact", () => {
    expect(canonicalJson([-0, 1.5, 1e21, 0.1])).toBe("[0,1.5,1e+21,0.1]");
  });

  it("encodes class instances by their own fields", () => {
    class Meta {
      name = "a";
      uid = "u";
    }
    expect(canonicalJson({ metadata: new Meta() })).toBe('{"metadata":{"name":"a","uid":"u"}}');
  });

  it.each([
    [{ spec: { replicas: Number.NaN } }, "the non-finite number NaN at $.spec.replicas"],
    [{ a: [1, Infinity] }, "the non-finite number Infinity at $.a[1]"],
    [{ "example.com/x": () => 1 }, 'a value of type function at $["example.com/x"]'],
    [{ n: 1n }, "a value of type bigint at $.n"],
    [{ m: new Map() }, "a Map, which has no JSON form at $.m"],
    [{ d: new Date(Number.NaN) }, "an invalid Date at $.d"],
  ])("rejects %o with a KameraError naming the path", (value, message) => {
    expect(() => canonicalJson(value)).toThrow(KameraError);
    expect(() => canonicalJson(value)).toThrow(`canonicalJson: cannot encode ${message}`);
  });

  it("rejects a cycle with a KameraError instead of overflowing the stack", () => {
    const a: Record<string, unknown> = { name: "a" };
    a.self = { back: a };
    expect(() => canonicalJson(a)).toThrow(KameraError);
    expect(() => canonicalJson(a)).toThrow(/^canonicalJson: cannot encode a cycle at \$\.self\.back$/);
  });

  it("encodes deeply nested acyclic values", () => {
    let v: unknown = "leaf";
    for (let i = 0; i < 500; i++) v = [v];
    expect(canonicalJson(v)).toBe(`${"[".repeat(500)}"leaf"${"]".repeat(500)}`);
  });

  it("a value nested 100,000 levels deep is a clear KameraError, not a stack overflow", () => {
    let deep: Record<string, unknown> = {};
    for (let i = 0; i < 100_000; i++) deep = { a: deep };
    expect(() => canonicalJson(deep)).toThrow(KameraError);
    expect(() => canonicalJson(deep)).toThrow(/nested deeper than 512 levels/);
    let array: unknown[] = [];
    for (let i = 0; i < 100_000; i++) array = [array];
    expect(() => canonicalJson(array)).toThrow(/nested deeper than 512 levels/);
  });

  it("encodes a value nested just within the limit", () => {
    let ok: Record<string, unknown> = {};
    for (let i = 0; i < 500; i++) ok = { a: ok };
    expect(canonicalJson(ok).length).toBe(500 * 6 + 2);
  });
});
