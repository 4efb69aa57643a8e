import { controllerRef } from "../controllerRef.ts";
import { names } from "../resourceNames.ts";
import { ANNOTATION, AUTOSCALING_API_VERSION, LABEL, type PodAutoscaler, type Revision } from "../types.ts";
import { revisionLabels } from "./revisionLabels.ts";

/** The autoscaler class of Knative's default, concurrency-based autoscaler. */
export const KPA_CLASS = "kpa.autoscaling.knative.dev";

/**
 * `revision/resources.reachability`: a revision whose resources failed is Unreachable; otherwise
 * its routing state decides (`active` → Reachable, `reserve` → Unreachable, else unknown, "").
 */
function reachability(rev: Revision): string {
  for (const type of ["ResourcesAvailable", "ContainerHealthy"]) {
    if (rev.status?.conditions?.find((c) => c.type === type)?.status === "False") return "Unreachable";
  }
  const state = rev.metadata.labels?.[LABEL.routingState];
  return state === "active" ? "Reachable" : state === "reserve" ? "Unreachable" : "";
}

/**
 * `revision/resources.MakePA`: the PodAutoscaler named like the revision, owned by it, scaling
 * its Deployment. The class and metric annotations are what the PodAutoscaler defaulting webhook
 * would add (the model has no webhooks, so they are set here).
 */
export function makePodAutoscaler(rev: Revision): PodAutoscaler {
  const reach = reachability(rev);
  return {
    apiVersion: AUTOSCALING_API_VERSION,
    kind: "PodAutoscaler",
    metadata: {
      name: names.podAutoscaler(rev.metadata.name),
      namespace: rev.metadata.namespace,
      labels: revisionLabels(rev),
      annotations: { [ANNOTATION.autoscalingClass]: KPA_CLASS, [ANNOTATION.autoscalingMetric]: "concurrency" },
      ownerReferences: [controllerRef(rev)],
    },
    spec: {
      containerConcurrency: rev.spec.containerConcurrency ?? 0,
      scaleTargetRef: { apiVersion: "apps/v1", kind: "Deployment", name: names.deployment(rev.metadata.name) },
      ...(reach ? { reachability: reach } : {}),
      protocolType: "http1",
    },
  };
}
