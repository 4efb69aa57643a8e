import { builtinControllers, ExplorerBuilder, type Scenario } from "../../../src/index.ts";
import { PVC_KIND, STS_KIND, ZK_KIND, ZookeeperClusterReconciler, statefulSetFor, type ZookeeperCluster } from "./zookeeperClusterReconciler.ts";

const NAME = "zk";

/** A spec change, with the generation bump the API server gives it (history events keep the generation they carry). */
function withReplicas(zk: ZookeeperCluster, replicas: number): ZookeeperCluster {
  return { ...zk, metadata: { ...zk.metadata, generation: (zk.metadata.generation ?? 1) + 1 }, spec: { ...zk.spec, replicas } };
}

/**
 * pravega/zookeeper-operator#314 (Sieve, OSDI'22): a two-member cluster was scaled down to one
 * member (the StatefulSet followed) and back up to two. The operator restarts, and may read from an
 * API server whose cache stopped at the scale-down: it then scales the StatefulSet back to one
 * member and deletes the second member's volume — while that member runs on it, when the new pod
 * is not ready yet.
 */
export function zookeeperStaleScaledownScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "zookeeper-stale-scaledown-fixed" : "zookeeper-stale-scaledown",
    description: `pravega/zookeeper-operator#314: a restarted operator reading a stale replica count deletes the volume of a member the cluster still wants${opts.fixed ? " (fixed: refuses cluster objects older than the StatefulSet's spec)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("ZookeeperReconciler", (c) => new ZookeeperClusterReconciler(c, opts.fixed)).for(ZK_KIND).owns(STS_KIND);
      eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
      // After a restart the view may lag one write of the cluster: the spec from before the scale-up.
      eb.withStaleness("ZookeeperReconciler", { lookback: { [ZK_KIND]: 2 }, maxRestarts: 1 });
      eb.withInvariant("a member's volume is not deleted while the member runs", (s) => {
        const claims = new Set(s.list(PVC_KIND, "default").map((p) => p.metadata?.name));
        for (const pod of s.list("core/Pod", "default")) {
          if (pod.metadata?.labels?.app !== NAME || pod.metadata.deletionTimestamp) continue;
          const claim = `data-${pod.metadata.name}`;
          if (!claims.has(claim)) return `pod ${pod.metadata.name} runs but its volume ${claim} was deleted`;
        }
        return true;
      });
      // History: created with 2 members, scaled down to 1 (the StatefulSet followed and the orphan
      // claim was cleaned up), then scaled back up to 2 — which the operator has not handled yet.
      const created: ZookeeperCluster = {
        apiVersion: "zookeeper.pravega.io/v1beta1",
        kind: "ZookeeperCluster",
        metadata: { name: NAME, namespace: "default", uid: "33333333-3333-4333-8333-333333333333", generation: 1 },
        spec: { replicas: 2, persistence: { reclaimPolicy: "Delete" } },
      };
      const finalized = { ...created, metadata: { ...created.metadata, finalizers: ["cleanUpZookeeperPVC"] } };
      const scaledDown = withReplicas(finalized, 1);
      const scaledUp = withReplicas(scaledDown, 2);
      const sts = statefulSetFor(scaledDown, opts.fixed);
      const sb = eb.initialState();
      sb.addEvent({ op: "CREATE", object: created, by: "user" });
      sb.addEvent({ op: "UPDATE", object: finalized, by: "ZookeeperReconciler" });
      sb.addEvent({ op: "UPDATE", object: scaledDown, by: "user" });
      sb.addEvent({ op: "CREATE", object: sts, by: "ZookeeperReconciler" });
      sb.addEvent({ op: "UPDATE", object: scaledUp, by: "user" });
      sb.enqueue("ZookeeperReconciler", { namespace: "default", name: NAME });
      sb.enqueue("StatefulSetController", { namespace: "default", name: NAME });
      return { builder: eb, initial: sb.build() };
    },
  };
}

export const scenario = zookeeperStaleScaledownScenario({ fixed: false });
export default scenario;
