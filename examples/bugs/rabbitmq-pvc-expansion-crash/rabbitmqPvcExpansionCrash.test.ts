import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/index.ts";
import { CRASH_AFTER_DELETE_STS } from "./rabbitmqClusterReconciler.ts";
import { rabbitmqPvcExpansionCrashScenario } from "./scenario.ts";

/** The smallest instance (one node, nobody else on the cluster) shows the bug in full detail. */
async function explore(fixed: boolean, size: { replicas?: number; neighbourReplicas?: number } = { replicas: 1, neighbourReplicas: 0 }) {
  const { builder, initial, options } = rabbitmqPvcExpansionCrashScenario({ fixed, ...size }).build();
  // The full graph: the step counts and state counts below are its shortest paths and size.
  return builder.build().explore(initial, { ...options, reduction: "none" });
}

const storageOf = (o: KubeObject) => (o as KubeObject & { spec: { resources: { requests: { storage: string } } } }).spec.resources.requests.storage;

describe("rabbitmq/cluster-operator#782: a crash between deleting the StatefulSet and resizing the claim", () => {
  it("a one-node cluster alone settles with the claim at 10Gi though the cluster asks for 15Gi, 13 steps from the start", async () => {
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

  it("one-node cluster, fixed (live claims compared with the spec, StatefulSet or not, as in #838): every settled claim is 15Gi", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.convergedStates.length).toBeGreaterThan(0);
    for (const s of result.convergedStates) {
      expect(s.objects.filter((o) => o.kind === "PersistentVolumeClaim").map(storageOf)).toEqual(["15Gi"]);
    }
  });

  it("the corpus default (three nodes beside a one-pod web StatefulSet) has thousands of states and the same bug, 22 steps deep; fixed, every claim is resized", async () => {
    const buggy = await explore(false, {});
    expect(buggy.complete).toBe(true);
    expect(buggy.stats.uniqueStates).toBeGreaterThan(5000);
    expect(buggy.violations.map((v) => [v.message, v.path.length])).toEqual([["rabbitmq-cluster asks for 15Gi but persistence-rabbitmq-cluster-server-0 stays at 10Gi", 22]]);
    expect(buggy.violations[0]!.path.some((s) => s.error !== undefined && (s.choices ?? []).includes(`${CRASH_AFTER_DELETE_STS}=1`))).toBe(true);
    const fixed = await explore(true, {});
    expect(fixed.violations).toHaveLength(0);
    for (const s of fixed.convergedStates) expect(s.objects.filter((o) => o.kind === "PersistentVolumeClaim").map(storageOf)).toEqual(["15Gi", "15Gi", "15Gi"]);
  });

  it("a size that is not a positive integer is refused with a clear error", () => {
    expect(() => rabbitmqPvcExpansionCrashScenario({ fixed: false, replicas: 0 })).toThrow(/replicas must be an integer of at least 1, got 0/);
    expect(() => rabbitmqPvcExpansionCrashScenario({ fixed: false, neighbourReplicas: -1 }).build()).toThrow(/neighbourReplicas must be a non-negative integer, got -1/);
  });
});
