import { ExplorerBuilder, type KubeObject, type Scenario } from "../../src/index.ts";
import { PVC_KIND, ZK_KIND, ZookeeperReconciler, pvcFor, type ZookeeperCluster } from "./zookeeperReconciler.ts";

function cluster(uid: string): ZookeeperCluster {
  return {
    apiVersion: "zookeeper.pravega.io/v1beta1",
    kind: "ZookeeperCluster",
    metadata: { name: "zk-cluster", namespace: "default", uid, finalizers: ["cleanUpZookeeperPVC"] },
    spec: { size: 3 },
  };
}

const DELETED_AT = "1970-01-01T00:00:00Z";

function markDeleted<T extends KubeObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata, deletionTimestamp: DELETED_AT } };
}

/**
 * Builds scenario 5 (ZK-312) with a given lookback on ZookeeperCluster. The old cluster's PVCs
 * carried the pvc-protection finalizer (so they were marked deleted, then removed); the new
 * cluster's PVCs are created without one, so a delete removes them at once. With `fixed`, the
 * operator selects PVCs by the cluster's uid label (the upstream fix) and no lookback loses them.
 */
export function zookeeperScenario(lookback: number, opts: { fixed?: boolean } = {}): Scenario {
  const fixed = opts.fixed ?? false;
  return {
    name: (lookback === 4 ? "zookeeper" : `zookeeper-lookback-${lookback}`) + (fixed ? "-fixed" : ""),
    description: `ZK-312: a restarted operator acting on a stale, deleted cluster deletes a new cluster's volumes (lookback ${lookback}${fixed ? ", fixed: PVCs selected by cluster uid" : ""})`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("ZookeeperReconciler", (c) => new ZookeeperReconciler(c, fixed)).for(ZK_KIND).owns(PVC_KIND);
      eb.withStaleness("ZookeeperReconciler", { lookback: { [ZK_KIND]: lookback }, maxRestarts: 1 });
      const oldCluster = cluster("11111111-1111-4111-8111-111111111111");
      const newCluster = cluster("22222222-2222-4222-8222-222222222222");
      const oldPvcs = [0, 1, 2].map((i) => {
        const p = pvcFor(oldCluster, i, fixed);
        return { ...p, metadata: { ...p.metadata, finalizers: ["kubernetes.io/pvc-protection"] } };
      });
      const newPvcs = [0, 1, 2].map((i) => pvcFor(newCluster, i, fixed));
      const sb = eb.initialState();
      sb.addEvent({ op: "CREATE", object: oldCluster, by: "user" });
      for (const p of oldPvcs) sb.addEvent({ op: "CREATE", object: p, by: "ZookeeperReconciler" });
      sb.addEvent({ op: "DELETE", object: markDeleted(oldCluster), by: "user" });
      for (const p of oldPvcs) sb.addEvent({ op: "DELETE", object: markDeleted(p), by: "ZookeeperReconciler" });
      for (const p of oldPvcs) sb.addEvent({ op: "REMOVE", object: p, by: "pvc-protection-controller" });
      sb.addEvent({ op: "REMOVE", object: oldCluster, by: "ZookeeperReconciler" });
      sb.addEvent({ op: "CREATE", object: newCluster, by: "user" });
      for (const p of newPvcs) sb.addEvent({ op: "CREATE", object: p, by: "ZookeeperReconciler" });
      sb.enqueue("ZookeeperReconciler", { namespace: "default", name: "zk-cluster" });
      return { builder: eb, initial: sb.build() };
    },
  };
}

export const scenario = zookeeperScenario(4);
export default scenario;
