import { afterEach, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { call } from "./serverRequest.ts";

const NOW = () => new Date("2026-01-01T00:00:00Z");
const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";

function crd(plural: string, group: string, kind: string, scope = "Namespaced") {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: `${plural}.${group}` },
    spec: { group, scope, names: { plural, kind }, versions: [{ name: "v1", served: true, storage: true }] },
  };
}

function condition(obj: { status?: { conditions?: { type: string }[] } }, type: string) {
  return obj.status?.conditions?.find((c) => c.type === type);
}

describe("CustomResourceDefinitions of a served cluster", () => {
  let server: ApiServer;
  afterEach(async () => {
    await server?.close();
  });

  it("changing an established definition's scope is 422 field is immutable, and its objects stay reachable", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("widgets", "example.com", "Widget"));
    await call(server, "POST", "/apis/example.com/v1/namespaces/default/widgets", { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "w1" } });
    const before = server.cluster.revision;
    const patch = [{ op: "replace", path: "/spec/scope", value: "Cluster" }];
    const r = await call(server, "PATCH", `${CRDS}/widgets.example.com`, patch, { contentType: "application/json-patch+json" });
    expect(r.status).toBe(422);
    expect(r.json.message).toBe('CustomResourceDefinition.apiextensions.k8s.io "widgets.example.com" is invalid: spec.scope: Invalid value: "Cluster": field is immutable');
    expect(server.cluster.revision).toBe(before);
    expect((await call(server, "GET", "/apis/example.com/v1/namespaces/default/widgets/w1")).status).toBe(200);
    const group = await call(server, "PATCH", `${CRDS}/widgets.example.com`, { spec: { group: "other.io" } }, { contentType: "application/merge-patch+json" });
    expect(group.json.message).toContain('spec.group: Invalid value: "other.io": field is immutable');
  });

  it("a server-side dry run of an invalid definition is 422, as the create is", async () => {
    server = await startApiServer({ now: NOW });
    const before = server.cluster.revision;
    const dry = await call(server, "POST", `${CRDS}?dryRun=All`, crd("gadgets", "example.com", "Gadget", "Bogus"));
    expect(dry.status).toBe(422);
    expect(dry.json.message).toBe(
      'CustomResourceDefinition.apiextensions.k8s.io "gadgets.example.com" is invalid: spec.scope: Unsupported value: "Bogus": supported values: "Cluster", "Namespaced"',
    );
    await call(server, "POST", CRDS, crd("gadgets", "example.com", "Gadget"));
    const patch = await call(server, "PATCH", `${CRDS}/gadgets.example.com?dryRun=All`, { spec: { scope: "Cluster" } }, { contentType: "application/merge-patch+json" });
    expect(patch.status).toBe(422);
    expect((await call(server, "POST", `${CRDS}?dryRun=All`, crd("things", "example.com", "Thing"))).status).toBe(201);
    expect(server.cluster.revision).toBe(before + 2);
  });

  it("a second definition of a kind in a group is refused and not served; deleting the first serves it", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("foos", "dup.io", "Foo"));
    await call(server, "POST", CRDS, crd("bars", "dup.io", "Foo"));
    await call(server, "POST", "/apis/dup.io/v1/namespaces/default/foos", { apiVersion: "dup.io/v1", kind: "Foo", metadata: { name: "f1" } });
    const bars = (await call(server, "GET", `${CRDS}/bars.dup.io`)).json;
    expect(condition(bars, "NamesAccepted")).toMatchObject({ status: "False", reason: "ListKindConflict", message: '"FooList" is already in use' });
    expect(condition(bars, "Established")).toMatchObject({ status: "False", reason: "NotAccepted" });
    expect(condition((await call(server, "GET", `${CRDS}/foos.dup.io`)).json, "Established")).toMatchObject({ status: "True" });
    expect((await call(server, "GET", "/apis/dup.io/v1/namespaces/default/foos")).json.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["f1"]);
    expect((await call(server, "GET", "/apis/dup.io/v1/namespaces/default/bars")).status).toBe(404);
    expect((await call(server, "GET", "/apis/dup.io/v1")).json.resources.map((x: { name: string }) => x.name)).not.toContain("bars");

    await call(server, "DELETE", `${CRDS}/foos.dup.io`);
    expect(condition((await call(server, "GET", `${CRDS}/bars.dup.io`)).json, "Established")).toMatchObject({ status: "True" });
    expect((await call(server, "GET", "/apis/dup.io/v1/namespaces/default/bars")).status).toBe(200);
  });

  it("seeded definitions are named when the server starts, and one saved as refused does not define its kind", async () => {
    const established = {
      acceptedNames: { plural: "foos", singular: "foo", kind: "Foo", listKind: "FooList" },
      conditions: [
        { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" },
        { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
      ],
    };
    const refused = {
      acceptedNames: { plural: "bars", kind: "" },
      conditions: [
        { type: "NamesAccepted", status: "False", reason: "ListKindConflict", message: '"FooList" is already in use' },
        { type: "Established", status: "False", reason: "NotAccepted", message: "not all names are accepted" },
      ],
    };
    server = await startApiServer({
      now: NOW,
      objects: [
        { ...crd("foos", "dup.io", "Foo"), status: established },
        { ...crd("bars", "dup.io", "Foo", "Cluster"), status: refused },
        crd("widgets", "example.com", "Widget"),
        { apiVersion: "dup.io/v1", kind: "Foo", metadata: { name: "f1", namespace: "default" } },
      ],
    });
    expect((await call(server, "GET", "/apis/dup.io/v1/namespaces/default/foos/f1")).status).toBe(200);
    expect((await call(server, "GET", "/apis/dup.io/v1/bars")).status).toBe(404);
    const widgets = (await call(server, "GET", `${CRDS}/widgets.example.com`)).json;
    expect(condition(widgets, "Established")).toMatchObject({ status: "True" });
    expect((await call(server, "GET", "/apis/example.com/v1/namespaces/default/widgets")).status).toBe(200);
  });
});
