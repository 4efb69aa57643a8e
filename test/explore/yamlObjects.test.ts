import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError } from "../../src/index.ts";

const manifests = `
apiVersion: v1
kind: ConfigMap
metadata:
  name: settings
  namespace: default
data:
  mode: fast
---
apiVersion: webapp.example.com/v1
kind: Foo
metadata: { name: foo, namespace: default }
spec: { mode: A }
---
`;

describe("initialState().addYaml", () => {
  it("adds every document of a multi-document text, as kubectl apply -f reads it", () => {
    const eb = new ExplorerBuilder();
    const initial = eb.initialState().addYaml(manifests).build();
    expect(initial.objects.map((o) => `${o.kind} ${o.object.metadata!.name}`)).toEqual(["core/ConfigMap settings", "webapp.example.com/Foo foo"]);
    expect(initial.objects[0]!.object).toMatchObject({ data: { mode: "fast" } });
    expect(initial.pending).toEqual([]);
  });

  it("makes each object top-level for the reconcilers it names", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", () => ({ reconcile() {} })).for("webapp.example.com/Foo");
    const initial = eb.initialState().addYaml("apiVersion: webapp.example.com/v1\nkind: Foo\nmetadata: {name: foo, namespace: default}\n", "FooController").build();
    expect(initial.pending).toEqual([{ reconcilerId: "FooController", request: { namespace: "default", name: "foo" } }]);
  });

  it("expands a kind: List into its items", () => {
    const list = "apiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: a, namespace: default}}\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b, namespace: default}}\n";
    expect(new ExplorerBuilder().initialState().addYaml(list).build().objects.map((o) => o.object.metadata!.name)).toEqual(["a", "b"]);
  });

  it("names the document and line of a syntax error, and of a document that is not an object", () => {
    const eb = new ExplorerBuilder();
    expect(() => eb.initialState().addYaml("apiVersion: v1\nkind: ConfigMap\n---\nmetadata: [unclosed\n")).toThrow(/^addYaml: document 2 \(line 5\): Flow sequence/); // where the parser found the sequence unclosed
    expect(() => eb.initialState().addYaml("- a\n- b\n")).toThrow(new KameraError("addYaml: document 1 (line 1): expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got a list"));
  });

  it("validates each object as addObject does", () => {
    expect(() => new ExplorerBuilder().initialState().addYaml("apiVersion: core/v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n")).toThrow(/apiVersion "core\/v1" of ConfigMap is not valid/);
    expect(() => new ExplorerBuilder().initialState().addYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {namespace: default}\n", "R")).toThrow(/^addYaml: ConfigMap default\/\(no name\) has no metadata.name$/);
  });

  it("puts an object of a namespaced kind that names no namespace into default, as kubectl apply -f does", () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", () => ({ reconcile: async () => {} })).for("webapp.example.com/Foo");
    eb.withKind("example.com/Cluster", { scope: "Cluster" });
    const yaml = "apiVersion: webapp.example.com/v1\nkind: Foo\nmetadata: {name: foo}\n---\napiVersion: example.com/v1\nkind: Cluster\nmetadata: {name: c}\n---\napiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n";
    const initial = eb.initialState().addYaml(yaml, "FooController").build();
    expect(initial.objects.map((o) => o.object.metadata!.namespace)).toEqual(["default", undefined, undefined]);
    expect(initial.pending[0]).toEqual({ reconcilerId: "FooController", request: { namespace: "default", name: "foo" } });
    // Only YAML is read as kubectl reads it: an object given in code must say where it goes.
    expect(() => eb.initialState().addObject({ apiVersion: "webapp.example.com/v1", kind: "Foo", metadata: { name: "foo" } })).toThrow(/addObject: Foo foo is of namespaced kind/);
  });
});
