import { describe, expect, it } from "vitest";
import { ChunkedIntList } from "../../src/explore/chunkedIntList.ts";

describe("ChunkedIntList", () => {
  it("keeps every integer pushed across many chunks, each at the index push returned", () => {
    const list = new ChunkedIntList(-1);
    const n = 40_000;
    for (let i = 0; i < n; i++) expect(list.push(i * 3 - 7)).toBe(i);
    expect(list.length).toBe(n);
    for (let i = 0; i < n; i += 997) expect(list.get(i)).toBe(i * 3 - 7);
    expect(list.get(n - 1)).toBe((n - 1) * 3 - 7);
  });

  it("reads an index never set as its missing value, and grows its length to the largest index set", () => {
    const list = new ChunkedIntList(-1);
    expect(list.get(0)).toBe(-1);
    list.set(20_000, 7);
    expect(list.length).toBe(20_001);
    expect(list.get(20_000)).toBe(7);
    expect(list.get(19_999)).toBe(-1);
    expect(list.get(1_000_000)).toBe(-1);
    expect(list.get(-1)).toBe(-1);
    list.set(3, 0);
    expect(list.get(3)).toBe(0);
    expect(list.length).toBe(20_001);
    expect(new ChunkedIntList(0).get(5)).toBe(0);
  });

  it("overwrites an entry in place", () => {
    const list = new ChunkedIntList(0);
    list.push(1);
    list.set(0, 2);
    expect(list.get(0)).toBe(2);
    expect(list.length).toBe(1);
  });

  it("rejects an index that is not a non-negative integer, and a value that is not a 32-bit integer", () => {
    const list = new ChunkedIntList(0);
    list.push(1);
    expect(() => list.set(-1, 1)).toThrow(/non-negative integer, got -1/);
    expect(() => list.set(1.5, 1)).toThrow(RangeError);
    expect(() => list.set(0, 2 ** 31)).toThrow(/32-bit integers, got 2147483648 at index 0/);
    expect(() => list.set(0, 0.5)).toThrow(/32-bit integers/);
    expect(list.get(0)).toBe(1);
    expect(() => new ChunkedIntList(0.5)).toThrow(/missing value must be a 32-bit integer/);
  });
});
