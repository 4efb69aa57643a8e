import { describe, expect, it } from "vitest";
import { World } from "../../src/apiserver/world.ts";
import { KameraError } from "../../src/kameraError.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { objectKeyString } from "../../src/objects/objectKey.ts";

const cm = (ns: string, name: string, extra: Partial<KubeObject> = {}): KubeObject => ({
  apiVersion: "v1",
  kind: "ConfigMap",
  metadata: { name, namespace: ns, uid: `uid-${ns}-${name}` },
  ...extra,
});
const node = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Node", metadata: { name, uid: `uid-node-${name}` } });
const names = (objs: readonly KubeObject[]) => objs.map((o) => `${o.metadata?.namespace ?? ""}/${o.metadata?.name}`);

describe("World", () => {
  it("gets an object by kind, namespace and name, and undefined when absent", () => {
    const w = World.fromObjects([["core/ConfigMap", cm("default", "a")], ["core/Node", node("n1")]]);
    expect(w.get("core/ConfigMap", "default", "a")?.metadata?.uid).toBe("uid-default-a");
    expect(w.get("core/Node", "", "n1")?.metadata?.uid).toBe("uid-node-n1");
    expect(w.get("core/ConfigMap", "other", "a")).toBeUndefined();
    expect(w.get("core/Secret", "default", "a")).toBeUndefined();
    expect(w.size).toBe(2);
  });

  it("lists a kind sorted by namespace then name, whatever the insertion order", () => {
    const w = World.fromObjects([
      ["core/ConfigMap", cm("b", "x")],
      ["core/ConfigMap", cm("a", "z")],
      ["core/ConfigMap", cm("a", "y")],
      ["core/Node", node("n")],
    ]);
    expect(names(w.list("core/ConfigMap"))).toEqual(["a/y", "a/z", "b/x"]);
    expect(w.list("core/Secret")).toEqual([]);
  });

  it("lists all objects sorted by kind, namespace, name, and keys in the same order", () => {
    const w = World.fromObjects([
      ["core/Node", node("n")],
      ["core/ConfigMap", cm("b", "x")],
      ["apps/Deployment", { apiVersion: "apps/v1", kind: "Deployment", metadata: { name: "d", namespace: "a" } }],
      ["core/ConfigMap", cm("a", "y")],
    ]);
    expect(w.all().map((o) => o.kind)).toEqual(["Deployment", "ConfigMap", "ConfigMap", "Node"]);
    expect(w.keys()).toEqual([
      objectKeyString("apps/Deployment", "a", "d"),
      objectKeyString("core/ConfigMap", "a", "y"),
      objectKeyString("core/ConfigMap", "b", "x"),
      objectKeyString("core/Node", "", "n"),
    ]);
    expect(w.kinds()).toEqual(["apps/Deployment", "core/ConfigMap", "core/Node"]);
    expect(w.entries().map((e) => e.kind)).toEqual(["apps/Deployment", "core/ConfigMap", "core/ConfigMap", "core/Node"]);
  });

  it("a kind that is a prefix of another sorts first (the key separator sorts below every character)", () => {
    const w = World.fromObjects([
      ["example.com/FooBar", { apiVersion: "example.com/v1", kind: "FooBar", metadata: { name: "a", namespace: "d" } }],
      ["example.com/Foo", { apiVersion: "example.com/v1", kind: "Foo", metadata: { name: "z", namespace: "d" } }],
    ]);
    expect(w.all().map((o) => o.kind)).toEqual(["Foo", "FooBar"]);
  });

  it("freezes its objects all the way down", () => {
    const w = World.fromObjects([["core/ConfigMap", cm("d", "a", { data: { k: "v" } })]]);
    const o = w.get("core/ConfigMap", "d", "a")!;
    expect(Object.isFrozen(o)).toBe(true);
    expect(Object.isFrozen(o.data)).toBe(true);
    expect(() => {
      (o.data as Record<string, string>).k = "w";
    }).toThrow(TypeError);
  });

  it("with() applies puts and removals to a new world and leaves the old one unchanged", () => {
    const w = World.fromObjects([["core/ConfigMap", cm("d", "a")], ["core/ConfigMap", cm("d", "b")]]);
    expect(names(w.list("core/ConfigMap"))).toEqual(["d/a", "d/b"]);
    const w2 = w.with(
      new Map<string, KubeObject | undefined>([
        [objectKeyString("core/ConfigMap", "d", "a"), undefined],
        [objectKeyString("core/ConfigMap", "d", "c"), cm("d", "c")],
      ]),
    );
    expect(names(w2.list("core/ConfigMap"))).toEqual(["d/b", "d/c"]);
    expect(names(w.list("core/ConfigMap"))).toEqual(["d/a", "d/b"]);
    expect(w2.size).toBe(2);
    expect(Object.isFrozen(w2.get("core/ConfigMap", "d", "c"))).toBe(true);
  });

  it("with() shares the sorted list of a kind it does not touch", () => {
    const w = World.fromObjects([["core/ConfigMap", cm("d", "a")], ["core/Node", node("n")]]);
    const nodes = w.list("core/Node");
    const w2 = w.with(new Map([[objectKeyString("core/ConfigMap", "d", "b"), cm("d", "b")]]));
    expect(w2.list("core/Node")).toBe(nodes);
    expect(names(w2.list("core/ConfigMap"))).toEqual(["d/a", "d/b"]);
  });

  it("with() refuses an object stored under another object's key", () => {
    const w = World.empty();
    expect(() => w.with(new Map([[objectKeyString("core/ConfigMap", "d", "a"), cm("d", "b")]]))).toThrow(/under key core\/ConfigMap d\/a is d\/b/);
  });

  it("fromFrozen reads like fromObjects over the same keyed, frozen objects: sorted lists, uid lookups", () => {
    const objs = [cm("b", "x"), cm("a", "y"), node("n1")].map((o) => deepFreeze(o));
    const keyed = new Map(objs.map((o) => [objectKeyString(o.kind === "Node" ? "core/Node" : "core/ConfigMap", o.metadata?.namespace ?? "", o.metadata!.name!), o]));
    const trusted = World.fromFrozen(keyed);
    const checked = World.fromObjects(objs.map((o) => [o.kind === "Node" ? "core/Node" : "core/ConfigMap", o] as const));
    expect(names(trusted.list("core/ConfigMap"))).toEqual(["a/y", "b/x"]);
    expect(trusted.keys()).toEqual(checked.keys());
    expect(trusted.all()).toEqual(checked.all());
    expect(trusted.findByUid("uid-node-n1")?.kind).toBe("core/Node");
  });

  it("fromObjects refuses the same key twice and an object without a name, with a KameraError", () => {
    expect(() => World.fromObjects([["core/ConfigMap", cm("d", "a")], ["core/ConfigMap", cm("d", "a")]])).toThrow(KameraError);
    expect(() => World.fromObjects([["core/ConfigMap", cm("d", "a")], ["core/ConfigMap", cm("d", "a")]])).toThrow(
      "World.fromObjects: core/ConfigMap d/a is given twice",
    );
    expect(() => World.fromObjects([["core/ConfigMap", { apiVersion: "v1", kind: "ConfigMap", metadata: {} }]])).toThrow(
      "World.fromObjects: a core/ConfigMap object has no metadata.name",
    );
  });

  it("finds an object by uid, and the dependents that own-reference a uid", () => {
    const owner = cm("d", "owner");
    const dep = cm("d", "dep", { metadata: { name: "dep", namespace: "d", uid: "u-dep", ownerReferences: [{ apiVersion: "v1", kind: "ConfigMap", name: "owner", uid: "uid-d-owner" }] } });
    const w = World.fromObjects([["core/ConfigMap", owner], ["core/ConfigMap", dep]]);
    expect(w.findByUid("uid-d-owner")?.object.metadata?.name).toBe("owner");
    expect(w.findByUid("uid-d-owner")?.kind).toBe("core/ConfigMap");
    expect(w.findByUid("nope")).toBeUndefined();
    expect(w.dependentsOf("uid-d-owner").map((e) => e.object.metadata?.name)).toEqual(["dep"]);
    expect(w.dependentsOf("u-dep")).toEqual([]);
  });

  it("builds a world of ten thousand objects and lists it in well under a second", () => {
    const entries: [string, KubeObject][] = [];
    for (let i = 0; i < 10_000; i++) entries.push(["core/ConfigMap", cm(`ns${i % 7}`, `cm-${i}`)]);
    // CPU time of this process, not wall time: a busy machine stretches the second, not the work.
    const t0 = process.cpuUsage();
    const w = World.fromObjects(entries);
    const w2 = w.with(new Map([[objectKeyString("core/ConfigMap", "ns0", "extra"), cm("ns0", "extra")]]));
    expect(w2.list("core/ConfigMap")).toHaveLength(10_001);
    const used = process.cpuUsage(t0);
    expect((used.user + used.system) / 1000).toBeLessThan(1000);
  });
});
