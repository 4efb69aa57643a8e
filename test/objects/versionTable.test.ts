import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { canonicalJson } from "../../src/objects/canonicalJson.ts";
import { deepFreeze, isDeepFrozen } from "../../src/objects/deepFreeze.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import { normalizeForIdentity } from "../../src/objects/identityMask.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";
import { VersionTable } from "../../src/objects/versionTable.ts";

const hasher = await loadHasher();

function cm(rv: string, data: Record<string, string>, extra: Record<string, string> = {}): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cfg", namespace: "default", resourceVersion: rv, annotations: extra }, data };
}

function table(masks: Record<string, string[]> = {}, h: Hasher = hasher): VersionTable {
  return new VersionTable(h, (kind) => masks[kind] ?? []);
}

describe("VersionTable", () => {
  it("gives ids from 1 and one id per distinct normalized content", () => {
    const t = table();
    const a = t.intern("core/ConfigMap", cm("1", { a: "1" }));
    const b = t.intern("core/ConfigMap", cm("2", { a: "1" }));
    const c = t.intern("core/ConfigMap", cm("3", { a: "2" }));
    expect(a).toBe(1);
    expect(b).toBe(a);
    expect(c).toBe(2);
    expect(t.size).toBe(2);
  });

  it("the hash is xxHash64 of the canonical JSON of the normalized form", () => {
    const t = table();
    const obj = cm("1", { a: "1" });
    const id = t.intern("core/ConfigMap", obj);
    expect(t.hash(id)).toBe(hasher.hash64(canonicalJson(normalizeForIdentity(obj))));
  });

  it("keeps the first object seen as the frozen representative, with its real values, without freezing the caller's object", () => {
    const t = table();
    const first = cm("1", { a: "1" });
    const id = t.intern("core/ConfigMap", first);
    t.intern("core/ConfigMap", cm("2", { a: "1" }));
    const rep = t.object(id);
    expect(rep.metadata?.resourceVersion).toBe("1");
    expect(isDeepFrozen(rep)).toBe(true);
    expect(Object.isFrozen(first)).toBe(false);
    first.data = { a: "changed" };
    expect(t.object(id).data).toEqual({ a: "1" });
  });

  it("keeps an already deep-frozen object itself as the representative", () => {
    const t = table();
    const frozen = deepFreeze(cm("1", { a: "1" }));
    expect(t.object(t.intern("core/ConfigMap", frozen))).toBe(frozen);
  });

  it("re-interning a frozen reference does not normalize or hash again", () => {
    let calls = 0;
    const counting: Hasher = { hash64: (s) => (calls++, hasher.hash64(s)) };
    const masksAsked: string[] = [];
    const t = new VersionTable(counting, (kind) => (masksAsked.push(kind), []));
    const id = t.intern("core/ConfigMap", cm("1", { a: "1" }));
    const rep = t.object(id);
    for (let i = 0; i < 5; i++) expect(t.intern("core/ConfigMap", rep)).toBe(id);
    expect(calls).toBe(1);
    expect(masksAsked).toEqual(["core/ConfigMap"]);
  });

  it("a version interned by a hash another table computed is found again by that hash, and by intern of equal content, without normalizing it", () => {
    const sender = table();
    const sent = sender.intern("core/ConfigMap", cm("7", { a: "1" }));
    const hash = sender.hash(sent);
    let calls = 0;
    const receiver = new VersionTable({ hash64: (s) => (calls++, hasher.hash64(s)) }, () => []);
    const copy = structuredClone(sender.object(sent));
    const id = receiver.internHashed("core/ConfigMap", hash, copy, true);
    expect(calls).toBe(0);
    expect(receiver.hash(id)).toBe(hash);
    // Given away: frozen in place rather than copied.
    expect(receiver.object(id)).toBe(copy);
    expect(isDeepFrozen(copy)).toBe(true);
    expect(receiver.internHashed("core/ConfigMap", hash, structuredClone(copy), true)).toBe(id);
    expect(receiver.intern("core/ConfigMap", cm("9", { a: "1" }))).toBe(id);
    expect(receiver.intern("core/ConfigMap", cm("9", { a: "2" }))).toBe(id + 1);
    expect(receiver.size).toBe(2);
  });

  it("a version interned by intern is found by internHashed with its hash; an object not given away is copied", () => {
    const t = table();
    const id = t.intern("core/ConfigMap", cm("1", { a: "1" }));
    expect(t.internHashed("core/ConfigMap", t.hash(id), cm("2", { a: "1" }), false)).toBe(id);
    const other = cm("3", { a: "3" });
    const fresh = t.internHashed("core/ConfigMap", t.contentHash("core/ConfigMap", other), other, false);
    expect(fresh).toBe(id + 1);
    expect(t.object(fresh)).not.toBe(other);
    expect(Object.isFrozen(other)).toBe(false);
    expect(t.contentHash("core/ConfigMap", other)).toBe(t.hash(fresh));
  });

  it("applies each kind's user masks", () => {
    const t = table({ "core/ConfigMap": ["metadata.annotations.example.com/seen"] });
    const a = t.intern("core/ConfigMap", cm("1", { a: "1" }, { "example.com/seen": "1" }));
    const b = t.intern("core/ConfigMap", cm("1", { a: "1" }, { "example.com/seen": "2" }));
    expect(b).toBe(a);
    const u = table();
    expect(u.intern("core/ConfigMap", cm("1", { a: "1" }, { "example.com/seen": "1" }))).not.toBe(
      u.intern("core/ConfigMap", cm("1", { a: "1" }, { "example.com/seen": "2" })),
    );
  });

  it("the same content under two kinds gets two ids", () => {
    const t = table({ "core/Secret": ["data"] });
    const frozen = deepFreeze(cm("1", { a: "1" }));
    expect(t.intern("core/ConfigMap", frozen)).not.toBe(t.intern("core/Secret", frozen));
    expect(t.intern("core/ConfigMap", frozen)).toBe(1);
  });

  it("hashes do not depend on the order of interning", () => {
    const x = cm("1", { a: "1" });
    const y = cm("1", { b: "2" });
    const t1 = table();
    const t2 = table();
    const hx = t1.hash(t1.intern("core/ConfigMap", x));
    t2.intern("core/ConfigMap", y);
    expect(t2.hash(t2.intern("core/ConfigMap", x))).toBe(hx);
  });

  it("an unknown id is a KameraError", () => {
    const t = table();
    expect(() => t.object(1)).toThrow(KameraError);
    expect(() => t.hash(0)).toThrow(KameraError);
  });
});
