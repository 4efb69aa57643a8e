import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/index.ts";
import { CRASH_AFTER_DELETE_STS } from "./rabbitmqClusterReconciler.ts";
import { rabbitmqPvcExpansionCrashScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = rabbitmqPvcExpansionCrashScenario({ fixed }).build();
  return builder.build().explore(initial, options);
}

const storageOf = (o: KubeObject) => (o as KubeObject & { spec: { resources: { requests: { storage: string } } } }).spec.resources.requests.storage;

describe("rabbitmq/cluster-operator#782: a crash between deleting the StatefulSet and resizing the claim", () => {
  it("settles with the claim at 10Gi though the cluster asks for 15Gi, 13 steps from the start", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("rabbitmq-cluster asks for 15Gi but persistence-rabbitmq-cluster-server-0 stays at 10Gi");
    expect(v!.path).toHaveLength(13);
    const crash = v!.path.find((s) => s.error !== undefined)!;
    expect(crash.reconcilerId).toBe("RabbitmqClusterReconciler");
    expect(crash.choices).toEqual([`${CRASH_AFTER_DELETE_STS}=1`]);
    expect(crash.effects.map((e) => `${e.op} ${e.kind}`)).toEqual(["DELETE apps/StatefulSet"]);
    // The expansion comes after the cluster runs, and the crash after the expansion.
    const expand = v!.path.findIndex((s) => s.reconcilerId === "TestWorkload" && s.effects.length > 0);
    expect(expand).toBeGreaterThan(0);
    expect(v!.path.indexOf(crash)).toBeGreaterThan(expand);
    // Without the crash the claim is resized.
    expect(result.convergedStates.some((s) => s.objects.some((o) => o.kind === "PersistentVolumeClaim" && storageOf(o) === "15Gi"))).toBe(true);
  });

  it("fixed (live claims compared with the spec, StatefulSet or not, as in #838): every settled claim is 15Gi", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.convergedStates.length).toBeGreaterThan(0);
    for (const s of result.convergedStates) {
      expect(s.objects.filter((o) => o.kind === "PersistentVolumeClaim").map(storageOf)).toEqual(["15Gi"]);
    }
  });
});
