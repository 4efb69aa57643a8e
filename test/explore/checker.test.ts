import { afterEach, describe, expect, it } from "vitest";
import type { AddResult, Core } from "../../bindings/core.ts";
import { check, type CheckerOptions, type Model, type SearchStats, type Transition } from "../../src/explore/checker.ts";
import type { StateOutcome } from "../../src/explore/stateOutcome.ts";

const EMPTY = new Uint32Array(0);

/**
 * A small abstract model: states are named nodes of a directed graph, one object slot holding the
 * node's number; a node without successors is final. Nothing Kubernetes about it: the checker
 * must not need more.
 */
class GraphModel implements Model<Transition, SearchStats> {
  private core!: Core;
  readonly nodeOf: number[] = [];
  readonly failing = new Set<number>();

  constructor(private readonly edges: Record<number, number[]>) {}

  async initial(core: Core): Promise<number> {
    this.core = core;
    core.registerKey(0, 0x1234n);
    const nodes = new Set([0, ...Object.keys(this.edges).map(Number), ...Object.values(this.edges).flat()]);
    for (const n of nodes) core.registerVersion(n + 1, BigInt(n + 1) * 0x9e3779b97f4a7c15n & ((1n << 64n) - 1n));
    const s0 = core.addInitial(new Uint32Array([0, 1]), EMPTY, EMPTY);
    this.nodeOf[s0] = 0;
    return s0;
  }
  isFinal(state: number): boolean {
    return (this.edges[this.nodeOf[state]!] ?? []).length === 0;
  }
  reachedFinal(): StateOutcome | undefined {
    return undefined;
  }
  discovered(state: number, via: Transition | undefined): StateOutcome | undefined {
    if (via !== undefined) this.nodeOf[state] = via.changed[1]! - 1;
    return this.failing.has(this.nodeOf[state]!) ? { kind: "aborted", reason: "invariant" } : undefined;
  }
  failure(): StateOutcome | undefined {
    return undefined;
  }
  async successors(state: number, _depth: number, add: (via: Transition) => AddResult): Promise<void> {
    for (const next of this.edges[this.nodeOf[state]!] ?? []) add({ step: next, changed: new Uint32Array([0, next + 1]), pending: EMPTY, cursors: EMPTY });
  }
  stats(search: SearchStats): SearchStats {
    return search;
  }
  node(state: number): number {
    return this.nodeOf[state]!;
  }
  depthInCore(state: number): number {
    return this.core.depth(state);
  }
}

/** A ring 0 → 1 → … → n−1 → 0 with a chord i → i+2: every node reached twice. */
function ring(n: number): Record<number, number[]> {
  const edges: Record<number, number[]> = {};
  for (let i = 0; i < n; i++) edges[i] = [(i + 1) % n, (i + 2) % n];
  return edges;
}

const base: CheckerOptions<SearchStats> = { engine: "reference", frontier: "dfs", seed: 1, expectedStates: 64, maxDepth: 100 };

const realSetImmediate = globalThis.setImmediate;
afterEach(() => {
  globalThis.setImmediate = realSetImmediate;
});

