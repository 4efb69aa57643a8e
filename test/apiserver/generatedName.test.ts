import { beforeAll, describe, expect, it } from "vitest";
import { generatedSuffix, generateObjectName } from "../../src/apiserver/generatedName.ts";
import { loadHasher, type Hasher } from "../../src/objects/hasher.ts";

let hasher: Hasher;
beforeAll(async () => {
  hasher = await loadHasher();
});

describe("generateObjectName", () => {
  it("appends a 5-character suffix from the real server's alphabet", () => {
    const name = generateObjectName(hasher, "web-", () => false);
    expect(name).toMatch(/^web-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });

  it("depends only on the prefix and on which names are taken", () => {
    const a = generateObjectName(hasher, "web-", () => false);
    expect(generateObjectName(hasher, "web-", () => false)).toBe(a);
    expect(generateObjectName(hasher, "api-", () => false)).not.toBe(a.replace("web-", "api-"));
  });

  it("takes the next candidate when the first is taken", () => {
    const first = generateObjectName(hasher, "web-", () => false);
    const second = generateObjectName(hasher, "web-", (n) => n === first);
    expect(second).not.toBe(first);
    expect(second).toBe(`web-${generatedSuffix(hasher, "web-", 1)}`);
  });

  it("truncates a prefix longer than 58 characters, so the name stays within 63", () => {
    const prefix = "a".repeat(70);
    const name = generateObjectName(hasher, prefix, () => false);
    expect(name).toHaveLength(63);
    expect(name.startsWith("a".repeat(58))).toBe(true);
  });
});
