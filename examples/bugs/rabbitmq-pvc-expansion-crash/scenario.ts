import { builtinControllers, ExplorerBuilder, type Client, type KubeObject, type Scenario } from "../../../src/index.ts";
import { registerWorkload, WORKLOAD_ID } from "../testWorkload.ts";
import { claimName, gibibytes, PVC_KIND, RMQ_KIND, RabbitmqClusterReconciler, STS_KIND, serverName, type RabbitmqCluster } from "./rabbitmqClusterReconciler.ts";

const NAME = "rabbitmq-cluster";

async function serverReady(client: Client): Promise<boolean> {
  const sets = await client.list("apps/v1", "StatefulSet", { namespace: "default" });
  const sts = sets.find((s) => s.metadata?.name === `${NAME}-server`) as (KubeObject & { status?: { readyReplicas?: number } }) | undefined;
  return (sts?.status?.readyReplicas ?? 0) === 1;
}

async function expandTo(client: Client, storage: string): Promise<void> {
  const rmq = await client.get<RabbitmqCluster>({ apiVersion: "rabbitmq.com/v1beta1", kind: "RabbitmqCluster", namespace: "default", name: NAME });
  await client.update({ ...rmq, spec: { ...rmq.spec, persistence: { storage } } });
}

/**
 * rabbitmq/cluster-operator#782 (Sieve, OSDI'22, intermediate-state): the Sieve "resize-pvc"
 * workload — create a one-node cluster with a 10Gi volume, wait until it runs, expand the volume to
 * 15Gi — while the operator may crash between deleting the StatefulSet and resizing the claim.
 */
export function rabbitmqPvcExpansionCrashScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "rabbitmq-pvc-expansion-crash-fixed" : "rabbitmq-pvc-expansion-crash",
    description: `rabbitmq/cluster-operator#782: an operator crash in the middle of a volume expansion leaves the volume at its old size for good${opts.fixed ? " (fixed: compares the spec with the live claims)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("RabbitmqClusterReconciler", (c) => new RabbitmqClusterReconciler(c, opts.fixed)).for(RMQ_KIND).owns(STS_KIND);
      eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
      const progress = registerWorkload(eb, [{ name: "expand storage to 15Gi", ready: serverReady, act: (c) => expandTo(c, "15Gi") }], [STS_KIND]);
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
        spec: { replicas: 1, persistence: { storage: "10Gi" } },
      };
      const initial = eb.initialState().addTopLevelObject(rmq, "RabbitmqClusterReconciler").addTopLevelObject(progress, WORKLOAD_ID).build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = rabbitmqPvcExpansionCrashScenario({ fixed: false });
export default scenario;
