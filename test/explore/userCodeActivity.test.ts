import { describe, expect, it } from "vitest";
import { ExplorerBuilder, type Client, type KubeObject } from "../../src/index.ts";
import type { UserCodeActivity } from "../../src/explore/userCodeActivity.ts";
import { userCodeName, userCodePlace } from "../../src/explore/userCodeActivity.ts";

const ref = { apiVersion: "v1", kind: "ConfigMap", namespace: "default", name: "cm" };

/** Raises data.n from 0 to 2; the invariant is checked on every state. */
function counter() {
  const eb = new ExplorerBuilder();
  eb.withReconciler("Counter", (c: Client) => ({
    async reconcile() {
      const cm = await c.get<KubeObject & { data: { n: string } }>(ref);
      if (cm.data.n !== "2") await c.update({ ...cm, data: { n: String(Number(cm.data.n) + 1) } });
    },
  })).for("core/ConfigMap");
  eb.withInvariant("exists", (s) => s.get("core/ConfigMap", "default", "cm") !== undefined);
  const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "default" }, data: { n: "0" } };
  return { explorer: eb.build(), initial: eb.initialState().addTopLevelObject(cm, "Counter").build() };
}

describe("observers told of user code", () => {
  it("hear each reconcile and invariant start, on which state and request, and return, one at a time", async () => {
    const { explorer, initial } = counter();
    const events: (UserCodeActivity | "finished")[] = [];
    const outcome = await explorer.explore(initial, {
      memoizeReconciles: false,
      observers: [{ userCodeStarted: (a) => events.push(a), userCodeFinished: () => events.push("finished") }],
    });
    // Strictly alternating: nothing starts before the previous code returned.
    events.forEach((e, i) => expect(e === "finished").toBe(i % 2 === 1));
    const started = events.filter((e): e is UserCodeActivity => e !== "finished");
    const reconciles = started.filter((a) => a.kind === "reconcile");
    const invariants = started.filter((a) => a.kind === "invariant");
    expect(reconciles).toHaveLength(outcome.stats.reconcilesExecuted);
    expect(invariants).toHaveLength(outcome.stats.uniqueStates);
    const graph = outcome.graph;
    for (const a of started) expect(graph.stateId(a.state)).toBe(a.stateId);
    expect(reconciles[0]).toEqual({ kind: "reconcile", reconcilerId: "Counter", request: { namespace: "default", name: "cm" }, state: 0, stateId: graph.stateId(0) });
    expect(userCodeName(reconciles[0]!)).toBe('reconciler "Counter"');
    expect(userCodePlace(reconciles[0]!)).toBe(`state ${graph.stateId(0)}, request default/cm`);
    expect(userCodeName(invariants[0]!)).toBe('invariant "exists"');
  });

  it("are not told of reconciles replayed from the memo, which run no user code", async () => {
    const { explorer, initial } = counter();
    let reconciles = 0;
    const outcome = await explorer.explore(initial, { observers: [{ userCodeStarted: (a) => void (a.kind === "reconcile" && reconciles++) }] });
    expect(reconciles).toBe(outcome.stats.reconcilesExecuted);
  });
});
