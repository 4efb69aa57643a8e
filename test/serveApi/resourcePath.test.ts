import { describe, expect, it } from "vitest";
import { parseApiPath } from "../../src/serveApi/resourcePath.ts";

describe("parseApiPath", () => {
  it("names the discovery documents", () => {
    expect(parseApiPath("/api")).toEqual({ type: "legacyVersions" });
    expect(parseApiPath("/apis")).toEqual({ type: "groupList" });
    expect(parseApiPath("/apis/apps")).toEqual({ type: "group", group: "apps" });
    expect(parseApiPath("/api/v1")).toEqual({ type: "resourceList", group: "", version: "v1" });
    expect(parseApiPath("/apis/apps/v1")).toEqual({ type: "resourceList", group: "apps", version: "v1" });
  });

  it("reads namespaced collections, objects and subresources", () => {
    expect(parseApiPath("/api/v1/namespaces/default/pods")).toEqual({ type: "resource", group: "", version: "v1", namespace: "default", plural: "pods" });
    expect(parseApiPath("/apis/apps/v1/namespaces/shop/deployments/web/scale")).toEqual({
      type: "resource",
      group: "apps",
      version: "v1",
      namespace: "shop",
      plural: "deployments",
      name: "web",
      subresource: "scale",
    });
  });

  it("treats namespaces as a resource of their own: an object, its status, and the list of all", () => {
    expect(parseApiPath("/api/v1/namespaces")).toEqual({ type: "resource", group: "", version: "v1", plural: "namespaces" });
    expect(parseApiPath("/api/v1/namespaces/shop")).toEqual({ type: "resource", group: "", version: "v1", plural: "namespaces", name: "shop" });
    expect(parseApiPath("/api/v1/namespaces/shop/status")).toEqual({ type: "resource", group: "", version: "v1", plural: "namespaces", name: "shop", subresource: "status" });
  });

  it("reads cluster-scoped and all-namespace paths", () => {
    expect(parseApiPath("/api/v1/nodes/n1")).toEqual({ type: "resource", group: "", version: "v1", plural: "nodes", name: "n1" });
    expect(parseApiPath("/apis/apps/v1/deployments")).toEqual({ type: "resource", group: "apps", version: "v1", plural: "deployments" });
  });

  it("decodes escaped segments and refuses paths it does not serve", () => {
    expect(parseApiPath("/api/v1/namespaces/default/configmaps/a%2Eb")).toMatchObject({ name: "a.b" });
    expect(parseApiPath("/metrics")).toBeUndefined();
    expect(parseApiPath("/api/v1/namespaces/default/pods/p/log/extra")).toBeUndefined();
    expect(parseApiPath("/api/v1/namespaces/default/configmaps/%E0%A4%A")).toBeUndefined();
  });
});
