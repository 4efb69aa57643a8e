import { describe, expect, it } from "vitest";
import type { Reduction } from "../../../src/index.ts";
import { RMQ_KIND, STS_KIND } from "./rabbitmqClusterReconciler.ts";
import { rabbitmqStaleDeletionScenario } from "./scenario.ts";

async function explore(fixed: boolean, opts: { reduction?: Reduction; maxRestarts?: number } = {}) {
  const { builder, initial, options } = rabbitmqStaleDeletionScenario({ fixed }).build();
  if (opts.maxRestarts !== undefined) builder.withStaleness("RabbitmqClusterReconciler", { lookback: { [RMQ_KIND]: 3 }, maxRestarts: opts.maxRestarts });
  return builder.build().explore(initial, { ...options, ...(opts.reduction ? { reduction: opts.reduction } : {}) });
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

  it.each(["none", "por", "noops"] as const)("fixed (the StatefulSet's owner UID is checked before deleting): no path loses the StatefulSet (reduction %s)", async (reduction) => {
    const result = await explore(true, { reduction });
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

  it("fixed, with a second restart whose live view stands for the cache catching up: it converges, nothing failing", async () => {
    const result = await explore(true, { maxRestarts: 2 });
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.keepsFailing).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
  });
});
