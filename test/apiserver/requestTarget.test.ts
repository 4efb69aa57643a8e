import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { resolveKind, resolveRef, resolveTarget } from "../../src/apiserver/requestTarget.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { objectKeyString } from "../../src/objects/objectKey.ts";

const kinds = new KindRegistry();

function message(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    return (e as ApiError).message;
  }
  throw new Error("expected a BadRequest");
}

describe("request targets", () => {
  it("resolve apiVersion and kind to the canonical kind", () => {
    expect(resolveKind(kinds, "apps/v1", "Deployment").kind).toBe("apps/Deployment");
    expect(resolveKind(kinds, "v1", "Pod").info.resource).toBe("pods");
  });

  it("a kind that does not parse is a BadRequest naming it", () => {
    expect(message(() => resolveKind(kinds, "v1", "pod"))).toContain('kind "core/pod" is not valid');
    expect(message(() => resolveKind(kinds, "a/b/c", "Pod"))).toContain('apiVersion "a/b/c" of Pod is not valid');
  });

  it("name the object's key; a cluster-scoped kind ignores the namespace", () => {
    expect(resolveTarget(kinds, "v1", "Pod", "d", "p").key).toBe(objectKeyString("core/Pod", "d", "p"));
    expect(resolveRef(kinds, { apiVersion: "v1", kind: "Node", namespace: "x", name: "n" }).namespace).toBe("");
  });

  it("an empty name, or no namespace for a namespaced kind, is a BadRequest", () => {
    expect(message(() => resolveTarget(kinds, "v1", "Pod", "d", ""))).toBe("resource name may not be empty");
    expect(message(() => resolveTarget(kinds, "v1", "Pod", undefined, "p"))).toBe("an empty namespace may not be set when a resource name is provided");
  });
});
