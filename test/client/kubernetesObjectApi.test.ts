import {
  PatchStrategy,
  V1ConfigMap as V1ConfigMapModel,
  V1Pod as V1PodModel,
  type KubernetesObjectApi,
  type V1ConfigMap,
  type V1Pod,
  type V1Status,
} from "@kubernetes/client-node";
import { beforeAll, describe, expect, it } from "vitest";
import { ApiError, isConflict, isNotFound } from "../../src/apiserver/apiError.ts";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { WriteTransaction } from "../../src/apiserver/writeTransaction.ts";
import { createClient } from "../../src/client/reconcileClient.ts";
import { KameraError } from "../../src/kameraError.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import type { Reconciler, Request } from "../../src/reconciler.ts";

/** What a reconciler written against client-node uses of its KubernetesObjectApi. */
type ObjectApi = Pick<KubernetesObjectApi, "read" | "list" | "create" | "replace" | "patch" | "delete">;

/**
 * A reconciler written against @kubernetes/client-node alone: it records the images of a pod's
 * containers in a ConfigMap named after the pod, creating it the first time and merge-patching it after.
 */
class PodImageRecorder implements Reconciler {
  constructor(private readonly api: ObjectApi) {}

  async reconcile(req: Request): Promise<void> {
    let pod: V1Pod;
    try {
      pod = await this.api.read<V1Pod>({ apiVersion: "v1", kind: "Pod", metadata: { name: req.name, namespace: req.namespace } });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const name = `${pod.metadata!.name}-images`;
    const images = Object.fromEntries(pod.spec!.containers.map((c) => [c.name, c.image ?? ""]));
    const existing = await this.api.list<V1ConfigMap>("v1", "ConfigMap", req.namespace, undefined, undefined, undefined, `metadata.name=${name}`);
    if (existing.items.length === 0) {
      const cm: V1ConfigMap = {
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: {
          name,
          namespace: req.namespace,
          ownerReferences: [{ apiVersion: "v1", kind: "Pod", name: pod.metadata!.name!, uid: pod.metadata!.uid!, controller: true }],
        },
        data: images,
      };
      await this.api.create(cm);
      return;
    }
    const patch: V1ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: req.namespace }, data: images };
    await this.api.patch(patch, undefined, undefined, "pod-image-recorder", undefined, PatchStrategy.MergePatch);
  }
}

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});
const kinds = new KindRegistry();

const pod = (name: string, image = "nginx:1"): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: "default" },
  spec: { containers: [{ name: "web", image }] },
});

/** A pod as a client-node caller names it. */
const podSpec = (name: string): V1Pod => ({ apiVersion: "v1", kind: "Pod", metadata: { name, namespace: "default" } });

function setup(objs: KubeObject[]) {
  const seed = new WriteTransaction({ kinds, world: World.empty(), meta: emptyServerMeta(), now: new Date(3_600_000), hasher });
  for (const o of objs) seed.create(o);
  const txn = new WriteTransaction({ kinds, world: seed.world(), meta: seed.meta(), now: new Date(7_200_000), hasher });
  const client = createClient({ view: seed.world(), txn, kinds });
  // The facade has client-node's method names and arguments; its declared type is kamera's own
  // KubernetesObjectApiLike, so a reconciler typed against client-node receives it through a cast.
  const api = client.asKubernetesObjectApi();
  return { api, txn };
}

/** Runs the reconciler over successive states: each run sees the world the previous one left. */
async function runRecorder(world: World, meta = emptyServerMeta()) {
  const txn = new WriteTransaction({ kinds, world, meta, now: new Date(0), hasher });
  const client = createClient({ view: world, txn, kinds });
  await new PodImageRecorder(client.asKubernetesObjectApi()).reconcile({ namespace: "default", name: "web" });
  return txn;
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected an ApiError");
}

