import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { canonicalJson } from "../../src/objects/canonicalJson.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";
import { MASKED_TIMESTAMP, normalizeForIdentity, parseMaskPath } from "../../src/objects/identityMask.ts";

function foo(meta: Record<string, unknown>, status?: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: "example.com/v1", kind: "Foo", metadata: { name: "a", namespace: "ns", uid: "u-1", ...meta }, spec: { x: 1 }, ...(status ? { status } : {}) };
}

const same = (a: unknown, b: unknown, masks?: string[]): boolean =>
  canonicalJson(normalizeForIdentity(a, masks)) === canonicalJson(normalizeForIdentity(b, masks));

describe("normalizeForIdentity", () => {
  it("objects differing only in resourceVersion, managedFields and creationTimestamp are the same", () => {
    expect(
      same(
        foo({ resourceVersion: "3", creationTimestamp: "2024-01-01T00:00:00Z", managedFields: [{ manager: "a" }] }),
        foo({ resourceVersion: "9", creationTimestamp: "2024-01-01T00:05:00Z" }),
      ),
    ).toBe(true);
  });

  it("deletionTimestamp keeps its presence but not its value", () => {
    const t1 = foo({ deletionTimestamp: "2024-01-01T00:00:00Z" });
    const t2 = foo({ deletionTimestamp: new Date(5000) });
    expect(same(t1, t2)).toBe(true);
    expect(same(t1, foo({}))).toBe(false);
  });

  it("condition lastTransitionTimes and any RFC 3339 timestamp string are masked, but not other strings", () => {
    const a = foo({}, { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2024-01-01T00:00:00Z" }], startedAt: "2024-01-01T00:00:00.5+02:00" });
    const b = foo({}, { conditions: [{ type: "Ready", status: "True", lastTransitionTime: "2025-06-01T10:00:00Z" }], startedAt: "2030-01-01T00:00:00Z" });
    expect(same(a, b)).toBe(true);
    expect(same(a, foo({}, { conditions: [{ type: "Ready", status: "False", lastTransitionTime: "2024-01-01T00:00:00Z" }], startedAt: "x" }))).toBe(false);
    expect(normalizeForIdentity({ s: "2024-01-01" })).toEqual({ s: "2024-01-01" });
    expect(normalizeForIdentity({ s: "2024-01-01T00:00:00Z" })).toEqual({ s: MASKED_TIMESTAMP });
  });

  it("the absolute generation is dropped and observedGeneration becomes generation − observedGeneration", () => {
    const caughtUp3 = foo({ generation: 3 }, { observedGeneration: 3, conditions: [{ type: "Ready", observedGeneration: 2 }] });
    const caughtUp7 = foo({ generation: 7 }, { observedGeneration: 7, conditions: [{ type: "Ready", observedGeneration: 6 }] });
    const behind = foo({ generation: 7 }, { observedGeneration: 6, conditions: [{ type: "Ready", observedGeneration: 6 }] });
    expect(same(caughtUp3, caughtUp7)).toBe(true);
    expect(same(caughtUp7, behind)).toBe(false);
    expect(normalizeForIdentity(caughtUp7)).toMatchObject({ status: { observedGeneration: 0, conditions: [{ observedGeneration: 1 }] } });
    expect((normalizeForIdentity(caughtUp7) as { metadata: Record<string, unknown> }).metadata.generation).toBeUndefined();
  });

  it("observedGeneration is kept as it is when the object has no generation", () => {
    expect(normalizeForIdentity(foo({}, { observedGeneration: 4 }))).toMatchObject({ status: { observedGeneration: 4 } });
  });

  it("uids, names, labels and spec still tell objects apart", () => {
    expect(same(foo({}), foo({ uid: "u-2" }))).toBe(false);
    expect(same(foo({}), foo({ labels: { a: "b" } }))).toBe(false);
    expect(same(foo({}), { ...foo({}), spec: { x: 2 } })).toBe(false);
  });

  it("never mutates its input, frozen or not", () => {
    const input = foo({ resourceVersion: "3", generation: 2 }, { observedGeneration: 1 });
    const before = JSON.stringify(input);
    normalizeForIdentity(input, ["spec.x"]);
    expect(JSON.stringify(input)).toBe(before);
    expect(() => normalizeForIdentity(deepFreeze(foo({ resourceVersion: "3" })), ["spec"])).not.toThrow();
  });

  it("a user mask removes the addressed field", () => {
    const a = foo({}, { lastProbe: "x", phase: "Running" });
    const b = foo({}, { lastProbe: "y", phase: "Running" });
    expect(same(a, b)).toBe(false);
    expect(same(a, b, ["status.lastProbe"])).toBe(true);
    expect(normalizeForIdentity(a, ["status.lastProbe"])).toMatchObject({ status: { phase: "Running" } });
  });

  it("a user mask reaches annotation keys that contain dots without escaping", () => {
    const a = foo({ annotations: { "example.com/seen": "1", keep: "k" } });
    expect(normalizeForIdentity(a, ["metadata.annotations.example.com/seen"])).toMatchObject({ metadata: { annotations: { keep: "k" } } });
    expect((normalizeForIdentity(a, ["metadata.annotations.example\\.com/seen"]) as { metadata: { annotations: object } }).metadata.annotations).toEqual({ keep: "k" });
  });

  it("a * segment masks every key or array element", () => {
    const a = foo({}, { conditions: [{ type: "A", reason: "r1" }, { type: "B", reason: "r2" }] });
    expect(normalizeForIdentity(a, ["status.conditions.*.reason"])).toMatchObject({ status: { conditions: [{ type: "A" }, { type: "B" }] } });
    expect(normalizeForIdentity({ m: { a: 1, b: 2 } }, ["m.*"])).toEqual({ m: {} });
  });

  it("a mask on an array element replaces it by null so the other positions stay put", () => {
    expect(normalizeForIdentity({ l: ["a", "b", "c"] }, ["l.1"])).toEqual({ l: ["a", null, "c"] });
  });

  it("a mask that matches nothing changes nothing", () => {
    expect(normalizeForIdentity({ a: 1 }, ["b.c", "a.x"])).toEqual({ a: 1 });
  });
});

describe("parseMaskPath", () => {
  it("splits on dots and honours escapes", () => {
    expect(parseMaskPath("a.b\\.c.*.\\*.d\\\\e")).toEqual([
      { wildcard: false, key: "a" },
      { wildcard: false, key: "b.c" },
      { wildcard: true },
      { wildcard: false, key: "*" },
      { wildcard: false, key: "d\\e" },
    ]);
  });

  it.each(["", "a..b", "a.", ".a", "a\\x"])("rejects the malformed mask %j with a KameraError", (mask) => {
    expect(() => parseMaskPath(mask)).toThrow(KameraError);
  });
});