describe("checker", () => {
  it("explores every reachable state of a model once, and every transition as an edge", async () => {
    const run = check(new GraphModel(ring(10)), base);
    const end = await run.done;
    expect(end).toEqual({ complete: true });
    expect(run.stats()).toMatchObject({ uniqueStates: 10, transitions: 20, statesVisited: 10, frontierSize: 0, finalCount: 0 });
    expect(run.graph.stateCount()).toBe(10);
    expect(run.graph.edgeCount()).toBe(20);
  });

  it("tells observers of every new state and every new edge, in id order, and of progress once at the end", async () => {
    const states: number[] = [];
    const edges: number[] = [];
    const progress: SearchStats[] = [];
    const run = check(new GraphModel(ring(6)), {
      ...base,
      progressIntervalMs: 1e9,
      observers: [{ state: (s) => states.push(s), edge: (e) => edges.push(e) }, { progress: (s) => progress.push(s) }],
    });
    await run.done;
    expect(states).toEqual([0, 1, 2, 3, 4, 5]);
    expect(edges).toEqual(Array.from({ length: 12 }, (_, i) => i));
    expect(progress).toHaveLength(1);
    expect(progress[0]).toMatchObject({ uniqueStates: 6, transitions: 12 });
  });

  it("hands out a live handle at once: an empty graph and zero counters before the search starts", async () => {
    const run = check(new GraphModel(ring(4)), base);
    expect(run.graph.stateCount()).toBe(0);
    expect(run.stats()).toMatchObject({ uniqueStates: 0, transitions: 0, statesVisited: 0 });
    await run.done;
    expect(run.stats().uniqueStates).toBe(4);
  });

  it("stops at maxStates with the states found so far, not complete", async () => {
    const run = check(new GraphModel(ring(50)), { ...base, maxStates: 5 });
    const end = await run.done;
    expect(end).toEqual({ complete: false, stopReason: "maxStates" });
    expect(run.stats().uniqueStates).toBeGreaterThanOrEqual(5);
    expect(run.stats().uniqueStates).toBeLessThan(50);
  });

  it("stop() ends the search at the next state with stop reason signal", async () => {
    let stop = (): void => undefined;
    const run = check(new GraphModel(ring(50)), {
      ...base,
      observers: [{ state: (s) => s === 3 && stop() }],
    });
    stop = run.stop;
    const end = await run.done;
    expect(end).toEqual({ complete: false, stopReason: "signal" });
    expect(run.stats().statesVisited).toBeLessThan(50);
  });

  it("stops when its signal is aborted", async () => {
    const controller = new AbortController();
    controller.abort();
    const run = check(new GraphModel(ring(5)), { ...base, signal: controller.signal });
    expect(await run.done).toEqual({ complete: false, stopReason: "signal" });
  });

  it("yields through the injected function, never through the global setImmediate", async () => {
    let yields = 0;
    globalThis.setImmediate = (() => {
      throw new Error("the checker used the global setImmediate");
    }) as unknown as typeof setImmediate;
    const run = check(new GraphModel(ring(20)), {
      ...base,
      yieldEveryMs: -1,
      yieldToEventLoop: async () => {
        yields++;
      },
    });
    expect(await run.done).toEqual({ complete: true });
    expect(yields).toBeGreaterThanOrEqual(20);
  });

  it("does not expand states at max depth, and marks them aborted for max-depth", async () => {
    const model = new GraphModel({ 0: [1], 1: [2], 2: [3], 3: [4] });
    const run = check(model, { ...base, maxDepth: 2 });
    await run.done;
    expect(run.graph.stateCount()).toBe(3);
    expect(run.graph.outcome(2)).toEqual({ kind: "aborted", reason: "max-depth" });
    expect(run.graph.outcome(0)).toEqual({ kind: "expanded" });
  });

  it("re-opens a state cut off at max depth when a shorter path reaches it later", async () => {
    // Depth first, the long branch 0 → 10 → 11 → 12 → 13 → 7 reaches node 7 at depth 5 (cut off);
    // the short branch 0 → 20 → 7 then reaches it at depth 2, so 7 is expanded and 8 is found.
    const edges = { 0: [20, 10], 10: [11], 11: [12], 12: [13], 13: [7], 20: [7], 7: [8] };
    for (const order of [edges, { ...edges, 0: [10, 20] }]) {
      const model = new GraphModel(order);
      const run = check(model, { ...base, maxDepth: 5 });
      await run.done;
      const ids = Array.from({ length: run.graph.stateCount() }, (_, s) => s);
      const seven = ids.find((s) => model.node(s) === 7)!;
      const eight = ids.find((s) => model.node(s) === 8);
      expect(run.graph.depth(seven)).toBe(2);
      expect(eight).toBeDefined();
      expect(run.graph.outcome(eight!)).toEqual({ kind: "converged" });
      expect(run.graph.depth(eight!)).toBe(3);
    }
  });

  it("aborts a state whose properties fail when it is discovered, and does not expand it", async () => {
    const model = new GraphModel({ 0: [1], 1: [2], 2: [3] });
    model.failing.add(2);
    const run = check(model, base);
    await run.done;
    expect(run.graph.stateCount()).toBe(3);
    expect(run.graph.outcome(2)).toEqual({ kind: "aborted", reason: "invariant" });
    expect(run.stats().abortedCount).toBe(1);
  });

  it("rejects done when the model throws, with the model's error", async () => {
    const model = new GraphModel(ring(3));
    model.successors = async () => {
      throw new Error("model bug");
    };
    await expect(check(model, base).done).rejects.toThrow("model bug");
  });
});
