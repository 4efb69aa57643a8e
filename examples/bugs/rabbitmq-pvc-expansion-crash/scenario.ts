import { builtinControllers, ExplorerBuilder, type Client, type KubeObject, type Scenario } from "../../../src/index.ts";
import { addNeighbour, DEFAULT_NEIGHBOUR_REPLICAS, sizeSuffix } from "../neighbourWorkload.ts";
import { registerWorkload, WORKLOAD_ID } from "../testWorkload.ts";
import { claimName, gibibytes, PVC_KIND, RMQ_KIND, RabbitmqClusterReconciler, STS_KIND, serverName, type RabbitmqCluster } from "./rabbitmqClusterReconciler.ts";

const NAME = "rabbitmq-cluster";
/** Three nodes: the smallest cluster that keeps quorum queues available through a node loss, as production RabbitMQ runs. */
const DEFAULT_REPLICAS = 3;

async function serverReady(client: Client, replicas: number): Promise<boolean> {
  const sets = await client.list("apps/v1", "StatefulSet", { namespace: "default" });
  const sts = sets.find((s) => s.metadata?.name === `${NAME}-server`) as (KubeObject & { status?: { readyReplicas?: number } }) | undefined;
  return (sts?.status?.readyReplicas ?? 0) === replicas;
}

async function expandTo(client: Client, storage: string): Promise<void> {
  const rmq = await client.get<RabbitmqCluster>({ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", namespace: "default", name: NAME });
  await client.update({ ...rmq, spec: { ...rmq.spec, persistence: { storage } } });
}

/**
 * rabbitmq/cluster-operator#782 (Sieve, OSDI'22, intermediate-state): the Sieve "resize-pvc"
 * workload — create a cluster of `replicas` nodes (default 3) with 10Gi volumes, wait until it
 * runs, expand the volumes to 15Gi — while the operator may crash between deleting the StatefulSet
 * and resizing the claims. `neighbourReplicas` (default 1; 0 for none) sizes an unrelated web
 * StatefulSet rolled out at the same time, as on a shared cluster. The defaults give a space of
 * thousands of states; smaller sizes keep the same bug.
 */
export function rabbitmqPvcExpansionCrashScenario(opts: { fixed: boolean; replicas?: number; neighbourReplicas?: number }): Scenario {
  const replicas = opts.replicas ?? DEFAULT_REPLICAS;
  if (!Number.isInteger(replicas) || replicas < 1) throw new Error(`rabbitmqPvcExpansionCrashScenario: replicas must be an integer of at least 1, got ${JSON.stringify(opts.replicas)}`);
  const neighbour = opts.neighbourReplicas ?? DEFAULT_NEIGHBOUR_REPLICAS;
  const suffix = sizeSuffix(replicas === DEFAULT_REPLICAS, `${replicas}-replicas`, neighbour) + (opts.fixed ? "-fixed" : "");
  return {
    name: `rabbitmq-pvc-expansion-crash${suffix}`,
    description: `rabbitmq/cluster-operator#782: an operator crash in the middle of a volume expansion leaves the volume at its old size for good${opts.fixed ? " (fixed: compares the spec with the live claims)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("RabbitmqClusterReconciler", (c) => new RabbitmqClusterReconciler(c, opts.fixed)).for(RMQ_KIND).owns(STS_KIND);
      eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
      const progress = registerWorkload(eb, [{ name: "expand storage to 15Gi", ready: (c) => serverReady(c, replicas), act: (c) => expandTo(c, "15Gi") }], [STS_KIND]);
      eb.withInvariant(
        "a settled cluster's volumes have the size it asks for",
        (s) => {
          for (const rmq of s.list(RMQ_KIND) as RabbitmqCluster[]) {
            for (let i = 0; i < rmq.spec.replicas; i++) {
              const claim = s.get(PVC_KIND, rmq.metadata.namespace, claimName(rmq, i)) as (KubeObject & { spec: { resources: { requests: { storage: string } } } }) | undefined;
              if (!claim) return `${serverName(rmq)} has no claim ${claimName(rmq, i)}`;
              const size = claim.spec.resources.requests.storage;
              if (gibibytes(size) < gibibytes(rmq.spec.persistence.storage)) return `${rmq.metadata.name} asks for ${rmq.spec.persistence.storage} but ${claimName(rmq, i)} stays at ${size}`;
            }
          }
          return true;
        },
        { when: "converged" },
      );
      const rmq: RabbitmqCluster = {
        apiVersion: "rabbitmq.com/v1beta1",
        kind: "RabbitmqCluster",
        metadata: { name: NAME, namespace: "default" },
        spec: { replicas, persistence: { storage: "10Gi" } },
      };
      const seeded = eb.initialState().addTopLevelObject(rmq, "RabbitmqClusterReconciler").addTopLevelObject(progress, WORKLOAD_ID);
      const initial = addNeighbour(seeded, neighbour, "rabbitmqPvcExpansionCrashScenario").build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = rabbitmqPvcExpansionCrashScenario({ fixed: false });
export default scenario;
