import { describe, expect, it } from "vitest";
import { digestText, objectDigest } from "../../src/results/objectDigest.ts";

describe("object digests", () => {
  it("are 16 hex digits", () => {
    expect(objectDigest({ a: 1 })).toMatch(/^[0-9a-f]{16}$/);
    expect(digestText("")).toMatch(/^[0-9a-f]{16}$/);
  });

  it("do not depend on key order at any depth", () => {
    const a = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", labels: { b: "2", a: "1" } } };
    const b = { metadata: { labels: { a: "1", b: "2" }, name: "x" }, kind: "ConfigMap", apiVersion: "v1" };
    expect(objectDigest(a)).toBe(objectDigest(b));
  });

  it("differ when any value differs", () => {
    const base = { spec: { replicas: 1, list: [1, 2] } };
    expect(objectDigest(base)).not.toBe(objectDigest({ spec: { replicas: 2, list: [1, 2] } }));
    expect(objectDigest(base)).not.toBe(objectDigest({ spec: { replicas: 1, list: [2, 1] } }));
    expect(objectDigest({ a: "1" })).not.toBe(objectDigest({ a: 1 }));
  });

  it("spread small changes over the whole digest", () => {
    const seen = new Set<string>();
    for (let i = 0; i < 10_000; i++) seen.add(objectDigest({ name: `pod-${i}` }));
    expect(seen.size).toBe(10_000);
  });

  it("ignore fields whose value is undefined, as JSON does", () => {
    expect(objectDigest({ a: 1, b: undefined })).toBe(objectDigest({ a: 1 }));
  });
});
