import { describe, expect, it } from "vitest";
import { ApiError } from "../../src/apiserver/apiError.ts";
import { decodeRequestBody } from "../../src/apiserver/requestBody.ts";

function badRequest(body: unknown): string {
  try {
    decodeRequestBody(body);
  } catch (e) {
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe(400);
    return (e as ApiError).message;
  }
  throw new Error("expected a BadRequest");
}

describe("decodeRequestBody", () => {
  it("returns the object as it travels over the wire: a fresh copy without undefined fields", () => {
    const body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", labels: { x: "1" } }, data: { k: "v" }, gone: undefined };
    const wire = decodeRequestBody(body);
    expect(wire).toEqual({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "a", labels: { x: "1" } }, data: { k: "v" } });
    expect("gone" in wire).toBe(false);
    expect(wire.metadata).not.toBe(body.metadata);
  });

  it("normalizes timestamps to RFC 3339 seconds, whether given as Date or string", () => {
    const wire = decodeRequestBody({ metadata: { creationTimestamp: new Date(1000), deletionTimestamp: "1970-01-01T00:00:02.500Z" } });
    expect(wire.metadata).toEqual({ creationTimestamp: "1970-01-01T00:00:01Z", deletionTimestamp: "1970-01-01T00:00:02Z" });
  });

  it("drops empty labels, annotations, finalizers and ownerReferences, as the real server's omitempty does", () => {
    const wire = decodeRequestBody({ metadata: { name: "a", labels: {}, annotations: {}, finalizers: [], ownerReferences: [] } });
    expect(wire.metadata).toEqual({ name: "a" });
  });

  it("refuses a body that is not a JSON object", () => {
    expect(badRequest(null)).toBe("the request body must be a JSON object, got null");
    expect(badRequest([1])).toBe("the request body must be a JSON object, got array");
    expect(badRequest({ n: 1n })).toMatch(/^the request body cannot be encoded as JSON/);
  });

  it("refuses metadata of the wrong shape with the real decoder's message", () => {
    expect(badRequest({ metadata: "x" })).toBe("json: cannot unmarshal string into Go struct field of type v1.ObjectMeta");
    expect(badRequest({ metadata: { name: 5 } })).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.name of type string");
    expect(badRequest({ metadata: { finalizers: "x" } })).toBe("json: cannot unmarshal string into Go struct field ObjectMeta.metadata.finalizers of type []string");
    expect(badRequest({ metadata: { annotations: { a: true } } })).toBe(
      "json: cannot unmarshal boolean into Go struct field ObjectMeta.metadata.annotations of type string",
    );
    expect(badRequest({ metadata: { ownerReferences: [{ uid: 1 }] } })).toBe(
      "json: cannot unmarshal number into Go struct field ObjectMeta.metadata.ownerReferences.uid of type string",
    );
    expect(badRequest({ metadata: { creationTimestamp: "yesterday" } })).toMatch(/^metadata\.creationTimestamp: parsing time "yesterday"/);
    expect(badRequest({ metadata: { generation: 1.5 } })).toBe("json: cannot unmarshal number into Go struct field ObjectMeta.metadata.generation of type int64");
  });
});

describe("the wire form of a body", () => {
  it("is what a JSON round trip gives: dates as strings, undefined dropped or null, non-finite numbers null", () => {
    const body = {
      apiVersion: "v1",
      kind: "ConfigMap",
      data: { a: "1", gone: undefined },
      when: new Date(Date.UTC(2024, 0, 2, 3, 4, 5)),
      list: [1, undefined, Number.NaN, -0, Infinity, { x: undefined, y: [null] }],
      nested: { fn: () => 1, deep: { z: true } },
    };
    expect(decodeRequestBody(body)).toEqual(JSON.parse(JSON.stringify(body)));
    expect(Object.is((decodeRequestBody({ n: -0 }) as { n: number }).n, 0)).toBe(true);
  });

  it("refuses what JSON cannot encode, as a BadRequest", () => {
    const cyclic: Record<string, unknown> = { apiVersion: "v1", kind: "ConfigMap" };
    cyclic.self = cyclic;
    expect(() => decodeRequestBody(cyclic)).toThrow(/cannot be encoded as JSON/);
    expect(() => decodeRequestBody({ apiVersion: "v1", kind: "ConfigMap", big: 1n })).toThrow(/cannot be encoded as JSON/);
  });
});
