import { describe, expect, test } from "vitest";
import "../../examples/index.ts";
import { exploreScenario } from "../../src/cli/exploreScenario.ts";
import { KameraError } from "../../src/kameraError.ts";

const preload = [new URL("../../examples/index.ts", import.meta.url).href];
const DYING = new URL("./fixtures/dyingWorkerScenario.ts", import.meta.url).pathname;
/** 117,649 worlds without reduction: far more than a test can finish. */
const WIDE = new URL("../cli/fixtures/wideScenario.ts", import.meta.url).pathname;

describe("bounds, stops and failures across worker threads", () => {
  test("maxStates stops every worker: the result is partial, with the stop reason, and cut as a single run's bound cuts it", async () => {
    const r = await exploreScenario(WIDE, { workers: 2, reduction: "none", maxStates: 10 });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("maxStates");
    // Checked between states: below the bound before the last expansion, whose successors come on
    // top (at most 36: six reconcilers, each triggered for each of six ConfigMaps).
    expect(r.stats.uniqueStates).toBeGreaterThanOrEqual(10);
    expect(r.stats.uniqueStates).toBeLessThanOrEqual(9 + 36);
    // Unexpanded states are reported as left by a limit, not as converged.
    expect(r.abortedStates.some((s) => s.reason === "limit")).toBe(true);
  }, 120_000);

  test("an aborted signal stops the workers: the partial result holds the initial state, unexpanded", async () => {
    const controller = new AbortController();
    controller.abort();
    const r = await exploreScenario("trivial", { workers: 2, preload, signal: controller.signal });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("signal");
    expect(r.graph.outcome(0).kind).toBe("unexpanded");
  }, 120_000);

  test("a timeout of 0 ms stops the workers with stop reason timeout, on a space they could not finish", async () => {
    const r = await exploreScenario(WIDE, { workers: 2, reduction: "none", timeoutMs: 0 });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("timeout");
  }, 120_000);

  test("a worker thread that dies mid-run fails the exploration with a KameraError naming it, instead of hanging or returning a partial result", async () => {
    const run = exploreScenario(DYING, { workers: 2 });
    await expect(run).rejects.toThrow(KameraError);
    await expect(run).rejects.toThrow(/worker \d was lost before the exploration ended \(its thread exited with code 9\)/);
  }, 120_000);

  test("the dying-worker scenario explores fine in one thread (the failure above is the worker's death)", async () => {
    const r = await exploreScenario(DYING, { workers: 1 });
    expect(r.complete).toBe(true);
    expect(r.convergedStates).toHaveLength(1);
  }, 60_000);

  test("a custom search strategy is refused with workers: its priority function cannot be sent to them", async () => {
    await expect(exploreScenario("trivial", { workers: 2, preload, strategy: { priority: () => 0 } })).rejects.toThrow(/custom search strategy cannot be used with workers/);
  });

  test("Explorer.explore refuses workers above 1 and names the ways that can load the scenario again", async () => {
    const { scenario } = await import("../../examples/trivial/scenario.ts");
    const { builder, initial } = scenario.build();
    await expect(builder.build().explore(initial, { workers: 2 })).rejects.toThrow(/exploreScenario\(<example or module>, \{ workers: 2 \}\) or `kamera explore <example-or-module> --workers 2`/);
  });

  test("workers must be a whole number of at least 1", async () => {
    await expect(exploreScenario("trivial", { workers: 0 })).rejects.toThrow(/workers must be a whole number of at least 1, got 0/);
    await expect(exploreScenario("trivial", { workers: 1.5 })).rejects.toThrow(/workers must be a whole number of at least 1, got 1.5/);
  });

  test("workers are at most 256, refused before any thread starts", async () => {
    await expect(exploreScenario("trivial", { workers: 100_000 })).rejects.toThrow("workers must be at most 256, got 100000");
  });
});
