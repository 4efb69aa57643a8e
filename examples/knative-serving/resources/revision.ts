import { rfc3339 } from "../conditionSet.ts";
import { controllerRef } from "../controllerRef.ts";
import { jsonClone } from "../jsonClone.ts";
import { names } from "../resourceNames.ts";
import { ANNOTATION, LABEL, SERVING_API_VERSION, type Configuration, type Revision } from "../types.ts";

/**
 * `configuration/resources.MakeRevision`: the Revision for the Configuration's current generation,
 * from its template, labelled with the configuration (name, uid, generation) and service it
 * belongs to, owned by the Configuration. Its routing state starts `pending` (or `active` when
 * the Configuration is already routed), stamped with `now`.
 */
export function makeRevision(config: Configuration, now: Date): Revision {
  const template = jsonClone(config.spec.template);
  const generation = config.metadata.generation ?? 0;
  const configLabels = config.metadata.labels ?? {};
  const configAnnotations = config.metadata.annotations ?? {};
  const labels: Record<string, string> = { ...template.metadata?.labels };
  const put = (key: string, value: string | undefined) => {
    if (value) labels[key] = value;
  };
  put(LABEL.configuration, config.metadata.name);
  put(LABEL.service, configLabels[LABEL.service]);
  put(LABEL.configurationGeneration, String(generation));
  put(LABEL.configurationUID, config.metadata.uid);
  put(LABEL.serviceUID, configLabels[LABEL.serviceUID]);
  const annotations: Record<string, string> = { ...template.metadata?.annotations };
  const lastModifier = configAnnotations[ANNOTATION.lastModifier];
  if (lastModifier) annotations[ANNOTATION.creator] = lastModifier;
  const routed = configAnnotations[ANNOTATION.routes];
  if (routed) annotations[ANNOTATION.routes] = routed;
  labels[LABEL.routingState] = routed ? "active" : "pending";
  annotations[ANNOTATION.routingStateModified] = rfc3339(now);
  return {
    apiVersion: SERVING_API_VERSION,
    kind: "Revision",
    metadata: {
      name: template.metadata?.name || names.revision(config.metadata.name, generation),
      namespace: config.metadata.namespace,
      labels,
      annotations,
      ownerReferences: [controllerRef(config)],
    },
    spec: template.spec,
  };
}
