import { describe, expect, it } from "vitest";
import { fakeSha256, resolveImageDigest } from "./imageDigest.ts";

describe("resolveImageDigest", () => {
  it("replaces the tag with a sha256 digest that depends only on the image", () => {
    const d = resolveImageDigest("ghcr.io/knative/helloworld-go:latest");
    expect(d).toMatch(/^ghcr\.io\/knative\/helloworld-go@sha256:[0-9a-f]{64}$/);
    expect(resolveImageDigest("ghcr.io/knative/helloworld-go:latest")).toBe(d);
    expect(resolveImageDigest("ghcr.io/knative/helloworld-go")).toBe(d);
    expect(resolveImageDigest("ghcr.io/knative/helloworld-go:v2")).not.toBe(d);
  });

  it("qualifies Docker Hub short names as the registry does", () => {
    expect(resolveImageDigest("nginx:1.25")).toMatch(/^index\.docker\.io\/library\/nginx@sha256:/);
    expect(resolveImageDigest("bitnami/nginx")).toMatch(/^index\.docker\.io\/bitnami\/nginx@sha256:/);
  });

  it("keeps a registry port and leaves digests and skipped registries alone", () => {
    expect(resolveImageDigest("localhost:5000/app:dev")).toMatch(/^localhost:5000\/app@sha256:/);
    const pinned = `ghcr.io/x/y@sha256:${fakeSha256("y")}`;
    expect(resolveImageDigest(pinned)).toBe(pinned);
    expect(resolveImageDigest("ko.local/app:abc")).toBe("ko.local/app:abc");
  });

  it("rejects an empty or malformed image reference", () => {
    expect(() => resolveImageDigest("")).toThrow(/not valid/);
    expect(() => resolveImageDigest("has space:1")).toThrow(/not valid/);
  });
});
