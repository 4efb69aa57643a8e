import { describe, expect, it } from "vitest";
import { deepFreeze, isDeepFrozen } from "../../src/objects/deepFreeze.ts";

describe("deepFreeze", () => {
  it("freezes every nested object and array and returns the same reference", () => {
    const obj = { metadata: { labels: { a: "1" } }, spec: { ports: [{ port: 80 }] } };
    expect(deepFreeze(obj)).toBe(obj);
    expect(Object.isFrozen(obj.metadata.labels)).toBe(true);
    expect(Object.isFrozen(obj.spec.ports)).toBe(true);
    expect(Object.isFrozen(obj.spec.ports[0])).toBe(true);
    expect(() => {
      (obj.spec.ports[0] as { port: number }).port = 1;
    }).toThrow(TypeError);
  });

  it("handles cycles", () => {
    const a: Record<string, unknown> = {};
    a.self = a;
    deepFreeze(a);
    expect(Object.isFrozen(a)).toBe(true);
  });

  it("freezes the unfrozen children of an object that was frozen only at the top", () => {
    const obj = Object.freeze({ inner: { x: 1 } });
    expect(isDeepFrozen(obj)).toBe(false);
    deepFreeze(obj);
    expect(Object.isFrozen(obj.inner)).toBe(true);
    expect(isDeepFrozen(obj)).toBe(true);
  });

  it("isDeepFrozen is true for primitives and for what deepFreeze froze, false otherwise", () => {
    expect(isDeepFrozen("x")).toBe(true);
    expect(isDeepFrozen({})).toBe(false);
    const o = deepFreeze({ a: { b: 1 } });
    expect(isDeepFrozen(o)).toBe(true);
    expect(isDeepFrozen(o.a)).toBe(true);
  });

  it("returns primitives unchanged", () => {
    expect(deepFreeze(3)).toBe(3);
    expect(deepFreeze(null)).toBe(null);
  });
});
