import { describe, expect, it } from "vitest";
import { deepFreeze, deepFreezeData, isDeepFrozen } from "../../src/objects/deepFreeze.ts";

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

describe("deepFreezeData", () => {
  it("freezes every nested object and array of plain data, and marks it deeply frozen", () => {
    const obj = { metadata: { labels: { a: "1" }, finalizers: ["x"] }, spec: { ports: [{ port: 80 }, [{ deep: true }]] } };
    expect(deepFreezeData(obj)).toBe(obj);
    for (const part of [obj, obj.metadata, obj.metadata.labels, obj.metadata.finalizers, obj.spec, obj.spec.ports, obj.spec.ports[0], obj.spec.ports[1], (obj.spec.ports[1] as object[])[0]]) {
      expect(Object.isFrozen(part)).toBe(true);
    }
    expect(isDeepFrozen(obj)).toBe(true);
    expect(isDeepFrozen(obj.spec.ports)).toBe(true);
  });

  it("leaves a shared subtree that deepFreeze froze as it is, and freezes the new parts around it", () => {
    const shared = deepFreeze({ spec: { replicas: 1 } });
    const next = { metadata: { name: "n" }, spec: shared.spec, status: { ready: [1, 2] } };
    deepFreezeData(next);
    expect(next.spec).toBe(shared.spec);
    expect(Object.isFrozen(next.status.ready)).toBe(true);
    expect(isDeepFrozen(next)).toBe(true);
  });

  it("handles cycles", () => {
    const a: Record<string, unknown> = { list: [] as unknown[] };
    (a.list as unknown[]).push(a);
    deepFreezeData(a);
    expect(Object.isFrozen(a)).toBe(true);
    expect(Object.isFrozen(a.list)).toBe(true);
  });
});

describe("isDeepFrozen", () => {
  it("is true of a frozen object whose properties are all primitives, false of one with a mutable object inside or a getter", () => {
    expect(isDeepFrozen(Object.freeze({ a: 1, b: "x" }))).toBe(true);
    expect(isDeepFrozen(Object.freeze([1, 2]))).toBe(true);
    expect(isDeepFrozen(Object.freeze({ inner: { a: 1 } }))).toBe(false);
    expect(isDeepFrozen(Object.freeze(Object.defineProperty({}, "x", { get: () => ({}), enumerable: true })))).toBe(false);
    expect(isDeepFrozen({ a: 1 })).toBe(false);
  });
});
