import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { applyMergePatch } from "../../src/apiserver/mergePatch.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";

describe("applyMergePatch (RFC 7386)", () => {
  it("replaces scalars, merges nested objects and deletes fields set to null", () => {
    const target = { metadata: { name: "a", labels: { x: "1", y: "2" } }, spec: { replicas: 1, paused: true } };
    const out = applyMergePatch(target, { metadata: { labels: { y: null, z: "3" } }, spec: { replicas: 3, paused: null } });
    expect(out).toEqual({ metadata: { name: "a", labels: { x: "1", z: "3" } }, spec: { replicas: 3 } });
  });

  it("replaces arrays whole", () => {
    expect(applyMergePatch({ l: [1, 2, 3] }, { l: [4] })).toEqual({ l: [4] });
  });

  it("creates missing parents and replaces a scalar by an object", () => {
    expect(applyMergePatch({ a: "s" }, { a: { b: { c: 1 } }, d: { e: null } })).toEqual({ a: { b: { c: 1 } }, d: {} });
  });

  it("passes the RFC 7386 appendix examples that apply to objects", () => {
    const cases: [object, unknown, object][] = [
      [{ a: "b" }, { a: "c" }, { a: "c" }],
      [{ a: "b" }, { b: "c" }, { a: "b", b: "c" }],
      [{ a: "b" }, { a: null }, {}],
      [{ a: "b", b: "c" }, { a: null }, { b: "c" }],
      [{ a: ["b"] }, { a: "c" }, { a: "c" }],
      [{ a: "c" }, { a: ["b"] }, { a: ["b"] }],
      [{ a: { b: "c" } }, { a: { b: "d", c: null } }, { a: { b: "d" } }],
      [{ a: [{ b: "c" }] }, { a: [1] }, { a: [1] }],
      [{ e: null }, { a: 1 }, { e: null, a: 1 }],
      [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
    ];
    for (const [t, p, want] of cases) expect(applyMergePatch(t, p)).toEqual(want);
  });

  it("does not mutate frozen inputs and shares no structure with them", () => {
    const target = deepFreeze({ spec: { list: [1], keep: { k: 1 } } });
    const patch = deepFreeze({ spec: { list: [2], added: { n: 1 } } });
    const out = applyMergePatch(target, patch) as { spec: { list: number[]; keep: { k: number }; added: { n: number } } };
    out.spec.list.push(3);
    out.spec.keep.k = 2;
    out.spec.added.n = 2;
    expect(patch.spec.list).toEqual([2]);
    expect(target.spec.keep.k).toBe(1);
  });

  it("a patch that is not a JSON object is a BadRequest", () => {
    for (const p of [[1], "x", null, 3]) {
      expect(() => applyMergePatch({}, p)).toThrow(ApiError);
      try {
        applyMergePatch({}, p);
      } catch (e) {
        expect((e as ApiError).code).toBe(400);
      }
    }
  });
});
