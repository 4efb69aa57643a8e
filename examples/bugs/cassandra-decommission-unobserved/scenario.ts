import { builtinControllers, ExplorerBuilder, type Client, type KubeObject, type Scenario } from "../../../src/index.ts";
import { registerWorkload, WORKLOAD_ID } from "../testWorkload.ts";
import { CassandraDataCenterReconciler, CDC_KIND, isDecommissioned, rackName, STS_KIND, type CassandraDataCenter } from "./cassandraDataCenterReconciler.ts";

const NAME = "test-dc";

async function running(client: Client, nodes: number): Promise<boolean> {
  const sets = await client.list("apps/v1", "StatefulSet", { namespace: "default" });
  const sts = sets.find((s) => s.metadata?.name === `cassandra-${NAME}-rack1`) as (KubeObject & { status?: { readyReplicas?: number } }) | undefined;
  return (sts?.status?.readyReplicas ?? 0) === nodes;
}

function scaleTo(nodes: number) {
  return async (client: Client) => {
    const cdc = await client.get<CassandraDataCenter>({ apiVersion: "cassandraoperator.instaclustr.com/v1alpha1", kind: "CassandraDataCenter", namespace: "default", name: NAME });
    await client.update({ ...cdc, spec: { ...cdc.spec, nodes } });
  };
}

/**
 * instaclustr/cassandra-operator#410 (found with Sieve, OSDI'22; unobserved state): the Sieve
 * "scaledown-scaleup" workload — a two-node datacenter is scaled down to one node and, without
 * waiting, back up to two. If the scale-up lands between the operator's two scale-down reconciles,
 * the operator never sees the decommissioned node again.
 */
export function cassandraDecommissionUnobservedScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "cassandra-decommission-unobserved-fixed" : "cassandra-decommission-unobserved",
    description: `instaclustr/cassandra-operator#410: a scale-down the operator only half observed leaves a node decommissioned forever${opts.fixed ? " (fixed: replaces decommissioned nodes the spec still wants)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("CassandraOperator", (c) => new CassandraDataCenterReconciler(c, opts.fixed)).for(CDC_KIND).owns(STS_KIND);
      eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
      const progress = registerWorkload(
        eb,
        [
          { name: "scale down to 1 node", ready: (c) => running(c, 2), act: scaleTo(1) },
          { name: "scale up to 2 nodes", act: scaleTo(2) },
        ],
        [STS_KIND],
      );
      eb.withInvariant(
        "a settled datacenter has no decommissioned node it still wants",
        (s) => {
          for (const cdc of s.list(CDC_KIND) as CassandraDataCenter[]) {
            for (const pod of s.list("core/Pod", cdc.metadata.namespace)) {
              const name = pod.metadata?.name ?? "";
              if (!name.startsWith(`${rackName(cdc)}-`) || !isDecommissioned(pod)) continue;
              const ordinal = Number(name.slice(rackName(cdc).length + 1));
              if (ordinal < cdc.spec.nodes) return `${cdc.metadata.name} wants ${cdc.spec.nodes} node(s) but ${name} stays decommissioned`;
            }
          }
          return true;
        },
        { when: "converged" },
      );
      const cdc: CassandraDataCenter = {
        apiVersion: "cassandraoperator.instaclustr.com/v1alpha1",
        kind: "CassandraDataCenter",
        metadata: { name: NAME, namespace: "default" },
        spec: { nodes: 2 },
      };
      const initial = eb.initialState().addTopLevelObject(cdc, "CassandraOperator").addTopLevelObject(progress, WORKLOAD_ID).build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = cassandraDecommissionUnobservedScenario({ fixed: false });
export default scenario;
