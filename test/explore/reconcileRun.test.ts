import { describe, expect, it } from "vitest";
import { ExplorerBuilder, type Client, type ReconcileResult } from "../../src/index.ts";

/** Explores one request of a reconciler that lists ConfigMaps (writing nothing) and returns what `result(run)` gives. */
async function exploreReturning(result: (run: number) => ReconcileResult | void, style: "async" | "sync") {
  let runs = 0;
  const eb = new ExplorerBuilder();
  eb.withReconciler("Returner", (client: Client) => ({
    reconcile() {
      runs++;
      const value = result(runs);
      if (style === "sync") return value as never;
      return client.list("v1", "ConfigMap").then(() => value);
    },
  })).for("core/Secret");
  const r = await eb.build().explore(eb.initialState().enqueue("Returner", { namespace: "default", name: "x" }).build(), { memoizeReconciles: false });
  const steps = [];
  for (let e = 0; e < r.graph.edgeCount(); e++) {
    const [from, to, step] = r.graph.edge(e);
    steps.push({ from, to, requeue: r.graph.step(step).requeue ?? false, requeueAfter: r.graph.step(step).requeueAfter });
  }
  return { r, steps };
}

describe("a reconcile's return value", () => {
  for (const style of ["async", "sync"] as const) {
    it(`{ requeue: true } from a ${style} reconcile that writes nothing keeps the request pending: the state loops on itself`, async () => {
      const { r, steps } = await exploreReturning(() => ({ requeue: true }), style);
      expect(steps).toEqual([{ from: 0, to: 0, requeue: true, requeueAfter: undefined }]);
      expect(r.convergedStates).toEqual([]);
      expect(r.nonConverging).toHaveLength(1);
    });

    it(`{ requeueAfter } from a ${style} reconcile is recorded on the step and requeues`, async () => {
      const { steps } = await exploreReturning(() => ({ requeueAfter: 30_000 }), style);
      expect(steps).toEqual([{ from: 0, to: 0, requeue: true, requeueAfter: 30_000 }]);
    });

    it(`undefined from a ${style} reconcile ends the request`, async () => {
      const { r, steps } = await exploreReturning(() => undefined, style);
      expect(steps).toEqual([{ from: 0, to: 1, requeue: false, requeueAfter: undefined }]);
      expect(r.convergedStates).toHaveLength(1);
    });
  }
});
