import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { compileFieldSelector } from "../../src/apiserver/fieldSelector.ts";
import type { KubeObject } from "../../src/objects/kubeObject.ts";

const web: KubeObject = { metadata: { name: "web", namespace: "default" } };
const db: KubeObject = { metadata: { name: "db", namespace: "prod" } };
const node: KubeObject = { metadata: { name: "n1" } };

function badRequest(sel: string): ApiError {
  try {
    compileFieldSelector(sel);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    expect((e as ApiError).body.reason).toBe("BadRequest");
    return e as ApiError;
  }
  throw new Error(`field selector ${JSON.stringify(sel)} was accepted`);
}

describe("compileFieldSelector", () => {
  it("an empty or absent selector selects everything", () => {
    expect(compileFieldSelector(undefined)(web)).toBe(true);
    expect(compileFieldSelector("")(web)).toBe(true);
    expect(compileFieldSelector(",")(web)).toBe(true);
  });

  it("metadata.name with = and == selects by name", () => {
    for (const s of ["metadata.name=web", "metadata.name==web"]) {
      expect(compileFieldSelector(s)(web)).toBe(true);
      expect(compileFieldSelector(s)(db)).toBe(false);
    }
  });

  it("metadata.namespace != excludes a namespace", () => {
    const sel = compileFieldSelector("metadata.namespace!=prod");
    expect(sel(web)).toBe(true);
    expect(sel(db)).toBe(false);
  });

  it("a cluster-scoped object has the empty namespace", () => {
    expect(compileFieldSelector("metadata.namespace=")(node)).toBe(true);
    expect(compileFieldSelector("metadata.namespace=")(web)).toBe(false);
  });

  it("comma-separated terms are ANDed", () => {
    const sel = compileFieldSelector("metadata.namespace=default,metadata.name!=db");
    expect(sel(web)).toBe(true);
    expect(sel({ metadata: { name: "db", namespace: "default" } })).toBe(false);
    expect(sel(db)).toBe(false);
  });

  it("escaped commas and equals signs are part of the value", () => {
    expect(compileFieldSelector("metadata.name=a\\,b\\=c")({ metadata: { name: "a,b=c" } })).toBe(true);
  });

  it("an unknown field is a BadRequest naming the supported fields", () => {
    expect(badRequest("spec.nodeName=n1").message).toBe('"spec.nodeName" is not a known field selector: only "metadata.name", "metadata.namespace"');
  });

  it("a term without an operator is a BadRequest", () => {
    expect(badRequest("metadata.name").message).toBe("invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  });

  it("a bad escape or an unescaped = in a value is a BadRequest", () => {
    expect(badRequest("metadata.name=a\\b").message).toBe("invalid field selector: invalid escape sequence: \\b");
    expect(badRequest("metadata.name=a=b").message).toBe("invalid field selector: unescaped character =");
  });
});
