import { describe, expect, it } from "vitest";
import { PATH_INFINITE, PATH_OVERFLOW } from "../../bindings/core.ts";
import { analyzeComponents, analyzePathCounts } from "../../src/results/graphAnalysis.ts";
import { fixtureGraph } from "./fixtureGraph.ts";

describe("graph analysis", () => {
  it("counts every distinct path of a diamond, parallel edges included", () => {
    const g = fixtureGraph(4, [
      [0, 1, "A", 1],
      [0, 2, "B", 1],
      [1, 3, "B", 1],
      [2, 3, "A", 1],
      [2, 3, "C", 0],
    ]);
    const { counts, flags } = analyzePathCounts(g);
    expect([...counts]).toEqual([1n, 1n, 1n, 3n]);
    expect([...flags]).toEqual([0, 0, 0, 0]);
  });

  it("flags states behind a cycle or a self-loop as infinite, never as a wrong number", () => {
    const g = fixtureGraph(4, [
      [0, 1, "A", 1],
      [1, 1, "A", 0],
      [1, 2, "B", 1],
      [0, 3, "C", 1],
    ]);
    const { flags } = analyzePathCounts(g);
    expect(flags[1]! & PATH_INFINITE).toBe(PATH_INFINITE);
    expect(flags[2]! & PATH_INFINITE).toBe(PATH_INFINITE);
    expect(flags[3]).toBe(0);
  });

  it("saturates at 2^64 - 1 with the overflow flag on a long chain of diamonds", () => {
    const edges: [number, number, string, number][] = [];
    const levels = 70;
    for (let i = 0; i < levels; i++) {
      edges.push([i, i + 1, "A", 1], [i, i + 1, "B", 1]);
    }
    const { counts, flags } = analyzePathCounts(fixtureGraph(levels + 1, edges));
    expect(counts[63]).toBe(1n << 63n);
    expect(counts[levels]).toBe((1n << 64n) - 1n);
    expect(flags[levels]! & PATH_OVERFLOW).toBe(PATH_OVERFLOW);
  });

  it("finds strongly connected components without recursion on a 200k-state chain", () => {
    const n = 200_000;
    const edges: [number, number, string, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1, "A", 1]);
    edges.push([n - 1, 0, "A", 1]);
    const { count } = analyzeComponents(fixtureGraph(n, edges));
    expect(count).toBe(1);
  });

  it("numbers components in completion order, sinks first", () => {
    const g = fixtureGraph(3, [
      [0, 1, "A", 1],
      [1, 2, "A", 1],
    ]);
    expect([...analyzeComponents(g).componentOf]).toEqual([2, 1, 0]);
  });
});
