import { ExplorerBuilder, type KubeObject, type Scenario } from "../../../src/index.ts";
import { DELETION_FINALIZER, RMQ_KIND, RabbitmqClusterReconciler, STS_KIND, serverName, serverStatefulSet, type RabbitmqCluster } from "./rabbitmqClusterReconciler.ts";

const DELETED_AT = "1970-01-01T00:00:00Z";

function cluster(uid: string): RabbitmqCluster {
  return {
    apiVersion: "rabbitmq.com/v1beta1",
    kind: "RabbitmqCluster",
    metadata: { name: "rabbitmq-cluster1", namespace: "default", uid, finalizers: [DELETION_FINALIZER] },
    spec: { replicas: 1 },
  };
}

function markDeleted<T extends KubeObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata, deletionTimestamp: DELETED_AT } };
}

/**
 * rabbitmq/cluster-operator#648 (Sieve, OSDI'22): `rabbitmq-cluster1` was created, deleted and
 * created again. The operator restarts against an API server whose cache stopped when the first
 * cluster was marked deleted, and deletes the new cluster's StatefulSet.
 */
export function rabbitmqStaleDeletionScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "rabbitmq-stale-deletion-fixed" : "rabbitmq-stale-deletion",
    description: `rabbitmq/cluster-operator#648: a restarted operator reading a stale, deleted cluster deletes the StatefulSet of its same-name successor${opts.fixed ? " (fixed: checks the owner UID first)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("RabbitmqClusterReconciler", (c) => new RabbitmqClusterReconciler(c, opts.fixed)).for(RMQ_KIND).owns(STS_KIND);
      // Three positions back is where the first cluster was marked deleted.
      eb.withStaleness("RabbitmqClusterReconciler", { lookback: { [RMQ_KIND]: 3 }, maxRestarts: 1 });
      eb.withInvariant("a live cluster keeps its StatefulSet", (s) => {
        for (const rmq of s.list(RMQ_KIND) as RabbitmqCluster[]) {
          if (rmq.metadata.deletionTimestamp) continue;
          if (!s.get(STS_KIND, rmq.metadata.namespace, serverName(rmq))) return `${rmq.metadata.name} is live but its StatefulSet ${serverName(rmq)} was deleted`;
        }
        return true;
      });
      const first = cluster("44444444-4444-4444-8444-444444444444");
      const second = cluster("55555555-5555-4555-8555-555555555555");
      const sb = eb.initialState();
      sb.addEvent({ op: "CREATE", object: first, by: "user" });
      sb.addEvent({ op: "CREATE", object: serverStatefulSet(first), by: "RabbitmqClusterReconciler" });
      sb.addEvent({ op: "DELETE", object: markDeleted(first), by: "user" });
      sb.addEvent({ op: "REMOVE", object: serverStatefulSet(first), by: "RabbitmqClusterReconciler" });
      sb.addEvent({ op: "REMOVE", object: first, by: "RabbitmqClusterReconciler" });
      sb.addEvent({ op: "CREATE", object: second, by: "user" });
      sb.addEvent({ op: "CREATE", object: serverStatefulSet(second), by: "RabbitmqClusterReconciler" });
      sb.enqueue("RabbitmqClusterReconciler", { namespace: "default", name: "rabbitmq-cluster1" });
      return { builder: eb, initial: sb.build() };
    },
  };
}

export const scenario = rabbitmqStaleDeletionScenario({ fixed: false });
export default scenario;
