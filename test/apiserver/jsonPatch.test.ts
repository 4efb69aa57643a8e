import { describe, expect, it } from "vitest";
import { ApiError, isInvalid } from "../../src/apiserver/apiError.ts";
import { applyJsonPatch, type JsonPatchOperation } from "../../src/apiserver/jsonPatch.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";

const cm = () => deepFreeze({ metadata: { name: "cfg", labels: { a: "1" }, finalizers: ["x"] }, data: { k: "v" } });

function failure(ops: unknown, target: object = cm()): ApiError {
  try {
    applyJsonPatch(target, ops);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    return e as ApiError;
  }
  throw new Error("the patch applied");
}

describe("applyJsonPatch (RFC 6902)", () => {
  it("applies add, remove, replace, move, copy and test in order", () => {
    const out = applyJsonPatch(cm(), [
      { op: "test", path: "/data/k", value: "v" },
      { op: "add", path: "/metadata/labels/b", value: "2" },
      { op: "replace", path: "/data/k", value: "w" },
      { op: "copy", from: "/data/k", path: "/data/k2" },
      { op: "move", from: "/metadata/labels/a", path: "/metadata/labels/c" },
      { op: "add", path: "/metadata/finalizers/-", value: "y" },
      { op: "remove", path: "/metadata/finalizers/0" },
    ]);
    expect(out).toEqual({ metadata: { name: "cfg", labels: { b: "2", c: "1" }, finalizers: ["y"] }, data: { k: "w", k2: "w" } });
  });

  it("unescapes ~1 and ~0 in paths", () => {
    const out = applyJsonPatch({ metadata: { annotations: {} } }, [{ op: "add", path: "/metadata/annotations/example.com~1a~0b", value: "1" }]);
    expect(out).toEqual({ metadata: { annotations: { "example.com/a~b": "1" } } });
  });

  it("a failing test is a 422 Invalid and nothing is applied", () => {
    const target = cm();
    const e = failure([{ op: "replace", path: "/data/k", value: "w" }, { op: "test", path: "/data/k", value: "v" }], target);
    expect(e.code).toBe(422);
    expect(isInvalid(e)).toBe(true);
    expect(e.message).toBe("the server rejected our request due to an error in our request");
    expect(e.body.details?.causes?.[0]?.message).toBe("testing value /data/k failed: test failed");
    expect(target.data.k).toBe("v");
  });

  it("a path that does not resolve is a 422 Invalid naming the path", () => {
    const e = failure([{ op: "replace", path: "/spec/replicas", value: 2 }]);
    expect(e.code).toBe(422);
    expect(e.body.details?.causes?.[0]?.message).toBe('replace operation does not apply: doc is missing path: "/spec/replicas": missing value');
    expect(failure([{ op: "remove", path: "/data/nope" }]).code).toBe(422);
    expect(failure([{ op: "add", path: "/a/b/c", value: 1 }]).code).toBe(422);
    expect(failure([{ op: "move", from: "/nope", path: "/x" }]).body.details?.causes?.[0]?.message).toContain('missing from path: "/nope"');
  });

  it("an unknown operation is a 422 Invalid", () => {
    const e = failure([{ op: "_get", path: "/data" }]);
    expect(e.code).toBe(422);
    expect(e.body.details?.causes?.[0]?.message).toBe("Unexpected kind: _get");
  });

  it("a patch that is not a list of operations is a BadRequest", () => {
    expect(failure({ op: "add" }).code).toBe(400);
    expect(failure(["add"]).code).toBe(400);
  });

  it("does not mutate its inputs and does not alias the patch's values", () => {
    const value = { nested: [1] };
    const ops: JsonPatchOperation[] = [{ op: "add", path: "/data/obj", value }];
    const out = applyJsonPatch(cm(), ops) as unknown as { data: { obj: { nested: number[] } } };
    out.data.obj.nested.push(2);
    expect(value.nested).toEqual([1]);
    const unfrozen = { data: { k: "v" } };
    applyJsonPatch(unfrozen, [{ op: "remove", path: "/data/k" }]);
    expect(unfrozen).toEqual({ data: { k: "v" } });
  });

  it("replacing the whole document with a non-object is a 422 Invalid", () => {
    expect(failure([{ op: "replace", path: "", value: 3 }]).code).toBe(422);
  });
});