describe("the client-node KubernetesObjectApi facade", () => {
  it("runs a reconciler written against client-node's types and PatchStrategy unchanged", async () => {
    const { txn: seed } = setup([pod("web", "nginx:1")]);
    const first = await runRecorder(seed.world(), seed.meta());
    expect(first.effects.map((e) => `${e.op} ${e.kind} ${e.name}`)).toEqual(["CREATE core/ConfigMap web-images"]);
    const cm = first.world().get("core/ConfigMap", "default", "web-images")!;
    expect(cm.data).toEqual({ web: "nginx:1" });
    expect(cm.metadata?.ownerReferences?.[0]?.uid).toBe(seed.world().get("core/Pod", "default", "web")!.metadata!.uid);

    const bump = new WriteTransaction({ kinds, world: first.world(), meta: first.meta(), now: new Date(0), hasher });
    bump.patch({ apiVersion: "v1", kind: "Pod", namespace: "default", name: "web" }, { spec: { containers: [{ name: "web", image: "nginx:2" }] } }, "strategic");
    const second = await runRecorder(bump.world(), bump.meta());
    expect(second.effects.map((e) => `${e.op} ${e.name}`)).toEqual(["PATCH web-images"]);
    expect(second.world().get("core/ConfigMap", "default", "web-images")!.data).toEqual({ web: "nginx:2" });

    const third = await runRecorder(second.world(), second.meta());
    expect(third.effects).toEqual([]);
  });

  it("read returns client-node's model, with Date timestamps", async () => {
    const { api } = setup([pod("web")]);
    const got = await api.read<V1Pod>({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" } });
    expect(got).toBeInstanceOf(V1PodModel);
    expect(got.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(got.metadata?.creationTimestamp?.toISOString()).toBe("1970-01-01T01:00:00.000Z");
  });

  it("a namespaced object without a namespace gets the default namespace, as in client-node", async () => {
    const { api, txn } = setup([pod("web")]);
    const got = await api.read<V1Pod>({ apiVersion: "v1", kind: "Pod", metadata: { name: "web" } });
    expect(got.metadata?.name).toBe("web");
    await api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } });
    expect(txn.world().get("core/ConfigMap", "default", "c")).toBeDefined();
  });

  it("a spec without a kind is refused before any request, with client-node's message", async () => {
    const { api } = setup([]);
    await expect(api.read({ apiVersion: "v1", metadata: { name: "x" } } as never)).rejects.toThrow(new KameraError("Required spec property kind is not set"));
  });

  it("list returns a <Kind>List of models, sorted, with label and field selectors", async () => {
    const { api } = setup([pod("b"), pod("a"), { ...pod("c"), metadata: { name: "c", namespace: "other", labels: { app: "x" } } }]);
    const all = await api.list<V1Pod>("v1", "Pod");
    expect(all.kind).toBe("PodList");
    expect(all.items.map((p) => p.metadata?.name)).toEqual(["a", "b", "c"]);
    expect(all.items[0]).toBeInstanceOf(V1PodModel);
    const inNs = await api.list<V1Pod>("v1", "Pod", "default");
    expect(inNs.items.map((p) => p.metadata?.name)).toEqual(["a", "b"]);
    const labelled = await api.list<V1Pod>("v1", "Pod", undefined, undefined, undefined, undefined, undefined, "app=x");
    expect(labelled.items.map((p) => p.metadata?.name)).toEqual(["c"]);
    expect((await rejection(api.list("v1", "Pod", undefined, undefined, undefined, undefined, undefined, "app in ("))).code).toBe(400);
  });

  it("list pages with limit and continue", async () => {
    const { api } = setup([pod("a"), pod("b"), pod("c")]);
    const page1 = await api.list<V1Pod>("v1", "Pod", "default", undefined, undefined, undefined, undefined, undefined, 2);
    expect(page1.items.map((p) => p.metadata?.name)).toEqual(["a", "b"]);
    expect(page1.metadata?._continue).toBeDefined();
    expect(page1.metadata?.remainingItemCount).toBe(1);
    const page2 = await api.list<V1Pod>("v1", "Pod", "default", undefined, undefined, undefined, undefined, undefined, 2, page1.metadata!._continue);
    expect(page2.items.map((p) => p.metadata?.name)).toEqual(["c"]);
    expect(page2.metadata?._continue).toBeUndefined();
    expect((await rejection(api.list("v1", "Pod", "default", undefined, undefined, undefined, undefined, undefined, 2, "bogus"))).code).toBe(400);
    // Valid base64, but not a token this server issued.
    expect((await rejection(api.list("v1", "Pod", "default", undefined, undefined, undefined, undefined, undefined, 2, btoa("not json")))).code).toBe(400);
  });

  it("create and replace return models; replace with a stale resourceVersion is a Conflict", async () => {
    const { api, txn } = setup([]);
    const cm = await api.create<V1ConfigMap>({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } });
    expect(cm).toBeInstanceOf(V1ConfigMapModel);
    expect(cm.metadata?.resourceVersion).toBe("1");
    const replaced = await api.replace<V1ConfigMap>({ ...cm, data: { a: "2" } });
    expect(replaced.data).toEqual({ a: "2" });
    const e = await rejection(api.replace<V1ConfigMap>({ ...cm, data: { a: "3" } }));
    expect(isConflict(e)).toBe(true);
    expect(e.body.reason).toBe("Conflict");
    expect(txn.effects.map((x) => x.op)).toEqual(["CREATE", "UPDATE"]);
  });

  it("patch defaults to a strategic merge, as client-node does", async () => {
    const { api, txn } = setup([{ ...pod("web"), spec: { containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:1" }] } }]);
    await api.patch({ apiVersion: "v1", kind: "Pod", metadata: { name: "web", namespace: "default" }, spec: { containers: [{ name: "b", image: "b:2" }] } } as V1Pod);
    expect(txn.world().get("core/Pod", "default", "web")!.spec).toEqual({ containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:2" }] });
  });

  it("the default strategic patch of a custom resource fails with 415, as on a real server", async () => {
    const foo = { apiVersion: "example.com/v1", kind: "Foo", metadata: { name: "f", namespace: "default" }, spec: { n: 1 } };
    const { api } = setup([foo]);
    expect((await rejection(api.patch({ ...foo, spec: { n: 2 } }))).code).toBe(415);
    const merged = await api.patch({ ...foo, spec: { n: 2 } }, undefined, undefined, undefined, undefined, PatchStrategy.MergePatch);
    expect((merged as { spec?: unknown }).spec).toEqual({ n: 2 });
  });

  it("server-side apply needs a field manager; force is only for apply", async () => {
    const { api } = setup([]);
    const body: V1ConfigMap = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" }, data: { a: "1" } };
    const e = await rejection(api.patch(body, undefined, undefined, undefined, undefined, PatchStrategy.ServerSideApply));
    expect(e.code).toBe(422);
    expect(e.message).toBe('PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch');
    const applied = await api.patch(body, undefined, undefined, "me", true, PatchStrategy.ServerSideApply);
    expect(applied.data).toEqual({ a: "1" });
    expect((await rejection(api.patch(body, undefined, undefined, "me", true, PatchStrategy.MergePatch))).message).toBe(
      'PatchOptions.meta.k8s.io "" is invalid: force: Forbidden: may not be specified for non-apply patch',
    );
  });

  it("a JSON patch cannot be sent as an object spec: BadRequest", async () => {
    const { api } = setup([pod("web")]);
    const e = await rejection(api.patch({ ...podSpec("web"), spec: { containers: [] } }, undefined, undefined, undefined, undefined, PatchStrategy.JsonPatch));
    expect(e.code).toBe(400);
  });

  it("delete resolves to a Success V1Status and passes the propagation policy", async () => {
    const { api, txn } = setup([pod("a"), pod("b")]);
    const uid = txn.world().get("core/Pod", "default", "a")!.metadata!.uid;
    const status = (await api.delete(podSpec("a"))) as V1Status;
    expect(status.status).toBe("Success");
    expect(status.details).toMatchObject({ name: "a", kind: "pods", uid });
    await api.delete(podSpec("b"), undefined, undefined, undefined, undefined, "Orphan");
    expect(txn.world().get("core/Pod", "default", "b")!.metadata?.finalizers).toEqual(["orphan"]);
  });

  it("delete honours orphanDependents and body preconditions, and refuses a policy together with orphanDependents", async () => {
    const { api, txn } = setup([pod("a"), pod("b")]);
    await api.delete(podSpec("a"), undefined, undefined, undefined, true);
    expect(txn.world().get("core/Pod", "default", "a")!.metadata?.finalizers).toEqual(["orphan"]);
    const pre = await rejection(api.delete(podSpec("b"), undefined, undefined, undefined, undefined, undefined, { preconditions: { uid: "nope" } }));
    expect(pre.code).toBe(409);
    const both = await rejection(api.delete(podSpec("b"), undefined, undefined, undefined, false, "Foreground"));
    expect(both.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Invalid value: "Foreground": orphanDependents and deletionPropagation cannot be both set');
  });

  it("dryRun=All validates without writing; any other dryRun value is Invalid", async () => {
    const { api, txn } = setup([pod("a")]);
    await api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }, undefined, "All");
    await api.delete(podSpec("a"), undefined, "All");
    expect(txn.effects).toEqual([]);
    const e = await rejection(api.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }, undefined, "Some"));
    expect(e.message).toBe('CreateOptions.meta.k8s.io "" is invalid: dryRun: Unsupported value: []string{"Some"}: supported values: "All"');
  });

  it("errors look like client-node's ApiException: code and a V1Status body", async () => {
    const { api } = setup([]);
    const e = await rejection(api.read({ apiVersion: "v1", kind: "Pod", metadata: { name: "nope", namespace: "default" } }));
    expect(e.code).toBe(404);
    expect(e.body).toMatchObject({ kind: "Status", apiVersion: "v1", status: "Failure", reason: "NotFound", code: 404, message: 'pods "nope" not found' });
  });
});
