import { controllerRef } from "../controllerRef.ts";
import { names } from "../resourceNames.ts";
import { LABEL, type KubeService, type Route } from "../types.ts";

/**
 * `route/resources.MakeK8sPlaceholderService` / `MakeK8sService`: the ExternalName Service named
 * like the Route that gives it a cluster DNS name. It first points at the route's own host;
 * once the Ingress reports a load balancer, at the load balancer's internal domain.
 */
export function makePlaceholderService(route: Route, externalName: string): KubeService {
  const labels: Record<string, string> = {};
  for (const [k, v] of Object.entries(route.metadata.labels ?? {})) {
    if (k !== "networking.knative.dev/visibility") labels[k] = v;
  }
  labels[LABEL.route] = route.metadata.name;
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: names.placeholderService(route.metadata.name),
      namespace: route.metadata.namespace,
      labels,
      ...(route.metadata.annotations ? { annotations: { ...route.metadata.annotations } } : {}),
      ownerReferences: [controllerRef(route)],
    },
    spec: {
      type: "ExternalName",
      externalName,
      sessionAffinity: "None",
      ports: [{ name: "http2", port: 80, targetPort: 80 }],
    },
  };
}
