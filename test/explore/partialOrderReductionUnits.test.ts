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

describe("isSingleton (the closure's answer for a set of one, from what is reachable)", () => {
  const K = "core/ConfigMap\u0000default\u0000a";
  const noOp = fp({ readKeys: new Set([K]) });
  // Request 3 writes what 1 read (a dependent of 1); it is not pending, so its enqueuers join.
  const writer3 = fp({ writeKeys: new Set([K]), writeKinds: new Set(["core/ConfigMap"]) });

  it("says yes when the only way back to a pending request goes through the seed itself", () => {
    const por = new PartialOrderReduction();
    por.observe(3, writer3);
    // 1 enqueues 3, and 2 enqueues 1: the closure reaches 3, then 1 (in it already), and stops there.
    por.observe(1, fp({ writeKeys: new Set(["core/ConfigMap\u0000default\u0000x"]), triggers: new Set([3]) }));
    por.observe(2, fp({ writeKeys: new Set(["core/ConfigMap\u0000default\u0000y"]), triggers: new Set([1]) }));
    const pending = Uint32Array.of(1, 2);
    const exact = new Map([[1, noOp]]);
    expect(por.closure(1, pending, exact, new Set(), 2)).toEqual(new Set([1]));
    expect(por.isSingleton(1, pending, exact, new Set())).toBe(true);
  });

  it("says no when a pending request enqueues a dependent the seed is waiting on, as the closure does", () => {
    const por = new PartialOrderReduction();
    por.observe(3, writer3);
    por.observe(2, fp({ writeKeys: new Set(["core/ConfigMap\u0000default\u0000y"]), triggers: new Set([3]) }));
    const pending = Uint32Array.of(1, 2);
    const exact = new Map([[1, noOp]]);
    expect(por.closure(1, pending, exact, new Set(), 2)).toBe(2);
    expect(por.isSingleton(1, pending, exact, new Set())).toBe(false);
  });

  it("says no for a blocked seed, or one whose footprint here is not known", () => {
    const por = new PartialOrderReduction();
    por.observe(1, noOp);
    const pending = Uint32Array.of(1, 2);
    expect(por.isSingleton(1, pending, new Map([[1, noOp]]), new Set([1]))).toBe(false);
    expect(por.isSingleton(1, pending, new Map(), new Set())).toBe(false);
  });
});
