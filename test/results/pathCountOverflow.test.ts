import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// Both inspectors show path counts through the shared model's pathCountText.
import { pathCountText } from "../../src/inspect/model/stateRows.ts";
import { ArrayResultGraph, type ArrayGraphState } from "../../src/results/arrayResultGraph.ts";
import { buildExploreResult } from "../../src/explore/buildExploreResult.ts";
import { loadDump, saveDump } from "../../src/results/dump.ts";
import type { ExploreResult } from "../../src/explore/exploreResult.ts";
import { MAX_PATH_COUNT } from "../../src/explore/pathCountBound.ts";

/** `diamonds` diamonds in a row: 2^diamonds paths from the initial state to the last, converged one. */
function diamondChain(diamonds: number): ArrayResultGraph {
  const pending = [{ reconcilerId: "R", request: { namespace: "default", name: "x" } }];
  const states: ArrayGraphState[] = [];
  const edges: [number, number, number][] = [];
  const state = (converged: boolean): number => {
    const id = states.length;
    states.push({
      id: (id + 1).toString(16).padStart(16, "0"),
      depth: 0,
      objects: [],
      pending: converged ? [] : pending,
      outcome: { kind: converged ? "converged" : "expanded" },
    });
    return id;
  };
  let top = state(false);
  for (let d = 0; d < diamonds; d++) {
    const left = state(false);
    const right = state(false);
    const bottom = state(d === diamonds - 1);
    edges.push([top, left, 0], [top, right, 1], [left, bottom, 0], [right, bottom, 1]);
    top = bottom;
  }
  const step = { reconcilerId: "R", request: { namespace: "default", name: "x" }, effects: [] };
  return new ArrayResultGraph({ states, steps: [step, { ...step, error: "other branch" }], edges });
}

describe("a path count that saturates at 2^64 − 1 is shown as a bound, not as exact", () => {
  it("64 diamonds (2^64 paths) saturate: the result says so and the inspectors show ≥ 18,446,744,073,709,551,615", async () => {
    const graph = diamondChain(64);
    const result = buildExploreResult(graph) as ExploreResult & { graph: ArrayResultGraph };
    const converged = result.convergedStates[0]!;
    expect(converged.pathCount).toBe(MAX_PATH_COUNT);
    expect(converged.pathCountOverflow).toBe(true);
    expect(pathCountText(converged)).toBe("≥ 18,446,744,073,709,551,615");

    // Dumps store no counts: a loaded dump recomputes them and carries the flag again.
    Object.defineProperty(result, "graph", { value: graph, enumerable: false });
    const dir = await mkdtemp(join(tmpdir(), "kamera-overflow-"));
    try {
      await saveDump(result, join(dir, "overflow.json"));
      const loaded = await loadDump(join(dir, "overflow.json"));
      expect(loaded.convergedStates[0]!.pathCountOverflow).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("63 diamonds (2^63 paths) are exact", () => {
    const converged = buildExploreResult(diamondChain(63)).convergedStates[0]!;
    expect(converged.pathCount).toBe(1n << 63n);
    expect(converged.pathCountOverflow).toBe(false);
    expect(pathCountText(converged)).toBe((1n << 63n).toLocaleString("en-US"));
  });
});
