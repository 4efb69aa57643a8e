import { ExplorerBuilder, type KubeObject, type Scenario } from "../../../src/index.ts";
import { claimName, gibibytes, PVC_KIND, RMQ_KIND, RabbitmqClusterReconciler, STS_KIND, serverName, serverStatefulSet, type RabbitmqCluster } from "../rabbitmq-pvc-expansion-crash/rabbitmqClusterReconciler.ts";

const NAME = "rabbitmq-cluster";

type Sized = KubeObject & { spec: { resources: { requests: { storage: string } } } };

function cluster(storage: string): RabbitmqCluster {
  return {
    apiVersion: "rabbitmq.com/v1beta1",
    kind: "RabbitmqCluster",
    metadata: { name: NAME, namespace: "default", uid: "88888888-8888-4888-8888-888888888888" },
    spec: { replicas: 1, persistence: { storage } },
  };
}

function claim(rmq: RabbitmqCluster): KubeObject {
  return {
    apiVersion: "v1",
    kind: "PersistentVolumeClaim",
    metadata: { name: claimName(rmq, 0), namespace: "default", labels: { "app.kubernetes.io/name": NAME } },
    spec: { accessModes: ["ReadWriteOnce"], resources: { requests: { storage: rmq.spec.persistence.storage } } },
  };
}

/**
 * rabbitmq/cluster-operator#653 (Sieve, OSDI'22): the volume was expanded from 10Gi to 15Gi and the
 * operator finished the expansion. It restarts against an API server whose cache still shows the
 * 10Gi spec: the same `reconcilePVC` as in #782 sees "desired ≠ current", deletes the StatefulSet
 * and tries to shrink the claim.
 */
export function rabbitmqStalePvcShrinkScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "rabbitmq-stale-pvc-shrink-fixed" : "rabbitmq-stale-pvc-shrink",
    description: `rabbitmq/cluster-operator#653: a restarted operator reading the spec from before an expansion deletes the StatefulSet and shrinks the volume${opts.fixed ? " (fixed: expands only claims smaller than the spec)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("RabbitmqClusterReconciler", (c) => new RabbitmqClusterReconciler(c, opts.fixed, false)).for(RMQ_KIND).owns(STS_KIND);
      eb.withStaleness("RabbitmqClusterReconciler", { lookback: { [RMQ_KIND]: 2 }, maxRestarts: 1 });
      eb.withInvariant("an expanded volume never shrinks, and the StatefulSet keeps the expanded template", (s) => {
        for (const rmq of s.list(RMQ_KIND) as RabbitmqCluster[]) {
          const want = gibibytes(rmq.spec.persistence.storage);
          const pvc = s.get(PVC_KIND, "default", claimName(rmq, 0)) as Sized | undefined;
          if (pvc && gibibytes(pvc.spec.resources.requests.storage) < want) return `${claimName(rmq, 0)} shrank to ${pvc.spec.resources.requests.storage} though ${rmq.metadata.name} asks for ${rmq.spec.persistence.storage}`;
          const sts = s.get(STS_KIND, "default", serverName(rmq)) as (KubeObject & { spec: { volumeClaimTemplates: Sized[] } }) | undefined;
          const template = sts?.spec.volumeClaimTemplates[0]?.spec.resources.requests.storage;
          if (template && gibibytes(template) < want) return `${serverName(rmq)} was recreated with a ${template} template though ${rmq.metadata.name} asks for ${rmq.spec.persistence.storage}`;
        }
        return true;
      });
      const before = cluster("10Gi");
      const after = cluster("15Gi");
      // Only the cluster's history matters to a stale view of it; the StatefulSet and the claim are
      // seeded as the finished expansion left them (deleted, resized, recreated at 15Gi).
      const sb = eb.initialState();
      sb.addEvent({ op: "CREATE", object: before, by: "user" });
      sb.addEvent({ op: "UPDATE", object: after, by: "user" });
      sb.addObject(serverStatefulSet(after));
      sb.addObject(claim(after));
      sb.enqueue("RabbitmqClusterReconciler", { namespace: "default", name: NAME });
      return { builder: eb, initial: sb.build() };
    },
  };
}

export const scenario = rabbitmqStalePvcShrinkScenario({ fixed: false });
export default scenario;
