import { describe, expect, it } from "vitest";
import { ExplorerBuilder, KameraError } from "../../src/index.ts";
import { ZK_KIND } from "./zookeeperReconciler.ts";
import { zookeeperScenario } from "./scenario.ts";

const count = (objects: { kind?: string }[], kind: string) => objects.filter((o) => o.kind === kind).length;

describe("scenario 5: stale read deletes a new cluster's volumes (ZK-312)", () => {
  it("with lookback 4 some converged state has 1 ZookeeperCluster and 0 PVCs, reached through a stale view", async () => {
    const { builder, initial } = zookeeperScenario(4).build();
    const result = await builder.build().explore(initial);
    expect(result.complete).toBe(true);
    const bad = result.convergedStates.find((s) => count(s.objects, "ZookeeperCluster") === 1 && count(s.objects, "PersistentVolumeClaim") === 0);
    expect(bad).toBeDefined();
    const staleSteps = bad!.paths[0]!.filter((s) => s.staleView);
    expect(staleSteps.length).toBeGreaterThan(0);
    // The stale reconcile saw the revision where the old cluster was marked deleted (the 5th write).
    expect(staleSteps[0]!.staleView).toEqual({ [ZK_KIND]: 5 });
    expect(staleSteps[0]!.effects.map((e) => e.op)).toEqual(["REMOVE", "REMOVE", "REMOVE"]);
    // The healthy outcome is still there too.
    expect(result.convergedStates.some((s) => count(s.objects, "PersistentVolumeClaim") === 3)).toBe(true);
  });

  it("with lookback 1 no converged state loses its PVCs, and one has 1 cluster and 3 PVCs", async () => {
    const { builder, initial } = zookeeperScenario(1).build();
    const result = await builder.build().explore(initial);
    expect(result.complete).toBe(true);
    expect(result.convergedStates.every((s) => count(s.objects, "PersistentVolumeClaim") > 0)).toBe(true);
    expect(result.convergedStates.some((s) => count(s.objects, "ZookeeperCluster") === 1 && count(s.objects, "PersistentVolumeClaim") === 3)).toBe(true);
  });

  it("non-canonical kind names in the staleness configuration are rejected, not ignored", () => {
    const eb = new ExplorerBuilder();
    expect(() => eb.withStaleness("ZookeeperReconciler", { lookback: { "ZookeeperCluster.zookeeper.pravega.io": 4 } })).toThrow(KameraError);
    expect(() => eb.withStaleness("ZookeeperReconciler", { lookback: { ZookeeperCluster: 4 } })).toThrow(/not valid/);
  });

  it("history events that contradict each other are errors naming the event", async () => {
    const eb = new ExplorerBuilder();
    eb.withReconciler("R", () => ({ reconcile() {} })).for(ZK_KIND);
    const obj = { apiVersion: "zookeeper.pravega.io/v1beta1", kind: "ZookeeperCluster", metadata: { name: "x", namespace: "default" }, spec: { size: 1 } };
    const initial = eb.initialState().addEvent({ op: "UPDATE", object: obj }).build();
    await expect(eb.build().explore(initial)).rejects.toThrow(/addEvent #1 \(UPDATE zookeeper.pravega.io\/ZookeeperCluster default\/x\): the object does not exist/);
    const initial2 = eb.initialState().addEvent({ op: "REMOVE", object: obj }).build();
    await expect(eb.build().explore(initial2)).rejects.toThrow(/addEvent #1 \(REMOVE .*never created/);
  });
});
