import { controllerRef } from "../controllerRef.ts";
import { jsonClone } from "../jsonClone.ts";
import { names } from "../resourceNames.ts";
import { LABEL, SERVING_API_VERSION, type KnativeService, type Route } from "../types.ts";
import { inheritedAnnotations } from "./configuration.ts";

/**
 * `service/resources.MakeRoute`: the Route a Service wants, owned by it. Traffic targets that
 * name no revision are pointed at the Service's Configuration.
 */
export function makeRoute(service: KnativeService): Route {
  const { name, namespace } = service.metadata;
  const annotations = inheritedAnnotations(service.metadata.annotations);
  const traffic = jsonClone(service.spec.traffic ?? []).map((t) => (t.revisionName ? t : { ...t, configurationName: names.configuration(name) }));
  return {
    apiVersion: SERVING_API_VERSION,
    kind: "Route",
    metadata: {
      name: names.route(name),
      namespace,
      labels: { ...service.metadata.labels, [LABEL.service]: name },
      ...(annotations ? { annotations } : {}),
      ownerReferences: [controllerRef(service)],
    },
    spec: { traffic },
  };
}
