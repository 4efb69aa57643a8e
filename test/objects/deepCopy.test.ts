import { describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { deepCopy } from "../../src/objects/deepCopy.ts";
import { deepFreeze } from "../../src/objects/deepFreeze.ts";

describe("deepCopy", () => {
  it("copies nested objects and arrays so that changing the copy leaves the original alone", () => {
    const original = { metadata: { labels: { a: "1" } }, spec: { ports: [{ port: 80 }] } };
    const copy = deepCopy(original);
    expect(copy).toEqual(original);
    copy.metadata.labels.a = "2";
    copy.spec.ports[0]!.port = 81;
    copy.spec.ports.push({ port: 1 });
    expect(original).toEqual({ metadata: { labels: { a: "1" } }, spec: { ports: [{ port: 80 }] } });
  });

  it("gives a mutable copy of a frozen object", () => {
    const frozen = deepFreeze({ data: { a: "1" }, list: [1] });
    const copy = deepCopy(frozen);
    expect(Object.isFrozen(copy) || Object.isFrozen(copy.data) || Object.isFrozen(copy.list)).toBe(false);
    copy.data.a = "2";
    expect(frozen.data.a).toBe("1");
  });

  it("copies Dates as new Dates of the same instant", () => {
    const d = new Date(1000);
    const copy = deepCopy({ d });
    expect(copy.d).not.toBe(d);
    expect(copy.d.getTime()).toBe(1000);
  });

  it("returns primitives as they are", () => {
    for (const v of [1, "s", null, undefined, true]) expect(deepCopy(v)).toBe(v);
  });

  it("keeps shared substructure apart in the copy", () => {
    const shared = { x: 1 };
    const copy = deepCopy({ a: shared, b: shared });
    copy.a.x = 2;
    expect(copy.b.x).toBe(1);
  });

  it("rejects a cycle with a KameraError naming where it closes", () => {
    const a: Record<string, unknown> = {};
    a.next = { a };
    expect(() => deepCopy(a)).toThrow(KameraError);
    expect(() => deepCopy(a)).toThrow(/^deepCopy: the value is cyclic at \$\.next\.a$/);
  });

  it("copies deeply nested acyclic values", () => {
    let v: unknown = 1;
    for (let i = 0; i < 1000; i++) v = { v };
    expect(deepCopy(v)).toEqual(v);
  });
});
