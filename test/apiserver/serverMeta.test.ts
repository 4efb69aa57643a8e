import { describe, expect, it } from "vitest";
import { emptyServerMeta, incarnationOf, nextIncarnation } from "../../src/apiserver/serverMeta.ts";

describe("ServerMeta", () => {
  it("starts at revision 0 with no incarnations", () => {
    const m = emptyServerMeta();
    expect(m.revision).toBe(0);
    expect(incarnationOf(m, "k")).toBe(0);
  });

  it("counts incarnations per key without changing the bookkeeping it started from", () => {
    const m0 = emptyServerMeta();
    const a = nextIncarnation(m0, "k");
    const b = nextIncarnation(a.meta, "k");
    expect([a.incarnation, b.incarnation]).toEqual([1, 2]);
    expect(incarnationOf(b.meta, "k")).toBe(2);
    expect(incarnationOf(b.meta, "other")).toBe(0);
    expect(incarnationOf(m0, "k")).toBe(0);
    expect(incarnationOf(a.meta, "k")).toBe(1);
  });
});
