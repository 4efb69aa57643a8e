import { controllerRef } from "../controllerRef.ts";
import { names } from "../resourceNames.ts";
import { NETWORKING_API_VERSION, type PodAutoscaler, type ServerlessService, type ServerlessServiceSpec } from "../types.ts";

/**
 * `autoscaling/kpa/resources.MakeSKS`: the ServerlessService named like the PodAutoscaler, owned
 * by it, fronting its scale target in the given mode with `numActivators` activators.
 */
export function makeServerlessService(pa: PodAutoscaler, mode: ServerlessServiceSpec["mode"], numActivators: number): ServerlessService {
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: "ServerlessService",
    metadata: {
      name: names.serverlessService(pa.metadata.name),
      namespace: pa.metadata.namespace,
      labels: { ...pa.metadata.labels },
      ownerReferences: [controllerRef(pa)],
    },
    spec: { mode, numActivators, objectRef: { ...pa.spec.scaleTargetRef }, protocolType: pa.spec.protocolType },
  };
}
