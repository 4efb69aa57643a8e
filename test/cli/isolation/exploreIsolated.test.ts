import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { exploreIsolated } from "../../../src/index.ts";

const root = resolve(import.meta.dirname, "../../..");

describe("exploreIsolated (the API)", () => {
  it("stops a reconciler that never returns and names it, keeping the states found before it", async () => {
    const outcome = await exploreIsolated("test/cli/fixtures/runaway/spinningReconciler.ts", { reconcileTimeoutMs: 2_000 }, root);
    expect(outcome.complete).toBe(false);
    expect(outcome.stopReason).toBe("runaway");
    expect(outcome.stopDetail).toMatch(/^reconciler "Spinner" did not return within 4 s \(state [0-9a-f]{16}, request default\/counter; /);
    expect(outcome.graph.stateCount()).toBeGreaterThanOrEqual(3);
    expect(outcome.stats.uniqueStates).toBe(outcome.graph.stateCount());
  });

  it("ends at the run's timeout even inside such a reconciler, naming what was running", async () => {
    // The reconcile budget is far beyond the test: only the run's timeout can end it.
    const outcome = await exploreIsolated("test/cli/fixtures/runaway/spinningReconciler.ts", { reconcileTimeoutMs: 600_000, timeoutMs: 3_000 }, root);
    expect(outcome.stopReason).toBe("timeout");
    expect(outcome.stopDetail).toMatch(/^the timeout passed while reconciler "Spinner" was running \(state [0-9a-f]{16}, request default\/counter\)/);
  });

  it("explores a well-behaved scenario to the same result as in-process", async () => {
    const { scenario } = await import("../../../examples/trivial/scenario.ts");
    const { builder, initial } = scenario.build();
    const direct = await builder.build().explore(initial);
    const isolated = await exploreIsolated("examples/trivial/scenario.ts", {}, root);
    expect(isolated.complete).toBe(true);
    expect(isolated.convergedStates.map((s) => [s.id, s.pathCount])).toEqual(direct.convergedStates.map((s) => [s.id, s.pathCount]));
    expect(isolated.stats.uniqueStates).toBe(direct.stats.uniqueStates);
  });

  it("refuses options that cannot cross to the worker, saying where to give them", async () => {
    await expect(exploreIsolated("examples/trivial/scenario.ts", { observers: [{}] }, root)).rejects.toThrow(/observers run in the worker thread/);
  });
});
