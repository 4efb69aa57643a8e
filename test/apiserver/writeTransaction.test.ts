import { beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { emptyServerMeta, type ServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { WriteTransaction } from "../../src/apiserver/writeTransaction.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import { isDeepFrozen } from "../../src/objects/deepFreeze.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});

const kinds = new KindRegistry();
kinds.declare("example.com/Cluster", { scope: "Cluster" });
kinds.declare("example.com/Plain", { statusSubresource: false });

const NOW = new Date(2 * 3_600_000);
const NOW_TEXT = "1970-01-01T02:00:00Z";

function txnOver(world: World = World.empty(), meta: ServerMeta = emptyServerMeta(), now: Date = NOW): WriteTransaction {
  return new WriteTransaction({ kinds, world, meta, now, hasher });
}

/** A transaction whose true world already holds `objs`, created by an earlier transaction. */
function seeded(...objs: KubeObject[]): WriteTransaction {
  const t = txnOver(World.empty(), emptyServerMeta(), new Date(0));
  for (const o of objs) t.create(o);
  return txnOver(t.world(), t.meta());
}

function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw new Error(`expected an ApiError, got ${String(e)}`);
  }
  throw new Error("expected an ApiError, nothing was thrown");
}

const cm = (name: string, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: "default", ...meta },
  ...extra,
});
const foo = (name: string, extra: Record<string, unknown> = {}, meta: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "example.com/v1",
  kind: "Foo",
  metadata: { name, namespace: "default", ...meta },
  spec: { replicas: 1 },
  ...extra,
});
const deploy = (name: string, extra: Record<string, unknown> = {}): KubeObject => ({
  apiVersion: "apps/v1",
  kind: "Deployment",
  metadata: { name, namespace: "default" },
  spec: { replicas: 1 },
  ...extra,
});
const cmRef = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", namespace: "default", name });
const fooRef = (name: string) => ({ apiVersion: "example.com/v1", kind: "Foo", namespace: "default", name });
const deployRef = (name: string) => ({ apiVersion: "apps/v1", kind: "Deployment", namespace: "default", name });

