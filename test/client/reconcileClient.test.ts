import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { WriteTransaction } from "../../src/apiserver/writeTransaction.ts";
import type { Client } from "../../src/client/client.ts";
import { createClient } from "../../src/client/reconcileClient.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});
const kinds = new KindRegistry();

const pod = (ns: string, name: string, labels: Record<string, string> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "Pod",
  metadata: { name, namespace: ns, labels },
  spec: { containers: [{ name: "c", image: "i" }] },
});

/** A world holding `objs` (created through the server rules), and a client over it. */
function setup(objs: KubeObject[], opts: { view?: (w: World) => World } = {}) {
  const seed = new WriteTransaction({ kinds, world: World.empty(), meta: emptyServerMeta(), now: new Date(0), hasher });
  for (const o of objs) seed.create(o);
  const world = seed.world();
  const txn = new WriteTransaction({ kinds, world, meta: seed.meta(), now: new Date(1000), hasher });
  const client: Client = createClient({ view: opts.view ? opts.view(world) : world, txn, kinds });
  return { client, txn, world };
}

async function rejection(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error("expected the promise to reject with an ApiError");
}

const podRef = (ns: string, name: string) => ({ apiVersion: "v1", kind: "Pod", namespace: ns, name });

describe("reconcile client reads", () => {
  it("get returns the object from the view as a deep copy", async () => {
    const { client, world } = setup([pod("a", "p1")]);
    const got = await client.get(podRef("a", "p1"));
    expect(got.metadata?.uid).toBe(world.get("core/Pod", "a", "p1")?.metadata?.uid);
    got.metadata!.labels = { x: "mutated" };
    (got.spec as { containers: { image: string }[] }).containers[0]!.image = "mutated";
    expect(Object.isFrozen(got)).toBe(false);
    expect(world.get("core/Pod", "a", "p1")?.metadata?.labels).toBeUndefined();
    expect(world.get("core/Pod", "a", "p1")?.spec).toEqual({ containers: [{ name: "c", image: "i" }] });
  });

  it("get of a missing object fails with NotFound and the standard message", async () => {
    const { client } = setup([]);
    const e = await rejection(client.get(podRef("a", "nope")));
    expect(e.code).toBe(404);
    expect(e.message).toBe('pods "nope" not found');
  });

  it("list returns items sorted by namespace then name, whatever the creation order", async () => {
    const { client } = setup([pod("b", "p1"), pod("a", "p3"), pod("a", "p2")]);
    const items = await client.list("v1", "Pod");
    expect(items.map((o) => `${o.metadata?.namespace}/${o.metadata?.name}`)).toEqual(["a/p2", "a/p3", "b/p1"]);
  });

  it("list filters by namespace, label selector (string and object form) and field selector", async () => {
    const { client } = setup([pod("a", "p1", { app: "web" }), pod("a", "p2", { app: "db" }), pod("b", "p3", { app: "web" })]);
    const names = (items: KubeObject[]) => items.map((o) => o.metadata?.name);
    expect(names(await client.list("v1", "Pod", { namespace: "a" }))).toEqual(["p1", "p2"]);
    expect(names(await client.list("v1", "Pod", { labelSelector: "app=web" }))).toEqual(["p1", "p3"]);
    expect(names(await client.list("v1", "Pod", { labelSelector: { matchExpressions: [{ key: "app", operator: "In", values: ["db"] }] } }))).toEqual(["p2"]);
    expect(names(await client.list("v1", "Pod", { fieldSelector: "metadata.namespace=b" }))).toEqual(["p3"]);
    expect(names(await client.list("v1", "Pod", { namespace: "a", fieldSelector: "metadata.name!=p1" }))).toEqual(["p2"]);
  });

  it("a malformed label or field selector fails with BadRequest", async () => {
    const { client } = setup([pod("a", "p1")]);
    expect((await rejection(client.list("v1", "Pod", { labelSelector: "app in (web" }))).code).toBe(400);
    expect((await rejection(client.list("v1", "Pod", { labelSelector: { matchExpressions: [{ key: "a", operator: "Near" as never }] } }))).code).toBe(400);
    expect((await rejection(client.list("v1", "Pod", { fieldSelector: "spec.nodeName=x" }))).code).toBe(400);
  });

  it("reads come from the view, not from this reconcile's own writes", async () => {
    const { client, txn } = setup([]);
    await client.create(pod("a", "new"));
    expect((await rejection(client.get(podRef("a", "new")))).code).toBe(404);
    expect(await client.list("v1", "Pod")).toEqual([]);
    expect(txn.world().get("core/Pod", "a", "new")).toBeDefined();
  });

  it("a stale view serves old objects, and writes based on them conflict with the true world", async () => {
    const { world: old, txn: writer } = setup([pod("a", "p1")]);
    writer.patch(podRef("a", "p1"), { metadata: { labels: { v: "2" } } }, "merge");
    const txn = new WriteTransaction({ kinds, world: writer.world(), meta: writer.meta(), now: new Date(0), hasher });
    const stale = createClient({ view: old, txn, kinds });
    const seen = await stale.get(podRef("a", "p1"));
    expect(seen.metadata?.labels).toBeUndefined();
    const e = await rejection(stale.update({ ...seen, metadata: { ...seen.metadata, labels: { v: "3" } } }));
    expect(e.code).toBe(409);
    expect(txn.effects).toEqual([]);
  });

  it("a kind that does not parse is a BadRequest naming it", async () => {
    const { client } = setup([]);
    const e = await rejection(client.get({ apiVersion: "v1", kind: "pod", namespace: "a", name: "x" }));
    expect(e.code).toBe(400);
    expect(e.message).toContain('kind "core/pod" is not valid');
    expect((await rejection(client.list("v1", "", {}))).code).toBe(400);
  });
});

describe("reconcile client writes", () => {
  it("writes go to the transaction and are recorded as effects in call order", async () => {
    const { client, txn } = setup([pod("a", "p1")]);
    const created = await client.create(pod("a", "p2"));
    expect(created.metadata?.resourceVersion).toBe("2");
    const cur = txn.world().get("core/Pod", "a", "p1")!;
    const updated = await client.update({ ...cur, metadata: { ...cur.metadata, labels: { x: "1" } } });
    await client.updateStatus({ ...updated, status: { phase: "Running" } });
    await client.patch(podRef("a", "p2"), { metadata: { labels: { y: "1" } } }, "merge");
    await client.patchStatus(podRef("a", "p2"), { status: { phase: "Pending" } });
    await client.delete(podRef("a", "p2"));
    await client.deleteAllOf("v1", "Pod", { namespace: "a" });
    expect(txn.effects.map((e) => `${e.op} ${e.name}`)).toEqual([
      "CREATE p2",
      "UPDATE p1",
      "UPDATE p1",
      "PATCH p2",
      "PATCH p2",
      "REMOVE p2",
      "REMOVE p1",
    ]);
  });

  it("a failed write rejects with the ApiError and changes nothing", async () => {
    const { client, txn } = setup([pod("a", "p1")]);
    const e = await rejection(client.create(pod("a", "p1")));
    expect(e.code).toBe(409);
    expect(txn.effects).toEqual([]);
  });

  it("delete resolves to nothing, and its options reach the server", async () => {
    const { client, txn } = setup([pod("a", "p1")]);
    await expect(client.delete(podRef("a", "p1"), { propagationPolicy: "Orphan" })).resolves.toBeUndefined();
    expect(txn.world().get("core/Pod", "a", "p1")?.metadata?.finalizers).toEqual(["orphan"]);
  });
});
