import { describe, expect, it } from "vitest";
import type { KubeObject } from "../../../src/index.ts";
import { rabbitmqStalePvcShrinkScenario } from "./scenario.ts";

async function explore(fixed: boolean) {
  const { builder, initial, options } = rabbitmqStalePvcShrinkScenario({ fixed }).build();
  return builder.build().explore(initial, options);
}

const storageOf = (o: KubeObject) => (o as KubeObject & { spec: { resources: { requests: { storage: string } } } }).spec.resources.requests.storage;

describe("rabbitmq/cluster-operator#653: a stale pre-expansion spec deletes the StatefulSet and shrinks the volume", () => {
  it("a restart against the 10Gi spec deletes the StatefulSet and writes 10Gi into the expanded claim", async () => {
    const result = await explore(false);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(1);
    const [v] = result.violations;
    expect(v!.message).toBe("persistence-rabbitmq-cluster-server-0 shrank to 10Gi though rabbitmq-cluster asks for 15Gi");
    expect(v!.path).toHaveLength(1);
    const [step] = v!.path;
    expect(step!.staleView).toBeDefined();
    expect(step!.effects.map((e) => `${e.op} ${e.kind} ${e.name}`)).toEqual([
      "DELETE apps/StatefulSet rabbitmq-cluster-server",
      "UPDATE core/PersistentVolumeClaim persistence-rabbitmq-cluster-server-0",
    ]);
  });

  it("fixed (only claims smaller than the spec are expanded): the stale spec changes nothing", async () => {
    const result = await explore(true);
    expect(result.complete).toBe(true);
    expect(result.violations).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
    const pvc = result.convergedStates[0]!.objects.find((o) => o.kind === "PersistentVolumeClaim")!;
    expect(storageOf(pvc)).toBe("15Gi");
    for (const s of result.convergedStates[0]!.paths) expect(s).toHaveLength(0);
  });
});
