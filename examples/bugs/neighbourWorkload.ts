import type { InitialStateBuilder, KubeObject } from "../../src/index.ts";

const NAME = "web";

/**
 * An unrelated application in the same namespace: a StatefulSet of `replicas` web servers, created
 * just before the scenario starts, which kamera's built-in StatefulSet controller and pod lifecycle
 * roll out while the operator under test works. It shares nothing with the operator's objects
 * (names, labels, owners), so it cannot change whether the bug happens — but its reconciles
 * interleave with the operator's, as on a real cluster where an operator is never alone, and so
 * multiply the interleavings a search must sort through. Zero replicas adds nothing.
 */
export function neighbourStatefulSet(replicas: number): KubeObject {
  const labels = { app: NAME };
  return {
    apiVersion: "apps/v1",
    kind: "StatefulSet",
    metadata: { name: NAME, namespace: "default", labels },
    spec: {
      replicas,
      serviceName: NAME,
      podManagementPolicy: "Parallel",
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: "nginx", image: "nginx:1.25" }] } },
    },
  };
}

/** Seeds the neighbour of `replicas` pods (none when 0), pending on the StatefulSet controller. */
export function addNeighbour(initial: InitialStateBuilder, replicas: number, where: string): InitialStateBuilder {
  if (!Number.isInteger(replicas) || replicas < 0) throw new Error(`${where}: neighbourReplicas must be a non-negative integer, got ${JSON.stringify(replicas)}`);
  return replicas === 0 ? initial : initial.addTopLevelObject(neighbourStatefulSet(replicas), "StatefulSetController");
}

/** The neighbour's default size in the corpus: one pod, enough for thousands of states while a full exploration stays a few seconds. */
export const DEFAULT_NEIGHBOUR_REPLICAS = 1;

/**
 * The scenario-name suffix for a non-default size, so that every size has its own name (and its
 * own dumps) while the corpus default keeps the bare name.
 */
export function sizeSuffix(defaultSize: boolean, size: string, neighbourReplicas: number): string {
  return (defaultSize ? "" : `-${size}`) + (neighbourReplicas === DEFAULT_NEIGHBOUR_REPLICAS ? "" : `-neighbour-${neighbourReplicas}`);
}
