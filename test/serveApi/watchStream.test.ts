import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";
import { call, watch } from "./serverRequest.ts";

const NOW = () => new Date("2026-01-01T00:00:00Z");

function cm(name: string, k: string) {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: { k } };
}

async function setData(server: ApiServer, name: string, k: string): Promise<void> {
  await call(server, "PATCH", `/api/v1/namespaces/default/configmaps/${name}`, { data: { k } }, { contentType: "application/merge-patch+json" });
}

describe("watch streams", () => {
  let server: ApiServer;
  beforeEach(async () => {
    server = await startApiServer({ now: NOW, bookmarkIntervalMs: 20 });
    await call(server, "POST", "/api/v1/namespaces/default/configmaps", cm("c", "0"));
  });
  afterEach(async () => {
    await server.close();
  });

  it("a watch from a resourceVersion ahead of the server's gets only the changes after that resourceVersion", async () => {
    const ahead = server.cluster.revision + 2;
    const tap = await watch(server, `/api/v1/namespaces/default/configmaps?resourceVersion=${ahead}`);
    for (const k of ["1", "2", "3"]) await setData(server, "c", k);
    await tap.until((e) => e.length >= 1);
    // The last write has landed before the first event could be read: nothing else is coming.
    await new Promise((r) => setTimeout(r, 50));
    tap.close();
    expect(tap.events.map((e) => `${e.type} ${e.object.metadata.resourceVersion} ${e.object.data.k}`)).toEqual([`MODIFIED ${ahead + 1} 3`]);
  });

  it("a watch from a resourceVersion ahead of the server's gets no bookmark older than that resourceVersion", async () => {
    const ahead = server.cluster.revision + 1;
    const tap = await watch(server, `/api/v1/namespaces/default/configmaps?allowWatchBookmarks=true&resourceVersion=${ahead}`);
    await new Promise((r) => setTimeout(r, 100));
    expect(tap.events).toEqual([]);
    await setData(server, "c", "1");
    await tap.until((e) => e.some((x) => x.type === "BOOKMARK"));
    tap.close();
    const rvs = tap.events.filter((x) => x.type === "BOOKMARK").map((x) => Number(x.object.metadata.resourceVersion));
    expect(Math.min(...rvs)).toBe(ahead);
  });
});
