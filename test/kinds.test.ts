import { describe, expect, it } from "vitest";
import { KindRegistry, kindOf, parseKind, parseKindIn } from "../src/kinds.ts";
import { KameraError } from "../src/kameraError.ts";
import { ExplorerBuilder } from "../src/explore/explorerBuilder.ts";

describe("kinds", () => {
  it("a kind is written <group>/<Kind> with core for the core group", () => {
    expect(parseKind("core/Pod")).toEqual({ group: "", name: "Pod", kind: "core/Pod" });
    expect(parseKind("webapp.example.com/Foo").group).toBe("webapp.example.com");
  });

  it("a bare kind is an error that names the string and shows the expected form", () => {
    expect(() => parseKind("Pod")).toThrow(KameraError);
    expect(() => parseKind("Pod")).toThrow(/kind "Pod" is not valid: did you mean "core\/Pod"\? expected "<group>\/<Kind>"/);
    expect(() => parseKind("apps/deployment")).toThrow(/not valid/);
    expect(() => parseKind("ZookeeperCluster.zookeeper.pravega.io")).toThrow(/not valid/);
  });

  it("a version written where the group belongs is an error that suggests the group, never a group named v1", () => {
    expect(() => parseKind("v1/Pod")).toThrow('kind "v1/Pod" is not valid: "v1" is a version, not an API group: did you mean "core/Pod"?');
    expect(() => parseKind("v1beta1/Deployment")).toThrow('"v1beta1" is a version, not an API group: did you mean "apps/Deployment"?');
    expect(() => parseKindIn("v1/Pod", ".owns(...)")).toThrow('"v1/Pod" in .owns(...): "v1" is a version, not an API group: did you mean "core/Pod"? (kinds are written "<group>/<Kind>"');
    expect(() => kindOf({ apiVersion: "v1/v1", kind: "Pod" })).toThrow('apiVersion "v1/v1" of Pod is not valid: "v1" is a version, not an API group');
    // Groups that merely start like a version are groups.
    expect(parseKind("v1.example.com/Foo").group).toBe("v1.example.com");
    expect(parseKind("v1x/Foo").group).toBe("v1x");
  });

  it("an apiVersion written where a kind belongs is an error that says so, not a capitalized guess", () => {
    expect(() => parseKindIn("apps/v1", ".for(...)")).toThrow('"apps/v1" in .for(...): "apps/v1" is an apiVersion, not a kind: write "apps/<Kind>" (kinds are written "<group>/<Kind>"');
    expect(() => parseKind("example.com/v1alpha1")).toThrow('"example.com/v1alpha1" is an apiVersion, not a kind: write "example.com/<Kind>"; expected "<group>/<Kind>"');
    expect(() => parseKind("v1")).toThrow('"v1" is an apiVersion, not a kind: write "core/<Kind>"');
  });

  it("an invariant listing a kind with a version for its group fails the exploration instead of seeing no objects", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for("core/ConfigMap");
    eb.withInvariant("at most one pod", (s) => s.list("v1/Pod").length <= 1);
    const initial = eb.initialState().addTopLevelObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } }, "R").build();
    await expect(eb.build().explore(initial)).rejects.toThrow('invariant "at most one pod": kind "v1/Pod" is not valid: "v1" is a version, not an API group: did you mean "core/Pod"?');
    expect(() => new ExplorerBuilder().withReconciler("R", () => ({ reconcile() {} })).owns("v1/Pod")).toThrow(KameraError);
  });

  it("an object's kind comes from apiVersion and kind", () => {
    expect(kindOf({ apiVersion: "v1", kind: "Pod" })).toBe("core/Pod");
    expect(kindOf({ apiVersion: "apps/v1", kind: "Deployment" })).toBe("apps/Deployment");
    expect(() => kindOf({ kind: "Pod" })).toThrow(/no valid apiVersion\/kind/);
    expect(() => kindOf({ apiVersion: "a/b/c", kind: "Pod" })).toThrow(/apiVersion "a\/b\/c" of Pod is not valid/);
  });

  it("built-in scopes, generation and status subresources follow the real server", () => {
    const kinds = new KindRegistry();
    expect(kinds.info("core/Namespace").scope).toBe("Cluster");
    expect(kinds.info("core/Pod").scope).toBe("Namespaced");
    expect(kinds.info("apps/Deployment").hasGeneration).toBe(true);
    expect(kinds.info("core/ConfigMap").hasGeneration).toBe(false);
    expect(kinds.info("core/ConfigMap").statusSubresource).toBe(false);
    expect(kinds.info("example.com/Foo")).toMatchObject({ custom: true, hasGeneration: true, scope: "Namespaced" });
  });

  it("withKind declarations override scope and status subresource", () => {
    const kinds = new KindRegistry();
    kinds.declare("example.com/Cluster", { scope: "Cluster", statusSubresource: false });
    expect(kinds.info("example.com/Cluster")).toMatchObject({ scope: "Cluster", statusSubresource: false });
    expect(() => kinds.declare("Cluster")).toThrow(KameraError);
  });

  it("withKind options are checked: a misspelt or mistyped one is an error, not the default", () => {
    const kinds = new KindRegistry();
    expect(() => kinds.declare("example.com/Widget", { scoped: "Cluster" } as never)).toThrow('withKind("example.com/Widget"): unknown option "scoped"; did you mean "scope"?');
    expect(() => kinds.declare("example.com/Widget", { statusSubresource: "no" } as never)).toThrow('withKind("example.com/Widget"): statusSubresource must be true or false, got "no"');
    expect(() => kinds.declare("example.com/Widget", { hasGeneration: 0 } as never)).toThrow("hasGeneration must be true or false, got 0");
    expect(() => kinds.declare("example.com/Widget", { plural: 3 } as never)).toThrow('plural must be a resource name such as "widgets", got 3');
    expect(() => kinds.declare("example.com/Widget", "Cluster" as never)).toThrow("options must be an object");
    expect(kinds.declaredKinds()).toEqual([]);
  });

  it("a kind declared after its facts were first asked for reads as declared from then on", () => {
    const kinds = new KindRegistry();
    expect(kinds.info("example.com/Widget")).toMatchObject({ scope: "Namespaced", resource: "widgets.example.com" });
    expect(kinds.info("example.com/Widget")).toBe(kinds.info("example.com/Widget"));
    kinds.declare("example.com/Widget", { scope: "Cluster", plural: "widgetz" });
    expect(kinds.info("example.com/Widget")).toMatchObject({ scope: "Cluster", resource: "widgetz.example.com" });
    // Another registry derives its own facts, untouched by this one's declarations.
    expect(new KindRegistry().info("example.com/Widget")).toMatchObject({ scope: "Namespaced", resource: "widgets.example.com" });
    expect(() => kinds.info("Widget")).toThrow(KameraError);
    expect(() => kinds.info("Widget")).toThrow(KameraError);
  });
});
