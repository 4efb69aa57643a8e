import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { checkCrd } from "../../src/serveApi/crdValidation.ts";

function crd(spec: { group?: string; scope?: string; plural?: string; kind?: string }, established = true): KubeObject {
  const { group = "example.com", scope = "Namespaced", plural = "widgets", kind = "Widget" } = spec;
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: { group, scope, names: { plural, kind }, versions: [{ name: "v1", served: true, storage: true }] },
    status: { conditions: [{ type: "Established", status: established ? "True" : "False" }] },
  } as KubeObject;
}

function invalidMessage(f: () => void): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(422);
    return (e as ApiError).message;
  }
  throw new Error("expected Invalid");
}

describe("checkCrd", () => {
  it("on create, the name must be <plural>.<group>", () => {
    expect(invalidMessage(() => checkCrd(crd({ plural: "gadgets" }), undefined))).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "widgets.example.com" is invalid: metadata.name: Invalid value: "widgets.example.com": must be spec.names.plural+"."+spec.group',
    );
  });

  it("an unsupported scope is Invalid, on create as on update", () => {
    expect(invalidMessage(() => checkCrd(crd({ scope: "Bogus" }), undefined))).toContain('spec.scope: Unsupported value: "Bogus"');
    expect(invalidMessage(() => checkCrd(crd({ scope: "Bogus" }, false), crd({}, false)))).toContain('spec.scope: Unsupported value: "Bogus"');
  });

  it("the scope and kind of an established definition are immutable", () => {
    expect(invalidMessage(() => checkCrd(crd({ scope: "Cluster" }), crd({})))).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "widgets.example.com" is invalid: spec.scope: Invalid value: "Cluster": field is immutable',
    );
    expect(invalidMessage(() => checkCrd(crd({ kind: "Gadget" }), crd({})))).toContain('spec.names.kind: Invalid value: "Gadget": field is immutable');
  });

  it("the scope and kind of a definition not established may change", () => {
    expect(() => checkCrd(crd({ scope: "Cluster", kind: "Gadget" }, false), crd({}, false))).not.toThrow();
  });

  it("the group and plural never change, established or not", () => {
    const message = invalidMessage(() => checkCrd(crd({ group: "other.io", plural: "gadgets" }, false), crd({}, false)));
    expect(message).toContain('spec.group: Invalid value: "other.io": field is immutable');
    expect(message).toContain('spec.names.plural: Invalid value: "gadgets": field is immutable');
  });

  it("an update that keeps the immutable fields is valid", () => {
    expect(() => checkCrd(crd({}), crd({}))).not.toThrow();
  });
});
