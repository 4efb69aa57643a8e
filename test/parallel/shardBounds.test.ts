import { describe, expect, test } from "vitest";
import { ExplorerBuilder, type Explorer } from "../../src/index.ts";
import type { InitialState } from "../../src/explore/initialStateBuilder.ts";
import type { ExploreOptions } from "../../src/explore/exploreOptions.ts";
import { shardOptionsOf } from "../../src/parallel/parallelExploration.ts";
import { ShardExplorer, type ShardLink } from "../../src/parallel/shardExplorer.ts";
import type { StatusMessage, ToCoordinator, ToWorker } from "../../src/parallel/shardMessages.ts";
import { wideScenario } from "../cli/fixtures/wideScenario.ts";

/**
 * Runs one shard alone (it owns every state), the coordinator played by the test: `onMessage`
 * sees each message it sends and may answer through `send`; `searched` is answered with `release`.
 */
async function alone(explorer: Explorer, initial: InitialState, opts: ExploreOptions, onMessage: (msg: ToCoordinator, send: (msg: ToWorker) => void) => void) {
  const said: ToCoordinator[] = [];
  let handler: (msg: ToWorker) => void = () => undefined;
  const send = (msg: ToWorker) => handler(msg);
  const link: ShardLink = {
    shard: 0,
    workers: 1,
    keepsEarlyMessages: true,
    toShard: () => undefined,
    toCoordinator(msg) {
      said.push(msg);
      onMessage(msg, send);
      if (msg.type === "searched") queueMicrotask(() => send({ type: "release" }));
    },
    listen: (h) => void (handler = h),
  };
  await new ShardExplorer(explorer.config, initial, shardOptionsOf(explorer, opts), link).run();
  return { said, send };
}

/** Two requests pending at the initial state, of reconcilers that write nothing; `during` runs inside the first reconcile. */
function twoPending(during: () => void) {
  const eb = new ExplorerBuilder();
  let first = true;
  for (const id of ["A", "B"]) {
    eb.withReconciler(id, () => ({
      async reconcile() {
        if (first) during();
        first = false;
      },
    })).for("core/ConfigMap");
  }
  const initial = eb.initialState().enqueue("A", { namespace: "default", name: "a" }).enqueue("B", { namespace: "default", name: "b" }).build();
  return { explorer: eb.build(), initial };
}

/** The expansion records a shard sent when the coordinator's `stop` reached it inside its first reconcile. */
async function recordsWhenStoppedMidState(stop: ToWorker): Promise<number[]> {
  let send: (msg: ToWorker) => void = () => undefined;
  const { explorer, initial } = twoPending(() => send(stop));
  const { said } = await alone(explorer, initial, { reduction: "none" }, (_msg, s) => (send = s));
  return said.flatMap((m) => (m.type === "expansions" ? [...m.records] : []));
}

describe("a shard's bounds", () => {
  test("a shard expands none of its states once it owns maxStates, and its idle report says it reached the bound", async () => {
    const { builder, initial } = wideScenario(3, 3).build();
    const explorer = builder.build();
    const full = await explorer.explore(initial, { reduction: "none" });
    expect(full.stats.uniqueStates).toBeGreaterThan(100);
    let successors = 0;
    for (let s = 0; s < full.graph.stateCount(); s++) successors = Math.max(successors, full.graph.successors(s).length);
    const { said } = await alone(explorer, initial, { reduction: "none", maxStates: 10 }, (msg, send) => {
      if (msg.type === "status" && msg.idle) queueMicrotask(() => send({ type: "stop", betweenStates: true }));
    });
    const idle = said.find((m): m is StatusMessage => m.type === "status" && m.idle)!;
    // Checked between states, as with one worker: below the bound before the last expansion, whose successors come on top.
    expect(idle.states).toBeGreaterThanOrEqual(10);
    expect(idle.states).toBeLessThanOrEqual(9 + successors);
    expect(idle.expanded).toBeLessThan(10);
  });

  test("a stop for maxStates lets the state being expanded finish: its expansion, with both transitions, reaches the coordinator", async () => {
    const records = await recordsWhenStoppedMidState({ type: "stop", betweenStates: true });
    // [fingerprint high, low, bookkeeping, transitions, …] of the initial state.
    expect(records[3]).toBe(2);
  });

  test("any other stop (timeout, signal) leaves the state being expanded part way: it is not reported as expanded", async () => {
    expect(await recordsWhenStoppedMidState({ type: "stop" })).toEqual([]);
  });
});
