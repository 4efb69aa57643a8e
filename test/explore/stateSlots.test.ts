import { describe, expect, it } from "vitest";
import { createCore } from "../../bindings/createCore.ts";
import type { Engine } from "../../bindings/core.ts";
import type { ControllerRegistration } from "../../src/controllerRegistration.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { loadHasher } from "../../src/objects/hasher.ts";
import { objectKeyString } from "../../src/objects/objectKey.ts";
import { VersionTable } from "../../src/objects/versionTable.ts";
import { ReconcileMemo, type MemoGetQuery, type MemoListQuery } from "../../src/explore/reconcileMemo.ts";
import { StateCodec } from "../../src/explore/stateCodec.ts";
import { StateSlots } from "../../src/explore/stateSlots.ts";

const CM = "core/ConfigMap";
const SECRET = "core/Secret";
const cm = (namespace: string, name: string, x: string): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace }, data: { x } });
const secret = (name: string): KubeObject => ({ apiVersion: "v1", kind: "Secret", metadata: { name, namespace: "default" } });

/** A codec over a fresh core with state 0 made of `objects`, and keys `extra` interned but absent from it. */
async function stateOf(engine: Engine, objects: [string, KubeObject][], extra: [string, string, string][] = []) {
  const core = await createCore({ engine, frontier: "dfs" });
  const hasher = await loadHasher();
  const versions = new VersionTable(hasher, () => []);
  const codec = new StateCodec(core, hasher, versions, [] as ControllerRegistration[]);
  // Interned in an order unlike key order, so that key ids do not sort as key strings do.
  for (const [kind, ns, name] of extra) codec.keyId(kind, ns, name);
  const pairs: [number, number][] = objects.map(([kind, o]) => [codec.keyId(kind, o.metadata!.namespace ?? "", o.metadata!.name!), codec.versionId(kind, o)]);
  pairs.sort((a, b) => a[0] - b[0]);
  core.addInitial(new Uint32Array(pairs.flat()), new Uint32Array(0), new Uint32Array(0));
  const memo = new ReconcileMemo(versions, 1000);
  return { core, codec, versions, slots: new StateSlots(core, codec, versions).load(0), world: memo.worldState(codec.world(0)) };
}

const get = (kind: string, ns: string, name: string): MemoGetQuery => ({ q: "get", key: objectKeyString(kind, ns, name) });
const list = (kind: string, keep: (o: KubeObject) => boolean = () => true): MemoListQuery => ({ q: "list", kind, filterKey: "", keep });

describe.each(["wasm", "reference"] as const)("a state's slots answer the memo as its world does (%s engine)", (engine) => {
  const objects: [string, KubeObject][] = [
    [CM, cm("default", "b", "1")],
    [SECRET, secret("s")],
    [CM, cm("default", "a", "2")],
    [CM, cm("kube-system", "a", "3")],
  ];

  it("a get answers the version id of the object under the key, 0 for a key no state has (interned or not)", async () => {
    const { slots, world } = await stateOf(engine, objects, [[CM, "default", "gone"]]);
    for (const q of [get(CM, "default", "a"), get(CM, "kube-system", "a"), get(SECRET, "default", "s"), get(CM, "default", "gone"), get(CM, "default", "never")]) {
      expect(slots.get({ ...q })).toBe(world.get({ ...q }));
    }
    expect(slots.get(get(CM, "default", "never"))).toBe(0);
    expect(slots.get(get(CM, "default", "a"))).toBeGreaterThan(0);
  });

  it("a list answers the kept objects' version ids in key order, whatever order their keys were interned in", async () => {
    const { slots, world } = await stateOf(engine, objects, [[CM, "zz", "late"], [CM, "default", "0"]]);
    const queries = [list(CM), list(SECRET), list("apps/Deployment"), list(CM, (o) => o.metadata?.namespace === "default"), list(CM, () => false)];
    for (const q of queries) expect(slots.list({ ...q })).toBe(world.list({ ...q }));
    // Three config maps: their ids joined, not one id.
    expect(typeof slots.list(list(CM))).toBe("string");
  });

  it("a key interned after a query was first answered is seen by later answers", async () => {
    const { core, codec, slots } = await stateOf(engine, objects);
    const q = list(CM);
    const before = slots.list(q);
    const extra = cm("default", "aa", "4");
    const key = codec.keyId(CM, "default", "aa");
    const child = core.addSuccessor(0, 0, new Uint32Array([key, codec.versionId(CM, extra)]), new Uint32Array(0), new Uint32Array(0)).stateId;
    const after = slots.load(child).list(q);
    expect(after).not.toBe(before);
    expect(after).toBe(new ReconcileMemo(codec.versions, 1000).worldState(codec.world(child)).list(list(CM)));
  });

  it("a state's world source answers one object as its world does, without making the world while the state is loaded", async () => {
    const { codec, slots, core } = await stateOf(engine, objects, [[CM, "default", "gone"]]);
    const source = slots.worldSource();
    let made = 0;
    const world = codec.world.bind(codec);
    codec.world = (state: number) => {
      made++;
      return world(state);
    };
    const keys = [objectKeyString(CM, "default", "a"), objectKeyString(SECRET, "default", "s"), objectKeyString(CM, "default", "gone"), objectKeyString(CM, "default", "never")];
    const expected = keys.map((k) => world(0).getByKey(k));
    expect(keys.map((k) => source.object!(k))).toEqual(expected);
    expect(expected[0]).toBeDefined();
    expect(expected[2]).toBeUndefined();
    expect(made).toBe(0);
    // Once another state is loaded, the source still answers for its own state (from its world).
    const child = core.addSuccessor(0, 0, new Uint32Array([codec.keyId(CM, "default", "a"), 0]), new Uint32Array(0), new Uint32Array(0)).stateId;
    slots.load(child);
    expect(source.object!(keys[0]!)).toBe(expected[0]);
    expect(made).toBe(1);
  });
});
