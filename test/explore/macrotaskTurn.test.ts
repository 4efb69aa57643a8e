import { describe, expect, it } from "vitest";
import { nextMacrotaskTurn } from "../../src/explore/macrotaskTurn.ts";
import { ExplorerBuilder, type Client } from "../../src/index.ts";

describe("nextMacrotaskTurn", () => {
  it("is one promise for everyone who asks before the turn comes, resolved after the microtasks queued before it", async () => {
    const first = nextMacrotaskTurn();
    expect(nextMacrotaskTurn()).toBe(first);
    let microtasksDone = false;
    void Promise.resolve()
      .then(() => undefined)
      .then(() => (microtasksDone = true));
    await first;
    expect(microtasksDone).toBe(true);
  });

  it("after its turn has come, hands out a new promise that waits for the following turn", async () => {
    const first = nextMacrotaskTurn();
    await first;
    const second = nextMacrotaskTurn();
    expect(second).not.toBe(first);
    let resolved = false;
    void second.then(() => (resolved = true));
    // A whole chain of microtasks does not reach the next macrotask.
    for (let i = 0; i < 100; i++) await Promise.resolve();
    expect(resolved).toBe(false);
    await second;
    expect(resolved).toBe(true);
  });
});

describe("reconciles that wait past the macrotask turn", () => {
  it("a reconcile that settles after a real timer still completes its step (it is slow, not stuck)", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("Sleeper", (client: Client) => ({
      async reconcile() {
        await new Promise((resolve) => setTimeout(resolve, 5));
        await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "made", namespace: "default" } });
      },
    })).for("core/Secret");
    const r = await eb.build().explore(eb.initialState().enqueue("Sleeper", { namespace: "default", name: "x" }).build(), { memoizeReconciles: false });
    expect(r.stats.uniqueStates).toBe(2);
    expect(r.convergedStates).toHaveLength(1);
    expect(r.convergedStates[0]!.objects.map((o) => o.metadata?.name)).toEqual(["made"]);
  });

  it("many reconciles settling within microtasks, mixed with ones that wait for a timer, all complete", async () => {
    const eb = new ExplorerBuilder();
    for (const [id, slow] of [["fast", false], ["slow", true]] as const) {
      eb.withReconciler(id, (client: Client) => ({
        async reconcile(req) {
          if (slow) await new Promise((resolve) => setTimeout(resolve, 1));
          await client.create({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: `${id}-${req.name}`, namespace: "default" } });
        },
      })).for("core/Secret");
    }
    const b = eb.initialState();
    for (const name of ["a", "b"]) b.enqueue("fast", { namespace: "default", name }).enqueue("slow", { namespace: "default", name });
    const r = await eb.build().explore(b.build(), { memoizeReconciles: false });
    expect(r.complete).toBe(true);
    expect(r.convergedStates).toHaveLength(1);
    expect(r.convergedStates[0]!.objects.map((o) => o.metadata?.name).sort()).toEqual(["fast-a", "fast-b", "slow-a", "slow-b"]);
  });
});
