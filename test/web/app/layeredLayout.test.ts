import { describe, expect, it } from "vitest";
import { layeredLayout } from "../../../src/inspect/web/app/layeredLayout.ts";

function input(depths: number[], edges: [number, number][]) {
  return { stateCount: depths.length, depth: (s: number) => depths[s]!, edgeCount: edges.length, edge: (e: number) => edges[e]! };
}

describe("layeredLayout", () => {
  it("puts each state on the row of its depth, rows centred on x = 0", () => {
    const { x, y, width, layers } = layeredLayout(input([0, 1, 1, 2], [[0, 1], [0, 2], [1, 3], [2, 3]]));
    expect([...y]).toEqual([0, 1, 1, 2]);
    expect(x[0]).toBe(0);
    expect([x[1], x[2]].sort()).toEqual([-0.5, 0.5]);
    expect(x[3]).toBe(0);
    expect(width).toBe(2);
    expect(layers).toBe(3);
  });

  it("orders a row by the mean position of the parents, so children sit under their parents", () => {
    // Row 1 holds a (state 1) and b (state 2); in row 2, state 3 is b's child and state 4 a's.
    const { x } = layeredLayout(input([0, 1, 1, 2, 2], [[0, 1], [0, 2], [2, 3], [1, 4]]));
    expect(x[1]! < x[2]!).toBe(true);
    expect(x[4]! < x[3]!).toBe(true);
  });

  it("ignores edges that do not go one row down (back edges of cycles, shortcuts)", () => {
    const { x, y } = layeredLayout(input([0, 1, 2], [[0, 1], [1, 2], [2, 1], [2, 0]]));
    expect([...y]).toEqual([0, 1, 2]);
    expect([...x]).toEqual([0, 0, 0]);
  });

  it("lays the same graph out the same way every time", () => {
    const depths = Array.from({ length: 500 }, (_, i) => Math.floor(Math.log2(i + 1)));
    const edges: [number, number][] = [];
    for (let i = 1; i < 500; i++) edges.push([Math.floor((i - 1) / 2), i], [Math.max(0, Math.floor((i - 1) / 2) - 1), i]);
    const a = layeredLayout(input(depths, edges));
    const b = layeredLayout(input(depths, edges));
    expect([...a.x]).toEqual([...b.x]);
  });

  it("handles an empty graph", () => {
    expect(layeredLayout(input([], [])).layers).toBe(0);
  });
});
