import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { applyJsonPatch } from "../../src/apiserver/jsonPatch.ts";
import { applyMergePatch } from "../../src/apiserver/mergePatch.ts";
import { emptyServerMeta } from "../../src/apiserver/serverMeta.ts";
import { applyStrategicMergePatch } from "../../src/apiserver/strategicMergePatch.ts";
import { World } from "../../src/apiserver/world.ts";
import { WriteTransaction } from "../../src/apiserver/writeTransaction.ts";
import { KindRegistry } from "../../src/kinds.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});

/** Whatever a test managed to plant on Object.prototype is removed again, so one failure cannot spread. */
afterEach(() => {
  for (const k of ["polluted", "p"]) delete (Object.prototype as Record<string, unknown>)[k];
});

function polluted(): boolean {
  return (({}) as Record<string, unknown>).polluted !== undefined;
}

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw new Error(`expected an ApiError, got ${String(e)}`);
  }
  throw new Error("expected an ApiError, nothing was thrown");
}

const cm = (): KubeObject => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", namespace: "default" }, data: { k: "v" } });
const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "a" };

function seeded(): WriteTransaction {
  const t = new WriteTransaction({ kinds: new KindRegistry(), world: World.empty(), meta: emptyServerMeta(), now: new Date(0), hasher });
  t.create(cm());
  return new WriteTransaction({ kinds: new KindRegistry(), world: t.world(), meta: t.meta(), now: new Date(0), hasher });
}

describe("patches never write into Object.prototype", () => {
  const attack = () => JSON.parse('{"__proto__":{"polluted":"yes"}}') as unknown;
  const nested = () => JSON.parse('{"metadata":{"labels":{"__proto__":{"polluted":"yes"}}}}') as unknown;

  it("a merge patch with a __proto__ key is a BadRequest and pollutes nothing", () => {
    for (const patch of [attack(), nested()]) {
      const e = failure(() => applyMergePatch(cm(), patch));
      expect(e.code).toBe(400);
      expect(polluted()).toBe(false);
    }
    expect(failure(() => applyMergePatch(cm(), nested())).message).toContain("metadata.labels.__proto__");
  });

  it("a strategic merge patch with a __proto__ key is a BadRequest and pollutes nothing", () => {
    for (const patch of [attack(), nested(), JSON.parse('{"spec":{"containers":[{"name":"a","__proto__":{"polluted":1}}]}}')]) {
      expect(failure(() => applyStrategicMergePatch(cm(), patch)).code).toBe(400);
      expect(polluted()).toBe(false);
    }
  });

  it("client patches of every merge-style type reject __proto__ with 400", () => {
    for (const type of ["merge", "strategic", "apply"] as const) {
      expect(failure(() => seeded().patch(ref, attack(), type)).code).toBe(400);
      expect(polluted()).toBe(false);
    }
  });

  it("constructor and prototype are ordinary keys: merged as data, never into a function", () => {
    const patch = JSON.parse('{"data":{"constructor":"c","prototype":"p"},"constructor":{"prototype":{"polluted":"yes"}}}');
    for (const apply of [applyMergePatch, applyStrategicMergePatch]) {
      const out = apply(cm(), patch) as unknown as Record<string, unknown>;
      expect(out.data).toEqual({ k: "v", constructor: "c", prototype: "p" });
      expect(Object.hasOwn(out, "constructor")).toBe(true);
      expect(polluted()).toBe(false);
      expect((Object as unknown as Record<string, unknown>).polluted).toBeUndefined();
    }
  });

  it("a JSON patch through /__proto__ is a 422 Invalid ApiError, not a TypeError", () => {
    const pointers = [
      [{ op: "add", path: "/__proto__/polluted", value: "yes" }],
      [{ op: "replace", path: "/constructor/prototype/polluted", value: "yes" }],
      [{ op: "copy", from: "/__proto__", path: "/data/x" }],
      [{ op: "add", path: "/data", value: JSON.parse('{"__proto__":{"polluted":"yes"}}') }],
    ];
    for (const ops of pointers) {
      const e = failure(() => applyJsonPatch(cm(), ops));
      expect(e.code).toBe(422);
      expect(e.body.reason).toBe("Invalid");
      expect(polluted()).toBe(false);
    }
  });
});
