import { afterEach, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { call } from "./serverRequest.ts";

const CRDS = "/apis/apiextensions.k8s.io/v1/customresourcedefinitions";
const WIDGETS = "/apis/example.com/v1/namespaces/default/widgets";

const WIDGET_CRD = {
  apiVersion: "apiextensions.k8s.io/v1",
  kind: "CustomResourceDefinition",
  metadata: { name: "widgets.example.com" },
  spec: {
    group: "example.com",
    scope: "Namespaced",
    names: { plural: "widgets", kind: "Widget" },
    versions: [{ name: "v1", served: true, storage: true, subresources: { status: {}, scale: { specReplicasPath: ".spec.size", statusReplicasPath: ".status.size" } } }],
  },
};

async function discovered(server: ApiServer, name: string): Promise<{ name: string; verbs: string[] } | undefined> {
  const list = (await call(server, "GET", "/apis/example.com/v1")).json;
  return list.resources.find((r: { name: string }) => r.name === name);
}

describe("discovery of the resources of CustomResourceDefinitions", () => {
  let server: ApiServer;
  afterEach(async () => {
    await server?.close();
  });

  it("a definition's resource offers every verb", async () => {
    server = await startApiServer();
    await call(server, "POST", CRDS, WIDGET_CRD);
    expect((await discovered(server, "widgets"))?.verbs).toEqual(["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"]);
  });

  it("a Terminating definition's resource offers only delete, deletecollection, get, list and watch; its subresources keep theirs", async () => {
    server = await startApiServer();
    await call(server, "POST", CRDS, WIDGET_CRD);
    await call(server, "POST", WIDGETS, { apiVersion: "example.com/v1", kind: "Widget", metadata: { name: "held", finalizers: ["example.com/hold"] } });
    expect((await call(server, "DELETE", `${CRDS}/widgets.example.com`)).status).toBe(200);

    expect((await discovered(server, "widgets"))?.verbs).toEqual(["delete", "deletecollection", "get", "list", "watch"]);
    expect((await discovered(server, "widgets/status"))?.verbs).toEqual(["get", "patch", "update"]);
    expect((await discovered(server, "widgets/scale"))?.verbs).toEqual(["get", "patch", "update"]);
  });
});
