import { describe, expect, it } from "vitest";
import { pathSignature } from "../../src/index.ts";
import { scenario as modeFlip } from "../../examples/mode-flip/scenario.ts";
import { scenario as duplicate } from "../../examples/duplicate-invariant/scenario.ts";

async function explore(s: typeof modeFlip, reduceNoOps: boolean) {
  const { builder, initial, options } = s.build();
  return builder.build().explore(initial, { ...options, reduceNoOps });
}

describe("reduceNoOps", () => {
  it("finds the same converged worlds and unique effectful paths with fewer states", async () => {
    const full = await explore(modeFlip, false);
    const reduced = await explore(modeFlip, true);
    const outcome = (r: typeof full) =>
      r.convergedStates.map((s) => ({ id: s.id, paths: s.paths.map(pathSignature).sort() })).sort((a, b) => (a.id < b.id ? -1 : 1));
    expect(outcome(reduced)).toEqual(outcome(full));
    expect(reduced.stats.uniqueStates).toBeLessThan(full.stats.uniqueStates);
  });

  it("still finds invariant violations", async () => {
    const reduced = await explore(duplicate, true);
    expect(reduced.violations.map((v) => v.message)).toContain("foo wants 1 pod(s) but has 2");
  });

  it("is not the default reduction (the partial-order reduction is), and reduceNoOps: false means none", async () => {
    const { builder, initial } = modeFlip.build();
    const byDefault = await builder.build().explore(initial);
    const por = await builder.build().explore(initial, { reduction: "por" });
    const full = await explore(modeFlip, false);
    expect(byDefault.stats.reduction).toBe("por");
    expect(byDefault.stats.uniqueStates).toBe(por.stats.uniqueStates);
    expect(full.stats.reduction).toBeUndefined();
    expect(full.stats.uniqueStates).toBeGreaterThan(byDefault.stats.uniqueStates);
  });
});
