import { duplicateInvariantScenario } from "../duplicate-invariant/scenario.ts";
import { livelockScenario } from "../livelock/scenario.ts";
import { zookeeperScenario } from "../zookeeper/scenario.ts";
import { cassOperatorStalePvcDeletionScenario } from "./cass-operator-stale-pvc-deletion/scenario.ts";
import { cassandraDecommissionUnobservedScenario } from "./cassandra-decommission-unobserved/scenario.ts";
import { convergedWhere, livelockPath, violationOf, type CorpusBug } from "./corpusBug.ts";
import { jobDeletedPodUncountedScenario } from "./job-deleted-pod-uncounted/scenario.ts";
import { rabbitmqPvcExpansionCrashScenario } from "./rabbitmq-pvc-expansion-crash/scenario.ts";
import { rabbitmqStaleDeletionScenario } from "./rabbitmq-stale-deletion/scenario.ts";
import { rabbitmqStalePvcShrinkScenario } from "./rabbitmq-stale-pvc-shrink/scenario.ts";
import { zookeeperStaleScaledownScenario } from "./zookeeper-stale-scaledown/scenario.ts";

export type { BugClass, CorpusBug, OutcomeKind, UpstreamReference } from "./corpusBug.ts";

const SIEVE = "Sieve (OSDI'22)";
/** Reported by Sieve's authors after the paper's bug list was drawn up. */
const SIEVE_TEAM = "Sieve authors, 2021";

/**
 * The bug corpus for benchmarking search strategies: the three bundled teaching examples that are
 * bugs, bugs modelled on real operator bugs found by Sieve, and a Kubernetes Job controller bug,
 * in corpus order. Every entry's
 * `scenario({ fixed: false })` shows its bug when explored to completion and
 * `scenario({ fixed: true })` does not.
 *
 * @example
 * ```ts
 * for (const bug of bugCorpus) {
 *   const { builder, initial, options } = bug.scenario({ fixed: false }).build();
 *   const result = await builder.build().explore(initial, { ...options, strategy: "bfs" });
 *   console.log(bug.name, bug.counterexample(result)?.length);
 * }
 * ```
 */
