import { beforeAll, describe, expect, it } from "vitest";
import { deterministicUid } from "../../src/apiserver/deterministicUid.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});

describe("deterministicUid", () => {
  it("is UUID-shaped: version 8, RFC 9562 variant", () => {
    const uid = deterministicUid(hasher, "core/Pod", "default", "web", 1);
    expect(uid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("is a pure function of kind, namespace, name and incarnation", () => {
    const a = deterministicUid(hasher, "core/Pod", "default", "web", 1);
    expect(deterministicUid(hasher, "core/Pod", "default", "web", 1)).toBe(a);
    const others = [
      deterministicUid(hasher, "core/Pod", "default", "web", 2),
      deterministicUid(hasher, "core/Pod", "other", "web", 1),
      deterministicUid(hasher, "core/Pod", "default", "web2", 1),
      deterministicUid(hasher, "core/ConfigMap", "default", "web", 1),
    ];
    expect(new Set([a, ...others]).size).toBe(5);
  });
});
