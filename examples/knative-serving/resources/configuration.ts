import { controllerRef } from "../controllerRef.ts";
import { jsonClone } from "../jsonClone.ts";
import { names } from "../resourceNames.ts";
import { ANNOTATION, LABEL, SERVING_API_VERSION, type Configuration, type KnativeService } from "../types.ts";

/** The service's annotations minus kubectl's last-applied-configuration, which children must not inherit. */
export function inheritedAnnotations(annotations: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!annotations) return undefined;
  const out = Object.fromEntries(Object.entries(annotations).filter(([k]) => k !== ANNOTATION.lastAppliedConfiguration));
  return Object.keys(out).length > 0 ? out : undefined;
}

/** `service/resources.MakeConfiguration`: the Configuration a Service wants, owned by it. */
export function makeConfiguration(service: KnativeService): Configuration {
  const { name, namespace, uid } = service.metadata;
  const annotations = inheritedAnnotations(service.metadata.annotations);
  return {
    apiVersion: SERVING_API_VERSION,
    kind: "Configuration",
    metadata: {
      name: names.configuration(name),
      namespace,
      labels: { ...service.metadata.labels, [LABEL.service]: name, [LABEL.serviceUID]: String(uid) },
      ...(annotations ? { annotations } : {}),
      ownerReferences: [controllerRef(service)],
    },
    spec: { template: jsonClone(service.spec.template) },
  };
}
