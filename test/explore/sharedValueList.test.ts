import { describe, expect, it } from "vitest";
import { SharedValueList } from "../../src/explore/sharedValueList.ts";

describe("SharedValueList", () => {
  it("gives back the very object set at each index, across many chunks", () => {
    const a = { name: "a" };
    const b = { name: "b" };
    const list = new SharedValueList<{ name: string }>();
    for (let i = 0; i < 30_000; i++) list.set(i, Math.floor(i / 1000) % 2 === 0 ? a : b);
    expect(list.length).toBe(30_000);
    expect(list.get(0)).toBe(a);
    expect(list.get(1500)).toBe(b);
    expect(list.get(29_999)).toBe(b);
  });

  it("reads an index never set as undefined", () => {
    const list = new SharedValueList<string>();
    expect(list.get(0)).toBeUndefined();
    list.set(10_000, "x");
    expect(list.get(9_999)).toBeUndefined();
    expect(list.get(10_000)).toBe("x");
    expect(list.get(50_000)).toBeUndefined();
  });

  it("overwrites an entry in place, also with a value set before", () => {
    const list = new SharedValueList<string>();
    list.set(0, "a");
    list.set(1, "b");
    list.set(0, "b");
    list.set(1, "a");
    expect([list.get(0), list.get(1)]).toEqual(["b", "a"]);
  });
});
