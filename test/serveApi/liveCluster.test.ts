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

describe("namespaces of a served cluster", () => {
  let server: ApiServer;
  afterEach(async () => {
    await server?.close();
  });

  const NS = "/api/v1/namespaces";
  const configMap = (name: string, finalizers?: string[]) => ({
    apiVersion: "v1",
    kind: "ConfigMap",
    metadata: { name, ...(finalizers ? { finalizers } : {}) },
  });
  const conditions = (ns: { status?: { conditions?: { type: string; status: string; reason: string }[] } }) =>
    Object.fromEntries((ns.status?.conditions ?? []).map((c) => [c.type, `${c.status} ${c.reason}`]));

  it("a created namespace is Active with the kubernetes finalizer, and an update keeps the finalizer", async () => {
    server = await startApiServer({ now: NOW });
    const r = await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" }, status: { phase: "Terminating" } });
    expect(r.status).toBe(201);
    expect(r.json.status).toEqual({ phase: "Active" });
    expect(r.json.spec).toEqual({ finalizers: ["kubernetes"] });
    const edited = await call(server, "PUT", `${NS}/x`, { ...r.json, metadata: { ...r.json.metadata, labels: { a: "b" } }, spec: { finalizers: [] } });
    expect(edited.status).toBe(200);
    expect(edited.json.metadata.labels).toEqual({ a: "b", "kubernetes.io/metadata.name": "x" });
    expect(edited.json.spec).toEqual({ finalizers: ["kubernetes"] });
  });

  it("every namespace carries its name as the kubernetes.io/metadata.name label, and a write that removes or changes it gets it back", async () => {
    server = await startApiServer({ now: NOW });
    const label = (ns: { metadata: { labels?: Record<string, string> } }) => ns.metadata.labels?.["kubernetes.io/metadata.name"];
    for (const ns of server.cluster.world.list("core/Namespace")) expect(label(ns as never)).toBe(ns.metadata!.name);
    const created = await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x", labels: { "kubernetes.io/metadata.name": "other" } } });
    expect(created.json.metadata.labels).toEqual({ "kubernetes.io/metadata.name": "x" });
    const generated = await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { generateName: "gen-" } });
    expect(label(generated.json)).toBe(generated.json.metadata.name);
    const removed = await call(server, "PUT", `${NS}/x`, { ...created.json, metadata: { ...created.json.metadata, labels: { team: "a" } } });
    expect(removed.json.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": "x" });
    const patched = await call(server, "PATCH", `${NS}/x`, { metadata: { labels: { "kubernetes.io/metadata.name": "y" } } }, { contentType: "application/merge-patch+json" });
    expect(patched.json.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": "x" });
    const selected = await call(server, "GET", `${NS}?labelSelector=kubernetes.io/metadata.name%3Dx`);
    expect(selected.json.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(["x"]);
  });

  it("seeded namespaces are Active with the kubernetes finalizer, and a saved state reloads unchanged", async () => {
    server = await startApiServer({ now: NOW, objects: [configMap("c")] });
    const seeded = server.cluster.world.list("core/Namespace");
    expect(seeded.map((n) => n.metadata!.name)).toEqual(["default", "kube-node-lease", "kube-public", "kube-system"]);
    for (const ns of seeded) {
      expect(ns.status).toEqual({ phase: "Active" });
      expect((ns as { spec?: unknown }).spec).toEqual({ finalizers: ["kubernetes"] });
    }
    const saved = server.cluster.world.all();
    await server.close();
    // Nothing is written when it starts again: every object keeps its resourceVersion.
    server = await startApiServer({ now: NOW, objects: saved });
    expect(server.cluster.world.all()).toEqual(saved);
  });

  it("deleting a namespace deletes its objects and then the namespace, in the delete's write", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } });
    await call(server, "POST", `${NS}/x/configmaps`, configMap("a"));
    await call(server, "POST", `${NS}/x/configmaps`, configMap("b"));
    await call(server, "POST", `${NS}/default/configmaps`, configMap("a"));
    const seen: string[] = [];
    server.cluster.subscribe((events) => seen.push(...events.map((e) => `${e.type} ${e.kind} ${e.object.metadata!.name} ${e.revision}`)));
    const before = server.cluster.revision;
    const r = await call(server, "DELETE", `${NS}/x`);
    expect(r.status).toBe(200);
    expect(r.json.metadata.deletionTimestamp).toBe("2026-01-01T00:00:00Z");
    expect(r.json.status.phase).toBe("Terminating");
    expect(r.json.spec.finalizers).toEqual(["kubernetes"]);
    expect(seen).toEqual([
      `MODIFIED core/Namespace x ${before + 1}`,
      `DELETED core/ConfigMap a ${before + 2}`,
      `DELETED core/ConfigMap b ${before + 3}`,
      `MODIFIED core/Namespace x ${before + 4}`,
      `DELETED core/Namespace x ${before + 5}`,
    ]);
    expect((await call(server, "GET", `${NS}/x`)).status).toBe(404);
    expect((await call(server, "GET", `${NS}/x/configmaps`)).json.items).toEqual([]);
    expect((await call(server, "GET", `${NS}/default/configmaps/a`)).status).toBe(200);
  });

  it("an object with a finalizer keeps the namespace Terminating until the finalizer is removed, and nothing can be created in it", async () => {
    server = await startApiServer({ now: NOW });
    await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" } });
    await call(server, "POST", `${NS}/x/configmaps`, configMap("held", ["example.com/hold"]));
    await call(server, "POST", `${NS}/x/configmaps`, configMap("free"));
    await call(server, "DELETE", `${NS}/x`);

    const terminating = (await call(server, "GET", `${NS}/x`)).json;
    expect(terminating.status.phase).toBe("Terminating");
    expect(conditions(terminating)).toEqual({
      NamespaceDeletionDiscoveryFailure: "False ResourcesDiscovered",
      NamespaceDeletionGroupVersionParsingFailure: "False ParsedGroupVersions",
      NamespaceDeletionContentFailure: "False ContentDeleted",
      NamespaceContentRemaining: "True SomeResourcesRemain",
      NamespaceFinalizersRemaining: "True SomeFinalizersRemain",
    });
    const messages = Object.fromEntries(terminating.status.conditions.map((c: { type: string; message: string }) => [c.type, c.message]));
    expect(messages.NamespaceContentRemaining).toBe("Some resources are remaining: configmaps. has 1 resource instances");
    expect(messages.NamespaceFinalizersRemaining).toBe("Some content in the namespace has finalizers remaining: example.com/hold in 1 resource instances");
    const left = (await call(server, "GET", `${NS}/x/configmaps`)).json;
    expect(left.items.map((i: { metadata: { name: string } }) => i.metadata.name)).toEqual(["held"]);
    expect(left.items[0].metadata.deletionTimestamp).toBe("2026-01-01T00:00:00Z");

    const refused = await call(server, "POST", `${NS}/x/configmaps`, configMap("late"));
    expect(refused.status).toBe(403);
    expect(refused.json.message).toBe('configmaps "late" is forbidden: unable to create new content in namespace x because it is being terminated');

    const released = await call(server, "PATCH", `${NS}/x/configmaps/held`, { metadata: { finalizers: null } }, { contentType: "application/merge-patch+json" });
    expect(released.status).toBe(200);
    expect((await call(server, "GET", `${NS}/x`)).status).toBe(404);
  });

  it("PUT finalize replaces spec.finalizers and the metadata as an update does, keeps the status, and a namespace being deleted goes when none remain", async () => {
    server = await startApiServer({ now: NOW });
    const created = (await call(server, "POST", NS, { apiVersion: "v1", kind: "Namespace", metadata: { name: "x" }, spec: { finalizers: ["example.com/ns"] } })).json;
    expect(created.spec.finalizers).toEqual(["example.com/ns", "kubernetes"]);
    const bad = await call(server, "PUT", `${NS}/x/finalize`, { ...created, spec: { finalizers: ["bogus"] } });
    expect(bad.status).toBe(422);
    expect(bad.json.message).toBe('Namespace "x" is invalid: spec.finalizers[0]: Invalid value: "bogus": name is neither a standard finalizer name nor is it fully qualified');
    const replaced = await call(server, "PUT", `${NS}/x/finalize`, {
      ...created,
      metadata: { ...created.metadata, labels: { team: "a" } },
      spec: { finalizers: ["kubernetes"] },
      status: { phase: "Terminating" },
    });
    expect(replaced.status).toBe(200);
    expect(replaced.json.spec.finalizers).toEqual(["kubernetes"]);
    // The finalize strategy keeps only the status: the metadata is the request's, as in an update.
    expect(replaced.json.metadata.labels).toEqual({ team: "a", "kubernetes.io/metadata.name": "x" });
    expect(replaced.json.status).toEqual({ phase: "Active" });
    const stale = await call(server, "PUT", `${NS}/x/finalize`, { ...created, spec: { finalizers: [] } });
    expect(stale.status).toBe(409);

    // Held by a finalizer the namespace controller does not own, the namespace stays Terminating.
    await call(server, "PUT", `${NS}/x/finalize`, { spec: { finalizers: ["example.com/ns", "kubernetes"] } });
    await call(server, "DELETE", `${NS}/x`);
    const held = (await call(server, "GET", `${NS}/x`)).json;
    expect(held.status.phase).toBe("Terminating");
    expect(held.spec.finalizers).toEqual(["example.com/ns"]);
    expect((await call(server, "PUT", `${NS}/x/finalize`, { spec: { finalizers: [] } })).status).toBe(200);
    expect((await call(server, "GET", `${NS}/x`)).status).toBe(404);
  });
});
