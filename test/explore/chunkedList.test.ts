import { describe, expect, it } from "vitest";
import { ChunkedList } from "../../src/explore/chunkedList.ts";

describe("ChunkedList", () => {
  it("keeps every entry pushed across many chunks, each at the index push returned", () => {
    const list = new ChunkedList<{ i: number }>();
    const n = 40_000;
    for (let i = 0; i < n; i++) expect(list.push({ i })).toBe(i);
    expect(list.length).toBe(n);
    for (let i = 0; i < n; i += 997) expect(list.get(i)).toEqual({ i });
    expect(list.get(n - 1)).toEqual({ i: n - 1 });
  });

  it("reads an index never set as undefined, like an array's hole, and grows its length to the largest index set", () => {
    const list = new ChunkedList<number>();
    expect(list.get(0)).toBeUndefined();
    list.set(20_000, 7);
    expect(list.length).toBe(20_001);
    expect(list.get(20_000)).toBe(7);
    expect(list.get(19_999)).toBeUndefined();
    expect(list.get(1_000_000)).toBeUndefined();
    list.set(3, 0);
    expect(list.get(3)).toBe(0);
    expect(list.length).toBe(20_001);
  });

  it("overwrites an entry in place", () => {
    const list = new ChunkedList<string>();
    list.push("a");
    list.set(0, "b");
    expect(list.get(0)).toBe("b");
    expect(list.length).toBe(1);
  });

  it("rejects an index that is not a non-negative integer", () => {
    const list = new ChunkedList<string>();
    expect(() => list.set(-1, "x")).toThrow(/non-negative integer, got -1/);
    expect(() => list.set(1.5, "x")).toThrow(RangeError);
  });
});
