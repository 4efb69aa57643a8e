import { describe, expect, it } from "vitest";
import { emptyFootprint, type Footprint } from "../../src/explore/footprint.ts";
import { PartialOrderReduction, reducedCycles } from "../../src/explore/partialOrderReduction.ts";

const graph = (edges: Record<number, number[]>) => (s: number, visit: (t: number) => void) => {
  for (const t of edges[s] ?? []) visit(t);
};

function fp(parts: Partial<Footprint>): Footprint {
  return { ...emptyFootprint(), ...parts };
}

describe("reducedCycles (the cycle proviso)", () => {
  it("names the least state of every cycle among reduced states, self-loops included", () => {
    const edges = { 1: [2], 2: [3], 3: [1, 4], 4: [4], 5: [6], 6: [] };
    expect(reducedCycles([1, 2, 3, 4, 5, 6], () => true, graph(edges)).sort((a, b) => a - b)).toEqual([1, 4]);
  });

  it("ignores a cycle through a fully expanded state", () => {
    const edges = { 1: [2], 2: [3], 3: [1] };
    expect(reducedCycles([1, 2, 3], (s) => s !== 2, graph(edges))).toEqual([]);
  });
});

describe("a no-op run", () => {
  const K = "core/ConfigMap\u0000default\u0000a";
  const noOp = fp({ readKeys: new Set([K]) });

  it("is disturbed by a request that writes what it read without enqueuing it", () => {
    const por = new PartialOrderReduction();
    por.observe(2, fp({ writeKeys: new Set([K]), writeKinds: new Set(["core/ConfigMap"]) }));
    const pending = Uint32Array.of(1, 2);
    expect(por.closure(1, pending, new Map([[1, noOp], [2, fp({ writeKeys: new Set([K]) })]]), new Set(), 2)).toBeUndefined();
  });

  it("is absorbed by a request whose every write of what it read enqueues it", () => {
    const por = new PartialOrderReduction();
    const writer = fp({ writeKeys: new Set([K]), writeKinds: new Set(["core/ConfigMap"]), triggers: new Set([1]) });
    por.observe(2, writer);
    por.observe(1, noOp);
    const closure = por.closure(1, Uint32Array.of(1, 2), new Map([[1, noOp], [2, writer]]), new Set(), 2);
    expect(closure).toEqual(new Set([1]));
  });

  it("stops being absorbed once one run writes what it read without enqueuing it: the closure then needs that request's run", () => {
    const por = new PartialOrderReduction();
    por.observe(2, fp({ writeKeys: new Set([K]), triggers: new Set([1]) }));
    por.observe(2, fp({ writeKeys: new Set([K]) }));
    const pending = Uint32Array.of(1, 2);
    expect(por.closure(1, pending, new Map([[1, noOp]]), new Set(), 2)).toBe(2);
  });
});

describe("the closure", () => {
  const K = "core/ConfigMap\u0000default\u0000a";
  const writer = fp({ readKeys: new Set([K]), writeKeys: new Set([K]), writeKinds: new Set(["core/ConfigMap"]) });

  it("takes in a request the bound learns is dependent after an earlier closure from the same footprint", () => {
    const por = new PartialOrderReduction();
    por.observe(1, writer);
    por.observe(2, fp({ readKeys: new Set(["core/ConfigMap\u0000default\u0000b"]) }));
    const pending = Uint32Array.of(1, 2);
    const exact = new Map([[1, writer]]);
    expect(por.closure(1, pending, exact, new Set(), 2)).toEqual(new Set([1]));
    // Request 2 turns out to read what 1 writes: the same footprint of 1 now needs 2's run.
    por.observe(2, fp({ readKeys: new Set([K]) }));
    expect(por.closure(1, pending, exact, new Set(), 2)).toBe(2);
  });
});
