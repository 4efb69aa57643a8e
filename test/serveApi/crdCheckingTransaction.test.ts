import { beforeAll, describe, expect, it } from "vitest";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { World } from "../../src/apiserver/world.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { CrdCheckingTransaction } from "../../src/serveApi/crdCheckingTransaction.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});

const REF = { apiVersion: "apiextensions.k8s.io/v1", kind: "CustomResourceDefinition", name: "widgets.example.com" };

function crd(scope: string): KubeObject {
  return {
    apiVersion: "apiextensions.k8s.io/v1",
    kind: "CustomResourceDefinition",
    metadata: { name: "widgets.example.com" },
    spec: { group: "example.com", scope, names: { plural: "widgets", kind: "Widget" }, versions: [{ name: "v1", served: true, storage: true }] },
  } as KubeObject;
}

function txnOn(world: World): CrdCheckingTransaction {
  return new CrdCheckingTransaction({ kinds: new KindRegistry(), world, meta: emptyServerMeta(), now: new Date(0), hasher });
}

/** A world with the definition stored and established. */
function established(): World {
  const txn = txnOn(World.empty());
  txn.create(crd("Namespaced"));
  txn.patchStatus(REF, { status: { conditions: [{ type: "Established", status: "True" }] } });
  return txn.world();
}

describe("CrdCheckingTransaction", () => {
  it("a dry-run create of an invalid definition is Invalid, as the create itself is", () => {
    expect(() => txnOn(World.empty()).create(crd("Bogus"), { dryRun: true })).toThrow('spec.scope: Unsupported value: "Bogus"');
    expect(() => txnOn(World.empty()).create(crd("Bogus"))).toThrow('spec.scope: Unsupported value: "Bogus"');
  });

  it("a dry-run patch or update that changes an established definition's scope is Invalid", () => {
    const world = established();
    const patch = [{ op: "replace", path: "/spec/scope", value: "Cluster" }];
    expect(() => txnOn(world).patch(REF, patch, "json", { dryRun: true })).toThrow('spec.scope: Invalid value: "Cluster": field is immutable');
    const stored = world.get("apiextensions.k8s.io/CustomResourceDefinition", "", REF.name)!;
    const changed = { ...stored, spec: { ...(stored as { spec: object }).spec, scope: "Cluster" } } as KubeObject;
    expect(() => txnOn(world).update(changed, { dryRun: true })).toThrow("field is immutable");
  });

  it("a refused write records no effect, and a valid dry run answers without writing", () => {
    const txn = txnOn(established());
    expect(() => txn.patch(REF, { spec: { scope: "Cluster" } })).toThrow("field is immutable");
    const dry = txn.patch(REF, { metadata: { labels: { a: "b" } } }, "merge", { dryRun: true });
    expect(dry.metadata?.labels).toEqual({ a: "b" });
    expect(txn.effects).toEqual([]);
  });

  it("writes of other kinds are left to WriteTransaction", () => {
    const txn = txnOn(World.empty());
    txn.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } });
    expect(txn.effects.map((e) => e.op)).toEqual(["CREATE"]);
  });
});
