import { ExplorerBuilder, type KubeObject, type Scenario } from "../../../src/index.ts";
import { CassandraDatacenterReconciler, DATACENTER_LABEL, DC_FINALIZER, DC_KIND, PVC_KIND, serverDataClaim, type CassandraDatacenter } from "./cassandraDatacenterReconciler.ts";

const DELETED_AT = "1970-01-01T00:00:00Z";
const SIZE = 3;

function datacenter(uid: string): CassandraDatacenter {
  return {
    apiVersion: "cassandra.datastax.com/v1beta1",
    kind: "CassandraDatacenter",
    metadata: { name: "dc1", namespace: "default", uid, finalizers: [DC_FINALIZER] },
    spec: { clusterName: "cluster1", size: SIZE },
  };
}

function markDeleted<T extends KubeObject>(obj: T): T {
  return { ...obj, metadata: { ...obj.metadata, deletionTimestamp: DELETED_AT } };
}

/**
 * datastax/cass-operator#412 (Sieve, OSDI'22; also K8SSAND-559): datacenter `dc1` was created,
 * deleted (its claims with it) and created again. A restarted operator whose cache stopped when
 * the first datacenter was marked deleted deletes the new datacenter's claims.
 */
export function cassOperatorStalePvcDeletionScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "cass-operator-stale-pvc-deletion-fixed" : "cass-operator-stale-pvc-deletion",
    description: `datastax/cass-operator#412: a restarted operator reading a stale, deleted datacenter deletes the volumes of its same-name successor${opts.fixed ? " (fixed: selects claims by datacenter UID)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("CassandraDatacenterReconciler", (c) => new CassandraDatacenterReconciler(c, opts.fixed)).for(DC_KIND);
      // Three positions back is where the first datacenter was marked deleted.
      eb.withStaleness("CassandraDatacenterReconciler", { lookback: { [DC_KIND]: 3 }, maxRestarts: 1 });
      eb.withInvariant("a live datacenter keeps its volumes", (s) => {
        for (const dc of s.list(DC_KIND) as CassandraDatacenter[]) {
          if (dc.metadata.deletionTimestamp) continue;
          const claims = s.list(PVC_KIND, dc.metadata.namespace).filter((p) => p.metadata?.labels?.[DATACENTER_LABEL] === dc.metadata.name && !p.metadata.deletionTimestamp);
          if (claims.length < dc.spec.size) return `${dc.metadata.name} is live with ${dc.spec.size} member(s) but only ${claims.length} volume(s) are left`;
        }
        return true;
      });
      const first = datacenter("66666666-6666-4666-8666-666666666666");
      const second = datacenter("77777777-7777-4777-8777-777777777777");
      const firstClaims = [0, 1, 2].map((i) => serverDataClaim(first, i, opts.fixed));
      const secondClaims = [0, 1, 2].map((i) => serverDataClaim(second, i, opts.fixed));
      const sb = eb.initialState();
      sb.addEvent({ op: "CREATE", object: first, by: "user" });
      for (const c of firstClaims) sb.addEvent({ op: "CREATE", object: c, by: "StatefulSetController" });
      sb.addEvent({ op: "DELETE", object: markDeleted(first), by: "user" });
      for (const c of firstClaims) sb.addEvent({ op: "REMOVE", object: c, by: "CassandraDatacenterReconciler" });
      sb.addEvent({ op: "REMOVE", object: first, by: "CassandraDatacenterReconciler" });
      sb.addEvent({ op: "CREATE", object: second, by: "user" });
      for (const c of secondClaims) sb.addEvent({ op: "CREATE", object: c, by: "StatefulSetController" });
      sb.enqueue("CassandraDatacenterReconciler", { namespace: "default", name: "dc1" });
      return { builder: eb, initial: sb.build() };
    },
  };
}

export const scenario = cassOperatorStalePvcDeletionScenario({ fixed: false });
export default scenario;
