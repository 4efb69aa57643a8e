import { describe, expect, it } from "vitest";
import { STS_KIND } from "./rabbitmqClusterReconciler.ts";
import { rabbitmqStaleDeletionScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = rabbitmqStaleDeletionScenario({ fixed }).build();
  return builder.build().explore(initial, options);
}

describe("rabbitmq/cluster-operator#648: a stale, deleted cluster costs its successor the StatefulSet", () => {
  it("a restart against the view where the first cluster was marked deleted deletes the new cluster's StatefulSet in one step", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("rabbitmq-cluster1 is live but its StatefulSet rabbitmq-cluster1-server was deleted");
    expect(v!.path).toHaveLength(1);
    const [step] = v!.path;
    // The third-latest write of the cluster: the first cluster marked deleted.
    expect(step!.staleView).toEqual({ "rabbitmq.com/RabbitmqCluster": 3 });
    expect(step!.effects.map((e) => `${e.op} ${e.name}`)).toEqual(["REMOVE rabbitmq-cluster1-server"]);
    // Removing the finalizer from the stale copy is refused, so the operator retries.
    expect(step!.error).toMatch(/the object has been modified/);
    // Read fresh, the operator leaves the live cluster's StatefulSet alone.
    expect(result.convergedStates.some((s) => s.objects.some((o) => o.kind === "StatefulSet"))).toBe(true);
  });

  it("fixed (the StatefulSet's owner UID is checked before deleting): no path loses the StatefulSet", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
    expect(result.convergedStates[0]!.objects.filter((o) => `apps/${o.kind}` === STS_KIND).map((o) => o.metadata?.name)).toEqual(["rabbitmq-cluster1-server"]);
    // The restarted operator keeps retrying its stale finalizer removal (restarted views never catch
    // up): a reconciler that keeps failing, not a livelock.
    expect(result.nonConverging).toHaveLength(0);
    expect(result.keepsFailing).toHaveLength(1);
    for (const step of result.keepsFailing[0]!.cycle!) {
      expect(step.reconcilerId).toBe("RabbitmqClusterReconciler");
      expect(step.effects).toHaveLength(0);
      expect(step.error).toMatch(/the object has been modified/);
    }
  });
});