describe("create", () => {
  it("create without metadata.name or generateName fails with Invalid (422)", () => {
    const e = apiError(() => txnOver().create({ apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "default" } }));
    expect(e.code).toBe(422);
    expect(e.body.reason).toBe("Invalid");
    expect(e.message).toBe('ConfigMap "" is invalid: metadata.name: Required value: name or generateName is required');
  });

  it("generateName gets a deterministic 5-character suffix: the same prefix and world give the same name", () => {
    const gen: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "web-", namespace: "default" } };
    const a = txnOver().create(gen);
    const b = txnOver().create(gen);
    expect(a.metadata?.name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
    expect(b.metadata?.name).toBe(a.metadata?.name);
  });

  it("generateName picks a name not taken by the world or earlier writes of the transaction", () => {
    const gen: KubeObject = { apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "web-", namespace: "default" } };
    const t = txnOver();
    const first = t.create(gen).metadata!.name!;
    const second = t.create(gen).metadata!.name!;
    expect(second).not.toBe(first);
    expect(seeded(cm(first)).create(gen).metadata?.name).toBe(second);
  });

  it("a namespaced kind without metadata.namespace fails with Invalid naming the kind", () => {
    const e = apiError(() => txnOver().create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a" } }));
    expect(e.code).toBe(422);
    expect(e.message).toBe('ConfigMap "a" is invalid: metadata.namespace: Required value: core/ConfigMap is namespaced: the object needs a namespace');
  });

  it("a cluster-scoped kind given a namespace has the namespace dropped", () => {
    const t = txnOver();
    const n = t.create({ apiVersion: "v1", kind: "Namespace", metadata: { name: "team", namespace: "default" } });
    expect(n.metadata?.namespace).toBeUndefined();
    expect(t.world().get("core/Namespace", "", "team")).toBeDefined();
    const c = t.create({ apiVersion: "example.com/v1", kind: "Cluster", metadata: { name: "c1", namespace: "x" } });
    expect(c.metadata?.namespace).toBeUndefined();
    expect(t.effects.map((e) => e.namespace)).toEqual(["", ""]);
  });

  it("create of an existing key fails with AlreadyExists (409)", () => {
    const e = apiError(() => seeded(cm("a")).create(cm("a")));
    expect(e.code).toBe(409);
    expect(e.body.reason).toBe("AlreadyExists");
    expect(e.message).toBe('configmaps "a" already exists');
    const d = apiError(() => seeded(deploy("web")).create(deploy("web")));
    expect(d.message).toBe('deployments.apps "web" already exists');
  });

  it("the server sets uid, resourceVersion and creationTimestamp (the simulated clock), overwriting client values", () => {
    const t = txnOver(World.empty(), { revision: 41, incarnations: new Map() });
    const made = t.create(cm("a", {}, { uid: "mine", resourceVersion: "999", creationTimestamp: "2020-01-01T00:00:00Z" }));
    expect(made.metadata?.uid).not.toBe("mine");
    expect(made.metadata?.uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(made.metadata?.resourceVersion).toBe("42");
    expect(made.metadata?.creationTimestamp).toBe(NOW_TEXT);
    expect(t.meta().revision).toBe(42);
  });

  it("uids are deterministic: the same create on the same path gives the same uid", () => {
    expect(txnOver().create(cm("a")).metadata?.uid).toBe(txnOver().create(cm("a")).metadata?.uid);
    expect(txnOver().create(cm("b")).metadata?.uid).not.toBe(txnOver().create(cm("a")).metadata?.uid);
  });

  it("an object deleted and created again gets a new uid", () => {
    const t = txnOver();
    const first = t.create(cm("a")).metadata?.uid;
    t.delete(cmRef("a"));
    const second = t.create(cm("a")).metadata?.uid;
    expect(second).not.toBe(first);
    expect([...t.meta().incarnations.values()]).toEqual([2]);
  });

  it("generation is 1 on create only for kinds whose real server keeps one", () => {
    const t = txnOver();
    expect(t.create(foo("f")).metadata?.generation).toBe(1);
    expect(t.create<KubeObject>(deploy("d", { metadata: { name: "d", namespace: "default", generation: 7 } })).metadata?.generation).toBe(1);
    expect(t.create(cm("c", {}, { generation: 5 })).metadata?.generation).toBeUndefined();
    expect(t.create<KubeObject>({ apiVersion: "v1", kind: "Service", metadata: { name: "s", namespace: "default" } }).metadata?.generation).toBeUndefined();
  });

  it("deletionTimestamp on create is ignored", () => {
    const made = txnOver().create(cm("a", {}, { deletionTimestamp: "2020-01-01T00:00:00Z", deletionGracePeriodSeconds: 30 }));
    expect(made.metadata?.deletionTimestamp).toBeUndefined();
    expect(made.metadata?.deletionGracePeriodSeconds).toBeUndefined();
  });

  it("status on create is dropped when the kind has a status subresource, and kept when it has none", () => {
    expect(txnOver().create(foo("f", { status: { ready: true } })).status).toBeUndefined();
    const plain = { apiVersion: "example.com/v1", kind: "Plain", metadata: { name: "p", namespace: "default" }, status: { ready: true } };
    expect(txnOver().create(plain).status).toEqual({ ready: true });
  });

  it("a name the kind does not allow fails with Invalid and the real server's message", () => {
    const e = apiError(() => txnOver().create(cm("Web_1")));
    expect(e.code).toBe(422);
    expect(e.message).toBe(
      `ConfigMap "Web_1" is invalid: metadata.name: Invalid value: "Web_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    );
    const s = apiError(() => txnOver().create({ apiVersion: "v1", kind: "Service", metadata: { name: "1web", namespace: "default" } }));
    expect(s.message).toContain("a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character");
  });

  it("an invalid label value fails with Invalid", () => {
    const e = apiError(() => txnOver().create(cm("a", {}, { labels: { app: "my app" } })));
    expect(e.message).toMatch(/^ConfigMap "a" is invalid: metadata\.labels: Invalid value: "my app": a valid label must be an empty string or consist of alphanumeric characters/);
  });

  it("owner references need apiVersion, kind, name and uid, and at most one controller", () => {
    const ref = { apiVersion: "v1", kind: "ConfigMap", name: "o", uid: "" };
    const e = apiError(() => txnOver().create(cm("a", {}, { ownerReferences: [ref] })));
    expect(e.message).toBe('ConfigMap "a" is invalid: metadata.ownerReferences.uid: Invalid value: "": uid must not be empty');
    const two = [
      { apiVersion: "v1", kind: "ConfigMap", name: "o1", uid: "1", controller: true },
      { apiVersion: "v1", kind: "ConfigMap", name: "o2", uid: "2", controller: true },
    ];
    const c = apiError(() => txnOver().create(cm("a", {}, { ownerReferences: two })));
    expect(c.message).toContain('Only one reference can have Controller set to true. Found "true" in references for ConfigMap/o1 and ConfigMap/o2');
  });

  it("an object whose apiVersion/kind does not parse fails with BadRequest naming it", () => {
    const e = apiError(() => txnOver().create({ apiVersion: "v1", kind: "configmap", metadata: { name: "a", namespace: "default" } }));
    expect(e.code).toBe(400);
    expect(e.body.reason).toBe("BadRequest");
    expect(e.message).toContain('kind "core/configmap" is not valid');
    const m = apiError(() => txnOver().create({ metadata: { name: "a", namespace: "default" } }));
    expect(m.code).toBe(400);
    expect(m.message).toContain("object has no valid apiVersion/kind");
  });

  it("a body that is not JSON or has metadata of the wrong shape fails with BadRequest", () => {
    const cyclic: Record<string, unknown> = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" } };
    cyclic.self = cyclic;
    expect(apiError(() => txnOver().create(cyclic as KubeObject)).code).toBe(400);
    const e = apiError(() => txnOver().create(cm("a", {}, { labels: { n: 1 } })));
    expect(e.message).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string");
  });

  it("a create is recorded as a CREATE effect with a frozen after, and returns a mutable copy", () => {
    const t = txnOver();
    const made = t.create(cm("a", { data: { k: "v" } }));
    expect(t.effects).toHaveLength(1);
    const e = t.effects[0]!;
    expect(e).toMatchObject({ op: "CREATE", kind: "core/ConfigMap", namespace: "default", name: "a" });
    expect(e.before).toBeUndefined();
    expect(Object.isFrozen(e.after)).toBe(true);
    (made.data as Record<string, string>).k = "changed";
    expect(t.world().get("core/ConfigMap", "default", "a")?.data).toEqual({ k: "v" });
  });

  it("Date timestamps in a request travel as RFC 3339 strings", () => {
    const t = seeded(cm("a"));
    const current = t.world().get("core/ConfigMap", "default", "a")!;
    const withDate = { ...current, metadata: { ...current.metadata, creationTimestamp: new Date(0) } } as KubeObject;
    t.update(withDate);
    expect(t.effects).toHaveLength(0);
  });
});

describe("update", () => {
  it("update of a missing object fails with NotFound (404) and the standard message", () => {
    const e = apiError(() => txnOver().update(cm("a")));
    expect(e.code).toBe(404);
    expect(e.body.reason).toBe("NotFound");
    expect(e.message).toBe('configmaps "a" not found');
  });

  it("update with a stale resourceVersion fails with Conflict", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.update(cm("a", { data: { k: "v" } }, { resourceVersion: "0" })));
    expect(e.code).toBe(409);
    expect(e.body.reason).toBe("Conflict");
    expect(e.message).toBe(
      'Operation cannot be fulfilled on configmaps "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it("update with the current resourceVersion succeeds and takes the next revision", () => {
    const t = seeded(cm("a"));
    const rv = t.world().get("core/ConfigMap", "default", "a")!.metadata!.resourceVersion!;
    const out = t.update(cm("a", { data: { k: "v" } }, { resourceVersion: rv }));
    expect(out.metadata?.resourceVersion).toBe(String(Number(rv) + 1));
    expect(t.effects.map((e) => e.op)).toEqual(["UPDATE"]);
  });

  it("an empty resourceVersion is an unconditional update for built-in kinds", () => {
    const t = seeded(cm("a"));
    expect(t.update(cm("a", { data: { k: "v" } })).data).toEqual({ k: "v" });
  });

  it("an empty resourceVersion on a custom resource fails with Invalid, as the real server refuses it", () => {
    const t = seeded(foo("f"));
    const e = apiError(() => t.update(foo("f", { spec: { replicas: 2 } })));
    expect(e.code).toBe(422);
    expect(e.message).toBe('Foo.example.com "f" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update');
  });

  it("update ignores changes to status when the kind has a status subresource", () => {
    const t = seeded(foo("f"));
    const cur = t.world().get("example.com/Foo", "default", "f")!;
    const out = t.update({ ...cur, spec: { replicas: 3 }, status: { ready: true } });
    expect(out.status).toBeUndefined();
    expect(out.spec).toEqual({ replicas: 3 });
  });

  it("updateStatus ignores everything but status", () => {
    const t = seeded(foo("f"));
    const cur = t.world().get("example.com/Foo", "default", "f")!;
    const out = t.updateStatus({ ...cur, spec: { replicas: 9 }, metadata: { ...cur.metadata, labels: { a: "b" } }, status: { ready: true } });
    expect(out.status).toEqual({ ready: true });
    expect(out.spec).toEqual({ replicas: 1 });
    expect(out.metadata?.labels).toBeUndefined();
    expect(t.effects.map((e) => e.op)).toEqual(["UPDATE"]);
  });

  it("what updateStatus and update store is frozen all the way down, and what they return cannot reach it", () => {
    const t = seeded(foo("f", {}, { labels: { app: "web" }, finalizers: ["keep"] }));
    const cur = t.world().get("example.com/Foo", "default", "f")!;
    const afterStatus = t.updateStatus({ ...cur, status: { ready: true, conditions: [{ type: "Ready" }] } });
    const afterSpec = t.update({ ...afterStatus, spec: { replicas: 2 } });
    const stored = t.world().get("example.com/Foo", "default", "f")!;
    expect(isDeepFrozen(stored)).toBe(true);
    for (const e of t.effects) expect(isDeepFrozen(e.after)).toBe(true);
    (afterStatus.metadata!.labels as Record<string, string>).app = "changed";
    (afterStatus.status as { conditions: { type: string }[] }).conditions[0]!.type = "changed";
    afterSpec.metadata!.finalizers!.push("more");
    (afterSpec.status as { ready: boolean }).ready = false;
    expect(stored.metadata?.labels).toEqual({ app: "web" });
    expect(stored.metadata?.finalizers).toEqual(["keep"]);
    expect(stored.status).toEqual({ ready: true, conditions: [{ type: "Ready" }] });
    expect(t.effects[0]!.after!.status).toEqual({ ready: true, conditions: [{ type: "Ready" }] });
  });

  it("updateStatus of a kind without a status subresource fails with NotFound", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.updateStatus(cm("a", { status: { x: 1 } })));
    expect(e.code).toBe(404);
    expect(e.message).toContain("the server could not find the requested resource");
  });

  it("generation increments when anything outside metadata and status changes, and only then", () => {
    const t = seeded(foo("f"));
    let cur = t.world().get("example.com/Foo", "default", "f")!;
    cur = t.update({ ...cur, metadata: { ...cur.metadata, labels: { a: "b" } } });
    expect(cur.metadata?.generation).toBe(1);
    cur = t.updateStatus({ ...cur, status: { ready: true } });
    expect(cur.metadata?.generation).toBe(1);
    cur = t.update({ ...cur, spec: { replicas: 2 } });
    expect(cur.metadata?.generation).toBe(2);
    cur = t.update({ ...cur, extra: "top-level field" });
    expect(cur.metadata?.generation).toBe(3);
  });

  it("for a kind without a status subresource, a status change bumps the generation too", () => {
    const plain = { apiVersion: "example.com/v1", kind: "Plain", metadata: { name: "p", namespace: "default" }, status: { n: 1 } };
    const t = seeded(plain);
    const cur = t.world().get("example.com/Plain", "default", "p")!;
    expect(t.update({ ...cur, status: { n: 2 } }).metadata?.generation).toBe(2);
  });

  it("a client cannot set the generation", () => {
    const t = seeded(foo("f"));
    const cur = t.world().get("example.com/Foo", "default", "f")!;
    const out = t.update({ ...cur, metadata: { ...cur.metadata, generation: 10, labels: { a: "b" } } });
    expect(out.metadata?.generation).toBe(1);
  });

  it("uid is immutable", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.update(cm("a", {}, { uid: "other" })));
    expect(e.code).toBe(422);
    expect(e.message).toBe('ConfigMap "a" is invalid: metadata.uid: Invalid value: "other": field is immutable');
  });

  it("creationTimestamp is immutable", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.update(cm("a", {}, { creationTimestamp: "2001-01-01T00:00:00Z" })));
    expect(e.message).toBe('ConfigMap "a" is invalid: metadata.creationTimestamp: Invalid value: "2001-01-01T00:00:00Z": field is immutable');
  });

  it("a patch that renames is 400 BadRequest, as the real server's name check answers before validation", () => {
    const t = seeded(cm("a"));
    for (const type of ["merge", "strategic"] as const) {
      const e = apiError(() => t.patch(cmRef("a"), { metadata: { name: "b" } }, type));
      expect(e.code).toBe(400);
      expect(e.body.reason).toBe("BadRequest");
      expect(e.message).toBe("the name of the object (b) does not match the name on the URL (a)");
    }
    expect(apiError(() => t.patch(cmRef("a"), [{ op: "replace", path: "/metadata/name", value: "b" }], "json")).code).toBe(400);
    const n = apiError(() => t.patch(cmRef("a"), { metadata: { namespace: "other" } }, "merge"));
    expect(n.code).toBe(400);
    expect(n.message).toBe("the namespace of the object (other) does not match the namespace on the URL (default)");
  });

  it("a patch that removes the namespace keeps the object's own, as the real server fills it in", () => {
    const t = seeded(cm("a"));
    expect(t.patch(cmRef("a"), { metadata: { namespace: null }, data: { x: "1" } }, "merge").metadata?.namespace).toBe("default");
  });

  it("an update cannot set a deletionTimestamp", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.update(cm("a", {}, { deletionTimestamp: NOW_TEXT })));
    expect(e.message).toBe(`ConfigMap "a" is invalid: metadata.deletionTimestamp: Invalid value: "${NOW_TEXT}": field is immutable`);
  });

  it("an update cannot clear or change a deletionTimestamp: the server keeps it", () => {
    const t = seeded(cm("a", {}, { finalizers: ["example.com/keep"] }));
    t.delete(cmRef("a"));
    const cur = t.world().get("core/ConfigMap", "default", "a")!;
    const { deletionTimestamp: _dt, ...rest } = cur.metadata! as Record<string, unknown>;
    const out = t.update({ ...cur, metadata: rest, data: { k: "v" } });
    expect(out.metadata?.deletionTimestamp).toBe(NOW_TEXT);
  });

  it("an update that changes nothing succeeds, keeps the resourceVersion and records no effect", () => {
    const t = seeded(cm("a", { data: { k: "v" } }));
    const cur = t.world().get("core/ConfigMap", "default", "a")!;
    const revision = t.meta().revision;
    const out = t.update(structuredClone(cur));
    expect(out.metadata?.resourceVersion).toBe(cur.metadata?.resourceVersion);
    expect(t.effects).toEqual([]);
    expect(t.meta().revision).toBe(revision);
    expect(t.world().get("core/ConfigMap", "default", "a")).toBe(cur);
  });

  it("finalizers cannot be added to an object that has a deletionTimestamp", () => {
    const t = seeded(cm("a", {}, { finalizers: ["example.com/keep"] }));
    t.delete(cmRef("a"));
    const cur = t.world().get("core/ConfigMap", "default", "a")!;
    const e = apiError(() => t.update({ ...cur, metadata: { ...cur.metadata, finalizers: ["example.com/keep", "example.com/more"] } }));
    expect(e.code).toBe(422);
    expect(e.message).toBe(
      'ConfigMap "a" is invalid: metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{"example.com/more"}',
    );
  });

  it("an update that removes the last finalizer of an object with a deletionTimestamp removes it (REMOVE)", () => {
    const t = seeded(cm("a", {}, { finalizers: ["example.com/keep"] }));
    t.delete(cmRef("a"));
    const cur = t.world().get("core/ConfigMap", "default", "a")!;
    const { finalizers: _f, ...rest } = cur.metadata!;
    t.update({ ...cur, metadata: rest });
    expect(t.effects.map((e) => e.op)).toEqual(["DELETE", "REMOVE"]);
    expect(t.effects[1]!.before).toBe(cur);
    expect(t.effects[1]!.after).toBeUndefined();
    expect(t.world().get("core/ConfigMap", "default", "a")).toBeUndefined();
  });

  it("each write takes the next revision; effects are recorded in call order", () => {
    const t = txnOver(World.empty(), { revision: 10, incarnations: new Map() });
    t.create(cm("a"));
    t.create(cm("b"));
    t.update(cm("a", { data: { x: "1" } }));
    t.delete(cmRef("b"));
    expect(t.effects.map((e) => `${e.op} ${e.name} ${e.after?.metadata?.resourceVersion ?? "-"}`)).toEqual([
      "CREATE a 11",
      "CREATE b 12",
      "UPDATE a 13",
      "REMOVE b -",
    ]);
    expect(t.meta().revision).toBe(14);
  });

  it("writes are validated against the true world plus the transaction's earlier writes", () => {
    const t = txnOver();
    t.create(cm("a"));
    expect(apiError(() => t.create(cm("a"))).code).toBe(409);
    t.delete(cmRef("a"));
    expect(apiError(() => t.update(cm("a"))).code).toBe(404);
  });

  it("two equal write sequences from the same state produce identical effects", () => {
    const run = () => {
      const t = seeded(foo("f"), cm("a"));
      t.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { generateName: "x-", namespace: "default" } });
      t.patch(fooRef("f"), { spec: { replicas: 5 } }, "merge");
      t.delete(cmRef("a"));
      return JSON.stringify({ effects: t.effects, meta: [...t.meta().incarnations], rev: t.meta().revision });
    };
    expect(run()).toBe(run());
  });
});

describe("patch", () => {
  it("a merge patch (RFC 7386) sets and removes fields", () => {
    const t = seeded(cm("a", { data: { x: "1", y: "2" } }));
    const out = t.patch(cmRef("a"), { data: { x: "9", y: null } }, "merge");
    expect(out.data).toEqual({ x: "9" });
    expect(t.effects.map((e) => e.op)).toEqual(["PATCH"]);
  });

  it("a JSON patch (RFC 6902) applies its operations in order", () => {
    const t = seeded(cm("a", { data: { x: "1" } }));
    const out = t.patch(cmRef("a"), [
      { op: "test", path: "/data/x", value: "1" },
      { op: "add", path: "/data/y", value: "2" },
      { op: "remove", path: "/data/x" },
    ], "json");
    expect(out.data).toEqual({ y: "2" });
  });

  it("a JSON patch whose test fails is Invalid (422) and changes nothing", () => {
    const t = seeded(cm("a", { data: { x: "1" } }));
    const e = apiError(() => t.patch(cmRef("a"), [{ op: "test", path: "/data/x", value: "2" }, { op: "remove", path: "/data" }], "json"));
    expect(e.code).toBe(422);
    expect(t.effects).toEqual([]);
  });

  it("a JSON patch that is not a list of operations is a BadRequest", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.patch(cmRef("a"), { data: {} }, "json"));
    expect(e.code).toBe(400);
    expect(e.message).toBe("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
  });

  it("a strategic merge patch merges containers by name", () => {
    const t = seeded(deploy("web", { spec: { template: { spec: { containers: [{ name: "a", image: "a:1" }, { name: "b", image: "b:1" }] } } } }));
    const out = t.patch(deployRef("web"), { spec: { template: { spec: { containers: [{ name: "b", image: "b:2" }] } } } }, "strategic");
    expect((out.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers).toEqual([
      { name: "a", image: "a:1" },
      { name: "b", image: "b:2" },
    ]);
  });

  it("a strategic merge patch of a custom resource fails with 415, as the real server refuses it", () => {
    const t = seeded(foo("f"));
    const e = apiError(() => t.patch(fooRef("f"), { spec: { replicas: 2 } }, "strategic"));
    expect(e.code).toBe(415);
    expect(e.body.reason).toBe("UnsupportedMediaType");
  });

  it("an unknown patch type fails with 415", () => {
    const t = seeded(cm("a"));
    expect(apiError(() => t.patch(cmRef("a"), {}, "xml" as never)).code).toBe(415);
  });

  it("apply is a strategic merge without field ownership", () => {
    const t = seeded(cm("a", { data: { x: "1" } }));
    const out = t.patch(cmRef("a"), { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" }, data: { y: "2" } }, "apply");
    expect(out.data).toEqual({ x: "1", y: "2" });
  });

  it("apply of a missing object creates it, as server-side apply does", () => {
    const t = txnOver();
    const out = t.patch(fooRef("f"), { apiVersion: "example.com/v1", kind: "Foo", spec: { replicas: 4 } }, "apply");
    expect(out.metadata?.uid).toBeDefined();
    expect(out.spec).toEqual({ replicas: 4 });
    expect(t.effects.map((e) => e.op)).toEqual(["CREATE"]);
  });

  it("a patch of a missing object fails with NotFound", () => {
    expect(apiError(() => txnOver().patch(cmRef("a"), { data: {} }, "merge")).message).toBe('configmaps "a" not found');
  });

  it("a patch that carries a stale resourceVersion fails with Conflict", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.patch(cmRef("a"), { metadata: { resourceVersion: "0" }, data: { x: "1" } }, "merge"));
    expect(e.code).toBe(409);
  });

  it("a patch follows the update rules afterwards: status split, generation, immutable fields", () => {
    const t = seeded(foo("f"));
    const out = t.patch(fooRef("f"), { spec: { replicas: 2 }, status: { ready: true } }, "merge");
    expect(out.status).toBeUndefined();
    expect(out.metadata?.generation).toBe(2);
    expect(apiError(() => t.patch(fooRef("f"), { metadata: { uid: "x" } }, "merge")).code).toBe(422);
  });

  it("patchStatus keeps only the status of the patched object", () => {
    const t = seeded(foo("f"));
    const out = t.patchStatus(fooRef("f"), { spec: { replicas: 7 }, status: { ready: true } }, "merge");
    expect(out.status).toEqual({ ready: true });
    expect(out.spec).toEqual({ replicas: 1 });
    expect(out.metadata?.generation).toBe(1);
  });

  it("a patch that changes nothing records no effect", () => {
    const t = seeded(cm("a", { data: { x: "1" } }));
    t.patch(cmRef("a"), { data: { x: "1" } }, "merge");
    expect(t.effects).toEqual([]);
  });
});

describe("delete", () => {
  it("delete of a missing object fails with NotFound", () => {
    const e = apiError(() => txnOver().delete(cmRef("a")));
    expect(e.code).toBe(404);
    expect(e.message).toBe('configmaps "a" not found');
  });

  it("a uid precondition that does not match fails with Conflict", () => {
    const t = seeded(cm("a"));
    const uid = t.world().get("core/ConfigMap", "default", "a")!.metadata!.uid!;
    const e = apiError(() => t.delete(cmRef("a"), { preconditions: { uid: "other" } }));
    expect(e.code).toBe(409);
    expect(e.message).toBe(`Operation cannot be fulfilled on configmaps "a": Precondition failed: UID in precondition: other, UID in object meta: ${uid}`);
  });

  it("a resourceVersion precondition that does not match fails with Conflict", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.delete(cmRef("a"), { preconditions: { resourceVersion: "77" } }));
    expect(e.code).toBe(409);
    expect(e.message).toBe('Operation cannot be fulfilled on configmaps "a": Precondition failed: ResourceVersion in precondition: 77, ResourceVersion in object meta: 1');
  });

  it("delete of an object without finalizers removes it (REMOVE)", () => {
    const t = seeded(cm("a"));
    const before = t.world().get("core/ConfigMap", "default", "a");
    const out = t.delete(cmRef("a"));
    expect(out.removed).toBe(true);
    expect(t.effects).toEqual([{ op: "REMOVE", kind: "core/ConfigMap", namespace: "default", name: "a", before }]);
    expect(t.world().size).toBe(0);
  });

  it("delete accepts the object itself as well as a reference", () => {
    const t = seeded(cm("a"));
    t.delete(t.world().get("core/ConfigMap", "default", "a")!);
    expect(t.world().size).toBe(0);
  });

  it("delete of an object with finalizers sets deletionTimestamp (simulated clock) and keeps it (DELETE)", () => {
    const t = seeded(foo("f", {}, { finalizers: ["example.com/cleanup"] }));
    const out = t.delete(fooRef("f"));
    expect(out.removed).toBe(false);
    const stored = t.world().get("example.com/Foo", "default", "f")!;
    expect(stored.metadata?.deletionTimestamp).toBe(NOW_TEXT);
    expect(stored.metadata?.deletionGracePeriodSeconds).toBe(0);
    expect(t.effects.map((e) => e.op)).toEqual(["DELETE"]);
  });

  it("a delete that sets deletionTimestamp bumps the generation of kinds that keep one", () => {
    const t = seeded(foo("f", {}, { finalizers: ["example.com/cleanup"] }));
    t.delete(fooRef("f"));
    expect(t.world().get("example.com/Foo", "default", "f")!.metadata?.generation).toBe(2);
  });

  it("further deletes of an object being deleted change nothing", () => {
    const t = seeded(cm("a", {}, { finalizers: ["example.com/keep"] }));
    t.delete(cmRef("a"));
    const after = t.world().get("core/ConfigMap", "default", "a");
    const revision = t.meta().revision;
    t.delete(cmRef("a"));
    expect(t.effects).toHaveLength(1);
    expect(t.world().get("core/ConfigMap", "default", "a")).toBe(after);
    expect(t.meta().revision).toBe(revision);
  });

  it("Background (the default) removes an object without finalizers at once: dependents are left to the garbage collector", () => {
    const t = seeded(cm("owner"));
    t.delete(cmRef("owner"), { propagationPolicy: "Background" });
    expect(t.effects.map((e) => e.op)).toEqual(["REMOVE"]);
  });

  it("Foreground gives the owner the foregroundDeletion finalizer and keeps it", () => {
    const t = seeded(cm("owner", {}, { finalizers: ["example.com/keep"] }));
    t.delete(cmRef("owner"), { propagationPolicy: "Foreground" });
    const o = t.world().get("core/ConfigMap", "default", "owner")!;
    expect(o.metadata?.finalizers).toEqual(["example.com/keep", "foregroundDeletion"]);
    expect(o.metadata?.deletionTimestamp).toBe(NOW_TEXT);
  });

  it("Orphan gives the owner the orphan finalizer and keeps it", () => {
    const t = seeded(cm("owner"));
    t.delete(cmRef("owner"), { propagationPolicy: "Orphan" });
    expect(t.world().get("core/ConfigMap", "default", "owner")!.metadata?.finalizers).toEqual(["orphan"]);
    expect(t.effects.map((e) => e.op)).toEqual(["DELETE"]);
  });

  it("an explicit policy replaces the collector's finalizers; without one, the object's own decide", () => {
    const t = seeded(cm("a", {}, { finalizers: ["orphan"] }));
    t.delete(cmRef("a"));
    expect(t.world().get("core/ConfigMap", "default", "a")!.metadata?.finalizers).toEqual(["orphan"]);
    t.delete(cmRef("a"), { propagationPolicy: "Background" });
    expect(t.world().get("core/ConfigMap", "default", "a")).toBeUndefined();
    expect(t.effects.map((e) => e.op)).toEqual(["DELETE", "REMOVE"]);
  });

  it("an unknown propagation policy fails with Invalid", () => {
    const t = seeded(cm("a"));
    const e = apiError(() => t.delete(cmRef("a"), { propagationPolicy: "Sideways" as never }));
    expect(e.code).toBe(422);
    expect(e.message).toBe('DeleteOptions.meta.k8s.io "" is invalid: propagationPolicy: Unsupported value: "Sideways": supported values: "Foreground", "Background", "Orphan"');
  });

  it("deleteAllOf deletes each object matching the namespace and label selector, in order", () => {
    const t = seeded(
      cm("b", {}, { labels: { app: "web" } }),
      cm("a", {}, { labels: { app: "web" } }),
      cm("c", {}, { labels: { app: "db" } }),
      { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "d", namespace: "other", labels: { app: "web" } } },
    );
    const out = t.deleteAllOf("v1", "ConfigMap", { namespace: "default", labelSelector: "app=web" });
    expect(out.map((o) => o.object.metadata?.name)).toEqual(["a", "b"]);
    expect(t.effects.map((e) => `${e.op} ${e.namespace}/${e.name}`)).toEqual(["REMOVE default/a", "REMOVE default/b"]);
    expect(t.world().list("core/ConfigMap").map((o) => o.metadata?.name)).toEqual(["c", "d"]);
  });

  it("deleteAllOf with a malformed selector fails with BadRequest and deletes nothing", () => {
    const t = seeded(cm("a"));
    expect(apiError(() => t.deleteAllOf("v1", "ConfigMap", { labelSelector: "a in (" })).code).toBe(400);
    expect(t.effects).toEqual([]);
  });
});

describe("dry run", () => {
  it("a dry-run write validates and answers but changes nothing", () => {
    const t = seeded(cm("a"));
    const made = t.create(cm("b"), { dryRun: true });
    expect(made.metadata?.uid).toBeDefined();
    t.update(cm("a", { data: { x: "1" } }), { dryRun: true });
    t.delete(cmRef("a"), { dryRun: true });
    expect(t.effects).toEqual([]);
    expect(t.world().list("core/ConfigMap").map((o) => o.metadata?.name)).toEqual(["a"]);
    expect(apiError(() => t.create(cm("a"), { dryRun: true })).code).toBe(409);
  });
});

describe("bookkeeping", () => {
  it("meta() is a snapshot: later writes do not change bookkeeping already handed out", () => {
    const t = txnOver();
    t.create(cm("a"));
    const snapshot = t.meta();
    t.create(cm("b"));
    expect(snapshot.revision).toBe(1);
    expect(snapshot.incarnations.size).toBe(1);
    expect(t.meta().incarnations.size).toBe(2);
  });

  it("the bookkeeping a transaction starts from is never changed", () => {
    const start = emptyServerMeta();
    const t = txnOver(World.empty(), start);
    t.create(cm("a"));
    expect(start.incarnations.size).toBe(0);
    expect(start.revision).toBe(0);
  });
});
