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

describe("deleting a CustomResourceDefinition of a served cluster", () => {
  let server: ApiServer;
  afterEach(async () => {
    await server?.close();
  });

  const WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";
  const widget = (name: string, finalizers?: string[]) => ({
    apiVersion: "example.com/v1",
    kind: "Widget",
    metadata: { name, ...(finalizers ? { finalizers } : {}) },
  });
  const names = (list: { items: { metadata: { name: string } }[] }) => list.items.map((i) => i.metadata.name);

  it("deletes its instances and then the definition, in the delete's write", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("widgets", "example.com", "Widget"));
    await call(server, "POST", WIDGETS, widget("w1"));
    await call(server, "POST", WIDGETS, widget("w2"));
    const seen: string[] = [];
    server.cluster.subscribe((events) => seen.push(...events.map((e) => `${e.type} ${e.object.metadata!.name} ${e.revision}`)));
    const before = server.cluster.revision;
    const r = await call(server, "DELETE", `${CRDS}/widgets.example.com`);
    expect(r.status).toBe(200);
    expect(r.json.metadata.finalizers).toEqual(["customresourcecleanup.apiextensions.k8s.io"]);
    expect(r.json.metadata.deletionTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(condition(r.json, "Terminating")).toMatchObject({ status: "True", reason: "InstanceDeletionPending" });
    const crdRevs = [1, 2, 3, 4].map((i) => before + i);
    expect(seen).toEqual([
      ...crdRevs.map((rev) => `MODIFIED widgets.example.com ${rev}`),
      `DELETED w1 ${before + 5}`,
      `DELETED w2 ${before + 6}`,
      `DELETED widgets.example.com ${before + 7}`,
    ]);
    expect((await call(server, "GET", `${CRDS}/widgets.example.com`)).status).toBe(404);
    expect((await call(server, "GET", WIDGETS)).status).toBe(404);
  });

  it("an instance with a finalizer keeps the definition Terminating until the finalizer is removed", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("widgets", "example.com", "Widget"));
    await call(server, "POST", WIDGETS, widget("held", ["example.com/hold"]));
    await call(server, "POST", WIDGETS, widget("free"));
    await call(server, "DELETE", `${CRDS}/widgets.example.com`);

    const terminating = (await call(server, "GET", `${CRDS}/widgets.example.com`)).json;
    expect(terminating.metadata.finalizers).toEqual(["customresourcecleanup.apiextensions.k8s.io"]);
    expect(condition(terminating, "Terminating")).toMatchObject({
      status: "True",
      reason: "InstanceDeletionInProgress",
      message: "CustomResource deletion is in progress",
    });
    const left = (await call(server, "GET", WIDGETS)).json;
    expect(names(left)).toEqual(["held"]);
    expect(left.items[0].metadata.deletionTimestamp).toBe("2026-01-01T00:00:00Z");
    const refused = await call(server, "POST", WIDGETS, widget("late"));
    expect(refused.status).toBe(405);
    expect(refused.json).toMatchObject({
      reason: "MethodNotAllowed",
      message: "create not allowed while custom resource definition is terminating",
      details: { group: "example.com", kind: "widgets" },
    });

    const released = await call(server, "PATCH", `${WIDGETS}/held`, { metadata: { finalizers: null } }, { contentType: "application/merge-patch+json" });
    expect(released.status).toBe(200);
    expect((await call(server, "GET", `${CRDS}/widgets.example.com`)).status).toBe(404);
  });

  it("a definition of the same kind, re-created or waiting for the name, serves none of the old objects", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("widgets", "example.com", "Widget"));
    await call(server, "POST", CRDS, crd("gizmos", "example.com", "Widget"));
    await call(server, "POST", WIDGETS, widget("old"));
    await call(server, "DELETE", `${CRDS}/widgets.example.com`);
    const gizmos = await call(server, "GET", "/apis/example.com/v1/namespaces/default/gizmos");
    expect(gizmos.status).toBe(200);
    expect(names(gizmos.json)).toEqual([]);

    await call(server, "POST", "/apis/example.com/v1/namespaces/default/gizmos", widget("g1"));
    await call(server, "DELETE", `${CRDS}/gizmos.example.com`);
    expect((await call(server, "POST", CRDS, crd("gizmos", "example.com", "Widget"))).status).toBe(201);
    expect(names((await call(server, "GET", "/apis/example.com/v1/namespaces/default/gizmos")).json)).toEqual([]);
  });

  it("a dry-run delete of a definition answers it marked and changes nothing", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", CRDS, crd("widgets", "example.com", "Widget"));
    await call(server, "POST", WIDGETS, widget("w1"));
    const before = server.cluster.revision;
    const r = await call(server, "DELETE", `${CRDS}/widgets.example.com?dryRun=All`);
    expect(r.status).toBe(200);
    expect(condition(r.json, "Terminating")).toMatchObject({ status: "True", reason: "InstanceDeletionPending" });
    expect(server.cluster.revision).toBe(before);
    expect(names((await call(server, "GET", WIDGETS)).json)).toEqual(["w1"]);
  });

  it("a seeded definition being deleted is cleaned up when the server starts, and one held by an instance stays Terminating", async () => {
    const status = {
      acceptedNames: { plural: "widgets", singular: "widget", kind: "Widget", listKind: "WidgetList" },
      conditions: [
        { type: "NamesAccepted", status: "True", reason: "NoConflicts", message: "no conflicts found" },
        { type: "Established", status: "True", reason: "InitialNamesAccepted", message: "the initial names have been accepted" },
        { type: "Terminating", status: "True", reason: "InstanceDeletionInProgress", message: "CustomResource deletion is in progress" },
      ],
    };
    const deleting = (plural: string, kind: string) => {
      const c = crd(plural, "example.com", kind);
      return {
        ...c,
        metadata: { ...c.metadata, deletionTimestamp: "2025-12-31T00:00:00Z", finalizers: ["customresourcecleanup.apiextensions.k8s.io"] },
        status: { ...status, acceptedNames: { plural, kind } },
      };
    };
    server = await startApiServer({
      now: NOW,
      objects: [
        deleting("widgets", "Widget"),
        deleting("gadgets", "Gadget"),
        { ...widget("held", ["example.com/hold"]), metadata: { name: "held", namespace: "default", finalizers: ["example.com/hold"], deletionTimestamp: "2025-12-31T00:00:00Z" } },
        { apiVersion: "example.com/v1", kind: "Gadget", metadata: { name: "g", namespace: "default" } },
      ],
    });
    expect((await call(server, "GET", `${CRDS}/gadgets.example.com`)).status).toBe(404);
    expect(condition((await call(server, "GET", `${CRDS}/widgets.example.com`)).json, "Terminating")).toMatchObject({ reason: "InstanceDeletionInProgress" });
    expect(names((await call(server, "GET", WIDGETS)).json)).toEqual(["held"]);
  });
});
