import { AppsV1Api, CoreV1Api, KubeConfig, KubernetesObjectApi, Watch, type ApiException, type V1ConfigMap } from "@kubernetes/client-node";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startApiServer, type ApiServer } from "../../src/serveApi/apiServer.ts";

function statusOf(e: unknown): { code: number; reason: string; message: string } {
  const ex = e as ApiException<unknown>;
  const body = typeof ex.body === "string" ? JSON.parse(ex.body) : (ex.body as { reason: string; message: string });
  return { code: ex.code, reason: body.reason, message: body.message };
}

describe("@kubernetes/client-node over real HTTP, configured from the served kubeconfig", () => {
  let server: ApiServer;
  let kc: KubeConfig;
  beforeAll(async () => {
    server = await startApiServer({ controllers: "builtin" });
    kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
  });
  afterAll(async () => {
    await server.close();
  });

  it("creates, reads, replaces, patches, lists and deletes with the typed CoreV1Api", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const created = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "cn", labels: { app: "x" } }, data: { a: "1" } } });
    expect(created.metadata?.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(created.metadata?.creationTimestamp).toBeInstanceOf(Date);
    const read = await core.readNamespacedConfigMap({ namespace: "default", name: "cn" });
    const replaced = await core.replaceNamespacedConfigMap({ namespace: "default", name: "cn", body: { ...read, data: { a: "2" } } });
    expect(replaced.data).toEqual({ a: "2" });
    const list = await core.listNamespacedConfigMap({ namespace: "default", labelSelector: "app=x" });
    expect(list.items.map((i) => i.metadata?.name)).toEqual(["cn"]);
    await core.deleteNamespacedConfigMap({ namespace: "default", name: "cn" });
    await expect(core.readNamespacedConfigMap({ namespace: "default", name: "cn" })).rejects.toSatisfy((e) => statusOf(e).code === 404);
  });

  it("a stale replace is a 409 Conflict ApiException, a duplicate create a 409 AlreadyExists, a bad name a 422 Invalid", async () => {
    const core = kc.makeApiClient(CoreV1Api);
    const first = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "stale" } } });
    await core.replaceNamespacedConfigMap({ namespace: "default", name: "stale", body: { ...first, data: { v: "1" } } });
    const conflict = await core.replaceNamespacedConfigMap({ namespace: "default", name: "stale", body: { ...first, data: { v: "2" } } }).catch((e) => e);
    expect(statusOf(conflict)).toMatchObject({ code: 409, reason: "Conflict" });
    const dup = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "stale" } } }).catch((e) => e);
    expect(statusOf(dup)).toEqual({ code: 409, reason: "AlreadyExists", message: 'configmaps "stale" already exists' });
    const bad = await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "Not_Valid" } } }).catch((e) => e);
    expect(statusOf(bad)).toMatchObject({ code: 422, reason: "Invalid" });
  });

  it("KubernetesObjectApi reads and patches any kind, including a strategic merge of a deployment", async () => {
    const objects = KubernetesObjectApi.makeApiClient(kc);
    await objects.create({
      apiVersion: "apps/v1",
      kind: "Deployment",
      metadata: { name: "web", namespace: "default" },
      spec: { replicas: 1, selector: { matchLabels: { app: "web" } }, template: { metadata: { labels: { app: "web" } }, spec: { containers: [{ name: "web", image: "nginx" }] } } },
    } as never);
    const patched = await objects.patch({ apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "default" }, spec: { replicas: 2 } } as never);
    expect((patched as { spec: { replicas: number } }).spec.replicas).toBe(2);
    await server.settled();
    const apps = kc.makeApiClient(AppsV1Api);
    const d = await apps.readNamespacedDeployment({ namespace: "default", name: "web" });
    expect(d.status?.readyReplicas).toBe(2);
    const scale = await apps.readNamespacedDeploymentScale({ namespace: "default", name: "web" });
    expect(scale.spec?.replicas).toBe(2);
    expect(scale.status?.selector).toBe("app=web");
  });

  it("Watch sees the writes of another client, in order", async () => {
    const seen: string[] = [];
    const watch = new Watch(kc);
    let resolveDone: () => void;
    const enough = new Promise<void>((r) => (resolveDone = r));
    const controller = await watch.watch(
      "/api/v1/namespaces/default/configmaps",
      { resourceVersion: String(server.cluster.revision) },
      (type: string, obj: V1ConfigMap) => {
        seen.push(`${type} ${obj.metadata?.name} ${obj.data?.v ?? ""}`);
        if (seen.length === 3) resolveDone();
      },
      () => {},
    );
    const core = kc.makeApiClient(CoreV1Api);
    await core.createNamespacedConfigMap({ namespace: "default", body: { metadata: { name: "watched" }, data: { v: "1" } } });
    // client-node's typed patch sends a JSON patch (application/json-patch+json) unless told otherwise.
    await core.patchNamespacedConfigMap({ namespace: "default", name: "watched", body: [{ op: "replace", path: "/data/v", value: "2" }] });
    await core.deleteNamespacedConfigMap({ namespace: "default", name: "watched" });
    await enough;
    controller.abort();
    expect(seen).toEqual(["ADDED watched 1", "MODIFIED watched 2", "DELETED watched 2"]);
  });
});
