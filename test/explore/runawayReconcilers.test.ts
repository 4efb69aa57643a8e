import { describe, expect, it, vi } from "vitest";
import { ExplorerBuilder, type Client, type ReconcileContext } from "../../src/index.ts";

const cm = (name: string) => ({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default" }, data: {} });
const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "x" };

/** An exploration of one reconciler on one ConfigMap, aborting on the first error. */
async function exploreWith(reconcile: (c: Client, ctx: ReconcileContext) => unknown, reconcileTimeoutMs = 100) {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Runaway", (c: Client) => ({ reconcile: (_req, ctx) => reconcile(c, ctx) as Promise<void> })).for("core/ConfigMap");
  const initial = eb.initialState().addTopLevelObject(cm("x"), "Runaway").build();
  return eb.build().explore(initial, { reconcileTimeoutMs, abortOnError: true });
}

// Each of these loops, before the budget was checked inside calls, hung the process for good:
// their promises settle in microtasks, so the reconcile timer never ran.
describe("a reconcile that never returns is cut off by its budget, checked at every client call and ctx.choose", () => {
  it("an async loop polling await client.get() fails its step after reconcileTimeoutMs, naming reconciler, request and budget", async () => {
    const r = await exploreWith(async (c) => {
      for (;;) await c.get(ref);
    });
    expect(r.abortedStates).toHaveLength(1);
    expect(r.abortedStates[0]!.error).toMatch(/^ReconcileTimeout: reconcile of Runaway on default\/x did not return within 100 ms \(it was still calling get, call [\d,]+;/);
    expect(r.abortedStates[0]!.failedReconcile).toEqual({ reconcilerId: "Runaway", request: { namespace: "default", name: "x" } });
  }, 30_000);

  it("a polling loop through the client-node facade is cut off, and once cut off its next call throws, so it stops for good", async () => {
    let calls = 0;
    let ended: unknown;
    const r = await exploreWith(async (c) => {
      const api = c.asKubernetesObjectApi();
      try {
        for (;;) {
          await c.list("v1", "ConfigMap", { namespace: "default" });
          await api.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "x", namespace: "default" } });
          calls++;
        }
      } catch (e) {
        ended = e;
        throw e;
      }
    });
    // The facade's serializer yields to the event loop, so the reconcile's timer may be what cuts it off.
    expect(r.abortedStates[0]!.error).toMatch(/^ReconcileTimeout: reconcile of Runaway on default\/x (did not return within|timed out after) 100 ms/);
    // A cut-off reconcile keeps running in the background until its next client call, which throws.
    // Waited for, not timed: on a loaded machine the background continuation may take a while to reach its next call.
    await vi.waitFor(() => expect(ended).toBeInstanceOf(Error), { timeout: 20_000, interval: 20 });
    expect((ended as Error).name).toBe("ReconcileTimeout");
    const after = calls;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(calls).toBe(after);
  }, 30_000);

  it("a result with a step cut off by the wall-clock budget says so in its warnings (the budget is wall clock: a loaded machine can cause it)", async () => {
    const r = await exploreWith(async (c) => {
      for (;;) await c.get(ref);
    });
    expect(r.warnings.filter((w) => w.includes("reconcileTimeoutMs"))).toEqual([
      expect.stringMatching(/^1 transition ran out of the reconcile time budget \(reconcileTimeoutMs, wall clock\) and is an error step in this result, e\.g\. "reconcile of Runaway on default\/x did not return within 100 ms/),
    ]);
    // A generous budget: the point is that a reconcile that returns gets no warning, not that it returns within 100 ms.
    const fine = await exploreWith(async (c) => void (await c.get(ref)), 60_000);
    expect(fine.warnings.filter((w) => w.includes("reconcileTimeoutMs"))).toEqual([]);
  }, 30_000);

  it("a reconcile that catches the budget's error cannot write afterwards, and its step still fails with that error", async () => {
    const r = await exploreWith(async (c) => {
      for (;;) {
        try {
          await c.get(ref);
        } catch {
          break;
        }
      }
      // Every call after the deadline throws the same error, so this write never happens.
      await c.create(cm("after")).catch(() => undefined);
      return { requeue: false };
    });
    expect(r.abortedStates).toHaveLength(1);
    expect(r.abortedStates[0]!.error).toMatch(/^ReconcileTimeout: reconcile of Runaway on default\/x did not return within 100 ms/);
    expect(r.abortedStates[0]!.objects.map((o) => o.metadata!.name)).toEqual(["x"]);
  }, 30_000);

  it("a loop over ctx.choose fails its step, by the deadline or the call bound, whichever comes first", async () => {
    const r = await exploreWith((_c, ctx) => {
      for (;;) ctx.choose("spin", ["a", "b"]);
    });
    expect(r.abortedStates).toHaveLength(1);
    expect(r.abortedStates[0]!.error).toMatch(
      /^ReconcileTimeout: reconcile of Runaway on default\/x (did not return within 100 ms \(it was still calling ctx\.choose\("spin"\)|made more than 1,000,000 client and ctx\.choose calls)/,
    );
  }, 30_000);
});

describe("timeoutMs and the stop signal are checked between reconciles, not only between states", () => {
  const OPTIONS = Array.from({ length: 10_000 }, (_, i) => i);
  /** One state whose single reconcile offers 10,000 choices, each run taking at least 1 ms. */
  const manyChoices = () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Chooser", () => ({
      reconcile(_req, ctx) {
        ctx.choose("n", OPTIONS);
        const until = performance.now() + 1;
        while (performance.now() < until) {
          // Stands in for a reconcile that takes a while: 10,000 of them take at least 10 s.
        }
      },
    })).for("core/ConfigMap");
    return { eb, initial: eb.initialState().addTopLevelObject(cm("x"), "Chooser").build() };
  };

  it("a ctx.choose over 10,000 options with a small timeoutMs ends with stop reason timeout and part of the options run", async () => {
    const { eb, initial } = manyChoices();
    const r = await eb.build().explore(initial, { timeoutMs: 100 });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("timeout");
    expect(r.stats.transitions).toBeGreaterThan(0);
    expect(r.stats.transitions).toBeLessThan(OPTIONS.length);
    // The state whose expansion was cut short is reported as not expanded.
    expect(r.stats.statesVisited).toBe(0);
  }, 30_000);

  it("an abort signal raised while one state's 10,000 choices run ends the run with stop reason signal", async () => {
    const { eb, initial } = manyChoices();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const r = await eb.build().explore(initial, { signal: controller.signal });
    expect(r.complete).toBe(false);
    expect(r.stopReason).toBe("signal");
    expect(r.stats.transitions).toBeLessThan(OPTIONS.length);
  }, 30_000);
});
