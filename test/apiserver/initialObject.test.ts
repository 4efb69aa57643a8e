import { beforeAll, describe, expect, it } from "vitest";
import { admitInitialObject } from "../../src/apiserver/initialObject.ts";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { KameraError } from "../../src/kameraError.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});
const kinds = new KindRegistry();
const EPOCH = new Date(0);

describe("admitInitialObject", () => {
  it("keeps metadata as given: uid, resourceVersion, timestamps, generation, deletionTimestamp, status", () => {
    const given: KubeObject = {
      apiVersion: "example.com/v1",
      kind: "Foo",
      metadata: {
        name: "f",
        namespace: "d",
        uid: "given-uid",
        resourceVersion: "17",
        generation: 4,
        creationTimestamp: "2024-01-01T00:00:00Z",
        deletionTimestamp: "2024-01-02T00:00:00Z",
        finalizers: ["example.com/x"],
      },
      status: { ready: true },
    };
    const { object, meta, kind } = admitInitialObject(kinds, given, emptyServerMeta(), EPOCH, hasher);
    expect(kind).toBe("example.com/Foo");
    expect(object).toEqual(given);
    expect(Object.isFrozen(object.metadata)).toBe(true);
    expect(meta.revision).toBe(17);
    expect(meta.incarnations.size).toBe(0);
  });

  it("fills what is missing deterministically: uid, resourceVersion, creationTimestamp, generation", () => {
    const obj: KubeObject = { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "web", namespace: "d" } };
    const a = admitInitialObject(kinds, obj, { revision: 3, incarnations: new Map() }, EPOCH, hasher);
    const b = admitInitialObject(kinds, obj, { revision: 3, incarnations: new Map() }, EPOCH, hasher);
    expect(a.object.metadata).toMatchObject({ resourceVersion: "4", creationTimestamp: "1970-01-01T00:00:00Z", generation: 1 });
    expect(a.object.metadata?.uid).toBe(b.object.metadata?.uid);
    expect(a.meta.revision).toBe(4);
    expect([...a.meta.incarnations.values()]).toEqual([1]);
    const cm = admitInitialObject(kinds, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "d" } }, emptyServerMeta(), EPOCH, hasher);
    expect(cm.object.metadata?.generation).toBeUndefined();
  });

  it("drops a namespace given to a cluster-scoped kind", () => {
    const { object } = admitInitialObject(kinds, { apiVersion: "v1", kind: "Node", metadata: { name: "n", namespace: "x", uid: "u" } }, emptyServerMeta(), EPOCH);
    expect(object.metadata?.namespace).toBeUndefined();
  });

  it("an object without a name is a KameraError naming it", () => {
    expect(() => admitInitialObject(kinds, { apiVersion: "v1", kind: "ConfigMap", metadata: { namespace: "d" } }, emptyServerMeta(), EPOCH, hasher)).toThrow(
      new KameraError("initial object core/ConfigMap d/<no name>: metadata.name is required (objects already in the cluster have a name; generateName is not applied)"),
    );
  });

  it("a namespaced kind without a namespace is a KameraError naming the object", () => {
    expect(() => admitInitialObject(kinds, { apiVersion: "v1", kind: "Pod", metadata: { name: "p" } }, emptyServerMeta(), EPOCH, hasher)).toThrow(
      "initial object core/Pod p: core/Pod is namespaced, so metadata.namespace is required",
    );
  });

  it("malformed objects are KameraErrors, never ApiErrors", () => {
    expect(() => admitInitialObject(kinds, { apiVersion: "v1", kind: "Pod", metadata: { name: "p", namespace: "d", labels: { a: 1 } } } as never, emptyServerMeta(), EPOCH, hasher)).toThrow(KameraError);
    expect(() => admitInitialObject(kinds, { apiVersion: "v1", kind: "Pod", metadata: { name: "P", namespace: "d" } }, emptyServerMeta(), EPOCH, hasher)).toThrow(
      /initial object core\/Pod d\/P is not valid: metadata\.name: Invalid value: "P"/,
    );
    expect(() => admitInitialObject(kinds, { kind: "Pod", metadata: { name: "p" } }, emptyServerMeta(), EPOCH, hasher)).toThrow(KameraError);
  });

  it("a missing uid without a hasher is a KameraError that says so", () => {
    expect(() => admitInitialObject(kinds, { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "d" } }, emptyServerMeta(), EPOCH)).toThrow(
      "initial object core/ConfigMap d/c has no uid, and admitInitialObject was given no hasher to generate one",
    );
  });
});
