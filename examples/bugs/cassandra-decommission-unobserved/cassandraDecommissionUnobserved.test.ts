import { describe, expect, it } from "vitest";
import { CDC_KIND, isDecommissioned } from "./cassandraDataCenterReconciler.ts";
import { cassandraDecommissionUnobservedScenario } from "./scenario.ts";

/** The smallest instance (two nodes, nobody else on the cluster) shows the bug in full detail. */
async function explore(fixed: boolean, size: { nodes?: number; neighbourReplicas?: number } = { nodes: 2, neighbourReplicas: 0 }) {
  const { builder, initial, options } = cassandraDecommissionUnobservedScenario({ fixed, ...size }).build();
  // The full graph: the step counts and state counts below are its shortest paths and size.
  return builder.build().explore(initial, { ...options, reduction: "none" });
}

describe("instaclustr/cassandra-operator#410: a half-observed scale-down leaves a node decommissioned for good", () => {
  it("two nodes alone: when the scale-up lands between the operator's two scale-down reconciles, node 1 stays decommissioned, 14 steps from the start", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("test-dc wants 2 node(s) but cassandra-test-dc-rack1-1 stays decommissioned");
    expect(v!.path).toHaveLength(14);
    // The heart of it: scale down, decommission, scale up — with no operator reconcile between the last two.
    const writers = v!.path.filter((s) => s.effects.length > 0).map((s) => `${s.reconcilerId}:${s.effects[0]!.kind}`);
    const down = writers.indexOf(`TestWorkload:${CDC_KIND}`);
    expect(down).toBeGreaterThan(0);
    expect(writers.slice(down, down + 3)).toEqual([`TestWorkload:${CDC_KIND}`, "CassandraOperator:core/Pod", `TestWorkload:${CDC_KIND}`]);
    // If the operator finishes the scale-down first, the node is removed as it should be.
    expect(result.convergedStates.some((s) => !s.objects.some((o) => o.kind === "Pod" && isDecommissioned(o)))).toBe(true);
  });

  it("two nodes alone, fixed (a decommissioned node the spec still wants is replaced): no settled state keeps a decommissioned node", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    for (const s of result.convergedStates) expect(s.objects.filter((o) => o.kind === "Pod" && isDecommissioned(o))).toHaveLength(0);
  });

  it("with three nodes the same bug is deeper (17 steps), and the fix still removes it", async () => {
    const buggy = await explore(false, { nodes: 3, neighbourReplicas: 0 });
    expect(buggy.violations.map((v) => [v.message, v.path.length])).toEqual([["test-dc wants 3 node(s) but cassandra-test-dc-rack1-2 stays decommissioned", 17]]);
    expect((await explore(true, { nodes: 3, neighbourReplicas: 0 })).violations).toHaveLength(0);
  });

  it("the corpus default (three nodes beside a one-pod web StatefulSet) has thousands of states and the same bug, 22 steps deep; the fix still removes it", async () => {
    const buggy = await explore(false, {});
    expect(buggy.complete).toBe(true);
    expect(buggy.stats.uniqueStates).toBeGreaterThan(5000);
    expect(buggy.violations.map((v) => [v.message, v.path.length])).toEqual([["test-dc wants 3 node(s) but cassandra-test-dc-rack1-2 stays decommissioned", 22]]);
    expect((await explore(true, {})).violations).toHaveLength(0);
  });

  it("a node count below two is refused with a clear error", () => {
    expect(() => cassandraDecommissionUnobservedScenario({ fixed: false, nodes: 1 })).toThrow(/nodes must be an integer of at least 2, got 1/);
    expect(() => cassandraDecommissionUnobservedScenario({ fixed: false, neighbourReplicas: 1.5 }).build()).toThrow(/neighbourReplicas must be a non-negative integer, got 1.5/);
  });
});
