import { describe, expect, it } from "vitest";
import { fieldChanges, fieldValueText } from "../../../src/inspect/model/fieldChanges.ts";

describe("field changes between two versions", () => {
  it("lists added, removed and changed leaves in path order", () => {
    const before = { metadata: { labels: { a: "1", gone: "x" } }, spec: { replicas: 1, image: "v1" } };
    const after = { metadata: { labels: { a: "1", "app.kubernetes.io/name": "web" } }, spec: { replicas: 2, image: "v1" }, status: { ready: true } };
    expect(fieldChanges(before, after)).toEqual([
      { path: 'metadata.labels["app.kubernetes.io/name"]', change: "added", after: "web" },
      { path: "metadata.labels.gone", change: "removed", before: "x" },
      { path: "spec.replicas", change: "changed", before: 1, after: 2 },
      { path: "status", change: "added", after: { ready: true } },
    ]);
  });

  it("compares lists index by index", () => {
    expect(fieldChanges({ c: [{ image: "a" }, { image: "b" }] }, { c: [{ image: "a" }, { image: "c" }, { image: "d" }] })).toEqual([
      { path: "c[1].image", change: "changed", before: "b", after: "c" },
      { path: "c[2]", change: "added", after: { image: "d" } },
    ]);
    expect(fieldChanges({ f: ["x", "y"] }, { f: ["x"] })).toEqual([{ path: "f[1]", change: "removed", before: "y" }]);
  });

  it("treats a change of type as one change and equal values as none", () => {
    expect(fieldChanges({ a: { b: 1 } }, { a: [1] })).toEqual([{ path: "a", change: "changed", before: { b: 1 }, after: [1] }]);
    expect(fieldChanges({ a: [1, { b: null }] }, { a: [1, { b: null }] })).toEqual([]);
  });

  it("ignores fields that are undefined on both sides, as JSON would", () => {
    expect(fieldChanges({ a: undefined, b: 1 }, { b: 1 })).toEqual([]);
  });

  it("handles deep objects without recursion limits", () => {
    let a: Record<string, unknown> = { v: 1 };
    let b: Record<string, unknown> = { v: 2 };
    for (let i = 0; i < 20_000; i++) {
      a = { n: a };
      b = { n: b };
    }
    const changes = fieldChanges(a, b);
    expect(changes).toHaveLength(1);
    expect(changes[0]!.path.endsWith(".n.v")).toBe(true);
  });
});

describe("field changes as the page lists them (one list for both inspectors)", () => {
  it("reports a field added with a list value as one change, and a changed scalar by value", () => {
    expect(fieldChanges({ spec: { a: 1, gone: true } }, { spec: { a: 2, b: [1] } })).toEqual([
      { path: "spec.a", change: "changed", before: 1, after: 2 },
      { path: "spec.b", change: "added", after: [1] },
      { path: "spec.gone", change: "removed", before: true },
    ]);
  });

  it("reports emptying a map as the removal of its keys", () => {
    expect(fieldChanges({ data: { a: "1" } }, { data: {} })).toEqual([{ path: "data.a", change: "removed", before: "1" }]);
  });

  it("prints values as JSON", () => {
    expect([fieldValueText("A-1"), fieldValueText(3), fieldValueText({ ready: true }), fieldValueText(undefined)]).toEqual(['"A-1"', "3", '{"ready":true}', "undefined"]);
  });
});
