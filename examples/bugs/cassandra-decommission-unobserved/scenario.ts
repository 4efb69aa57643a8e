import { builtinControllers, ExplorerBuilder, type Client, type KubeObject, type Scenario } from "../../../src/index.ts";
import { addNeighbour, DEFAULT_NEIGHBOUR_REPLICAS, sizeSuffix } from "../neighbourWorkload.ts";
import { registerWorkload, WORKLOAD_ID } from "../testWorkload.ts";
import { CassandraDataCenterReconciler, CDC_KIND, isDecommissioned, rackName, STS_KIND, type CassandraDataCenter } from "./cassandraDataCenterReconciler.ts";

const NAME = "test-dc";
/** Three nodes: the smallest datacenter that keeps QUORUM reads and writes at replication factor 3 through a node loss. */
const DEFAULT_NODES = 3;

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
 * instaclustr/cassandra-operator#410 (reported by Sieve's authors; unobserved state): the Sieve
 * "scaledown-scaleup" workload — a datacenter of `nodes` nodes (default 3) is scaled down by one
 * node and, without waiting, back up. If the scale-up lands between the operator's two scale-down
 * reconciles, the operator never sees the decommissioned node again. `neighbourReplicas` (default
 * 1; 0 for none) sizes an unrelated web StatefulSet rolled out at the same time, as on a shared
 * cluster. The defaults give a space of thousands of states; smaller sizes keep the same bug.
 */
export function cassandraDecommissionUnobservedScenario(opts: { fixed: boolean; nodes?: number; neighbourReplicas?: number }): Scenario {
  const nodes = opts.nodes ?? DEFAULT_NODES;
  if (!Number.isInteger(nodes) || nodes < 2) throw new Error(`cassandraDecommissionUnobservedScenario: nodes must be an integer of at least 2, got ${JSON.stringify(opts.nodes)}`);
  const neighbour = opts.neighbourReplicas ?? DEFAULT_NEIGHBOUR_REPLICAS;
  const suffix = sizeSuffix(nodes === DEFAULT_NODES, `${nodes}-nodes`, neighbour) + (opts.fixed ? "-fixed" : "");
  return {
    name: `cassandra-decommission-unobserved${suffix}`,
    description: `instaclustr/cassandra-operator#410: a scale-down the operator only half observed leaves a node decommissioned forever${opts.fixed ? " (fixed: replaces decommissioned nodes the spec still wants)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("CassandraOperator", (c) => new CassandraDataCenterReconciler(c, opts.fixed)).for(CDC_KIND).owns(STS_KIND);
      eb.withControllers(builtinControllers({ only: ["StatefulSetController", "PodLifecycle"] }));
      const progress = registerWorkload(
        eb,
        [
          { name: `scale down to ${nodes - 1} node(s)`, ready: (c) => running(c, nodes), act: scaleTo(nodes - 1) },
          { name: `scale up to ${nodes} nodes`, act: scaleTo(nodes) },
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
        spec: { nodes },
      };
      const seeded = eb.initialState().addTopLevelObject(cdc, "CassandraOperator").addTopLevelObject(progress, WORKLOAD_ID);
      const initial = addNeighbour(seeded, neighbour, "cassandraDecommissionUnobservedScenario").build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = cassandraDecommissionUnobservedScenario({ fixed: false });
export default scenario;