export const bugCorpus: readonly CorpusBug[] = [
  {
    name: "duplicate-invariant",
    module: "examples/duplicate-invariant/scenario.ts",
    upstream: { ref: "kamera example", url: "examples/duplicate-invariant/scenario.ts", source: "kamera" },
    bugClass: "race",
    outcome: "invariant",
    needsStaleness: false,
    deep: false,
    scenario: duplicateInvariantScenario,
    counterexample: violationOf("no more pods than replicas"),
  },
  {
    name: "zookeeper",
    module: "examples/zookeeper/scenario.ts",
    upstream: { ref: "pravega/zookeeper-operator#312", url: "https://github.com/pravega/zookeeper-operator/issues/312", source: SIEVE },
    bugClass: "stale-read",
    outcome: "converged-state",
    needsStaleness: true,
    deep: false,
    scenario: (opts) => zookeeperScenario(4, opts),
    // A cluster that survived its predecessor's deletion, with every volume gone.
    counterexample: convergedWhere(
      (s) => s.objects.filter((o) => o.kind === "ZookeeperCluster").length === 1 && !s.objects.some((o) => o.kind === "PersistentVolumeClaim"),
    ),
  },
  {
    name: "livelock",
    module: "examples/livelock/scenario.ts",
    upstream: { ref: "kamera example", url: "examples/livelock/scenario.ts", source: "kamera" },
    bugClass: "livelock",
    outcome: "livelock",
    needsStaleness: false,
    deep: false,
    scenario: livelockScenario,
    counterexample: livelockPath,
  },
  {
    name: "rabbitmq-stale-deletion",
    module: "examples/bugs/rabbitmq-stale-deletion/scenario.ts",
    upstream: { ref: "rabbitmq/cluster-operator#648", url: "https://github.com/rabbitmq/cluster-operator/issues/648", source: SIEVE },
    bugClass: "stale-read",
    outcome: "invariant",
    needsStaleness: true,
    deep: false,
    scenario: rabbitmqStaleDeletionScenario,
    counterexample: violationOf("a live cluster keeps its StatefulSet"),
  },
  {
    name: "cass-operator-stale-pvc-deletion",
    module: "examples/bugs/cass-operator-stale-pvc-deletion/scenario.ts",
    upstream: { ref: "datastax/cass-operator#412", url: "https://github.com/datastax/cass-operator/issues/412", source: SIEVE },
    bugClass: "stale-read",
    outcome: "invariant",
    needsStaleness: true,
    deep: false,
    scenario: cassOperatorStalePvcDeletionScenario,
    counterexample: violationOf("a live datacenter keeps its volumes"),
  },
  {
    name: "rabbitmq-stale-pvc-shrink",
    module: "examples/bugs/rabbitmq-stale-pvc-shrink/scenario.ts",
    upstream: { ref: "rabbitmq/cluster-operator#653", url: "https://github.com/rabbitmq/cluster-operator/issues/653", source: SIEVE },
    bugClass: "stale-read",
    outcome: "invariant",
    needsStaleness: true,
    deep: false,
    scenario: rabbitmqStalePvcShrinkScenario,
    counterexample: violationOf("an expanded volume never shrinks, and the StatefulSet keeps the expanded template"),
  },
  {
    name: "zookeeper-stale-scaledown",
    module: "examples/bugs/zookeeper-stale-scaledown/scenario.ts",
    upstream: { ref: "pravega/zookeeper-operator#314", url: "https://github.com/pravega/zookeeper-operator/issues/314", source: SIEVE },
    bugClass: "stale-read",
    outcome: "invariant",
    needsStaleness: true,
    deep: false,
    scenario: zookeeperStaleScaledownScenario,
    counterexample: violationOf("a member's volume is not deleted while the member runs"),
  },
  {
    name: "rabbitmq-pvc-expansion-crash",
    module: "examples/bugs/rabbitmq-pvc-expansion-crash/scenario.ts",
    upstream: { ref: "rabbitmq/cluster-operator#782", url: "https://github.com/rabbitmq/cluster-operator/issues/782", source: SIEVE },
    bugClass: "intermediate-state",
    outcome: "converged-state",
    needsStaleness: false,
    deep: true,
    scenario: rabbitmqPvcExpansionCrashScenario,
    counterexample: violationOf("a settled cluster's volumes have the size it asks for"),
  },
  {
    name: "cassandra-decommission-unobserved",
    module: "examples/bugs/cassandra-decommission-unobserved/scenario.ts",
    upstream: { ref: "instaclustr/cassandra-operator#410", url: "https://github.com/instaclustr/cassandra-operator/issues/410", source: SIEVE_TEAM },
    bugClass: "unobserved-state",
    outcome: "converged-state",
    needsStaleness: false,
    deep: true,
    scenario: cassandraDecommissionUnobservedScenario,
    counterexample: violationOf("a settled datacenter has no decommissioned node it still wants"),
  },
  {
    name: "job-deleted-pod-uncounted",
    module: "examples/bugs/job-deleted-pod-uncounted/scenario.ts",
    upstream: { ref: "kubernetes/kubernetes#28486", url: "https://github.com/kubernetes/kubernetes/issues/28486", source: "Kubernetes issue tracker (fixed by KEP-2307)" },
    bugClass: "unobserved-state",
    outcome: "invariant",
    needsStaleness: false,
    deep: false,
    scenario: jobDeletedPodUncountedScenario,
    counterexample: violationOf("a Job's pods succeed at most `completions` times"),
  },
];

/** A corpus bug by name, or undefined. */
export function findBug(name: string): CorpusBug | undefined {
  return bugCorpus.find((b) => b.name === name);
}
