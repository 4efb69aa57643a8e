import { describe, expect, it } from "vitest";
import { KindRegistry } from "../../src/kinds.ts";
import { BUILTIN_RESOURCES, CrdShapeError, ResourceCatalog, resourceOfCrd } from "../../src/serveApi/resourceCatalog.ts";

const CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Cluster",
    names: { plural: "widgets", singular: "widget", kind: "Widget", shortNames: ["wd"] },
    versions: [
      { name: "v1beta1", served: true, storage: false },
      { name: "v1", served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: ".spec.size", statusReplicasPath: ".status.size" } } },
      { name: "v0", served: false, storage: false },
    ],
  },
};

describe("the resource catalog", () => {
  it("agrees with the kind registry on the scope and status subresource of every built-in", () => {
    const kinds = new KindRegistry();
    // The registry gives these a status subresource; the real server has none (and they have no status field, so writes agree).
    const noStatusOnRealServer = new Set(["Event", "ControllerRevision", "Lease"]);
    for (const r of BUILTIN_RESOURCES) {
      if (r.review) continue; // reviews are answered, never stored: the registry never sees them
      if (noStatusOnRealServer.has(r.kind)) {
        expect(r.status).toBe(false);
        continue;
      }
      const info = kinds.info(`${r.group || "core"}/${r.kind}`);
      expect({ kind: r.kind, scope: r.scope, status: r.status }).toEqual({ kind: r.kind, scope: info.scope, status: info.statusSubresource });
    }
  });

  it("reads a CRD: served versions with the storage version first, scope, names, subresources", () => {
    const res = resourceOfCrd(CRD);
    expect(res).toMatchObject({ group: "example.com", versions: ["v1", "v1beta1"], plural: "widgets", kind: "Widget", shortNames: ["wd"], scope: "Cluster", status: true });
    expect(res.scale).toEqual({ specReplicasPath: ".spec.size", statusReplicasPath: ".status.size" });
  });

  it("a CRD without what the server needs is a CrdShapeError naming the field", () => {
    expect(() => resourceOfCrd({ ...CRD, spec: { ...CRD.spec, group: "" } })).toThrow(new CrdShapeError("spec.group: Required value"));
    expect(() => resourceOfCrd({ ...CRD, spec: { ...CRD.spec, scope: "Galaxy" } })).toThrow(/^spec.scope: Unsupported value: "Galaxy"/);
    expect(() => resourceOfCrd({ ...CRD, spec: { ...CRD.spec, versions: [] } })).toThrow(/^spec.versions: Required value/);
  });

  it("looks resources up by URL and lists CRD groups after the built-in ones", () => {
    const catalog = new ResourceCatalog();
    catalog.setCustom([resourceOfCrd(CRD)]);
    expect(catalog.lookup("apps", "v1", "deployments")?.kind).toBe("Deployment");
    expect(catalog.lookup("example.com", "v1beta1", "widgets")?.kind).toBe("Widget");
    expect(catalog.lookup("example.com", "v0", "widgets")).toBeUndefined();
    const groups = catalog.groups().map((g) => g.name);
    expect(groups.indexOf("example.com")).toBe(groups.length - 1);
    expect(catalog.groups().find((g) => g.name === "autoscaling")?.versions).toEqual(["v2", "v1"]);
  });
});
