import { describe, expect, it } from "vitest";
import { zookeeperStaleScaledownScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = zookeeperStaleScaledownScenario({ fixed }).build();
  return builder.build().explore(initial, options);
}

const names = (objects: { kind?: string; metadata?: { name?: string } }[], kind: string) => objects.filter((o) => o.kind === kind).map((o) => o.metadata?.name);

describe("pravega/zookeeper-operator#314: a stale replica count deletes the volume of a running member", () => {
  it("once the second member's pod exists, a restart against the scaled-down spec deletes its claim and scales the StatefulSet down", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations.length).toBeGreaterThan(0);
    const shortest = result.violations.reduce((a, b) => (b.path.length < a.path.length ? b : a));
    expect(shortest.message).toBe("pod zk-1 runs but its volume data-zk-1 was deleted");
    expect(shortest.path).toHaveLength(5);
    // Scale up, first member created and started, second member created, then the stale reconcile.
    expect(shortest.path.map((s) => s.reconcilerId)).toEqual(["ZookeeperReconciler", "StatefulSetController", "PodLifecycle", "StatefulSetController", "ZookeeperReconciler"]);
    const last = shortest.path.at(-1)!;
    expect(last.staleView).toEqual({ "zookeeper.pravega.io/ZookeeperCluster": 3 });
    expect(last.effects.map((e) => `${e.op} ${e.kind} ${e.name}`)).toEqual(["REMOVE core/PersistentVolumeClaim data-zk-1", "UPDATE apps/StatefulSet zk"]);
    // Without the restart the cluster settles with both members and both volumes.
    expect(result.convergedStates.some((s) => names(s.objects, "Pod").length === 2 && names(s.objects, "PersistentVolumeClaim").length === 2)).toBe(true);
  });

  it("fixed (cluster objects older than the StatefulSet's spec are ignored): no member loses its volume", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    for (const s of result.convergedStates) {
      for (const pod of names(s.objects, "Pod")) expect(names(s.objects, "PersistentVolumeClaim")).toContain(`data-${pod}`);
    }
    expect(result.convergedStates.some((s) => names(s.objects, "Pod").length === 2)).toBe(true);
  });
});
