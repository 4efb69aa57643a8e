import { controllerRef } from "../controllerRef.ts";
import { jsonClone } from "../jsonClone.ts";
import { externalHost, names } from "../resourceNames.ts";
import { ANNOTATION, LABEL, NETWORKING_API_VERSION, type Ingress, type IngressBackendSplit, type Route } from "../types.ts";

/** The ingress implementation the model's Routes ask for (config-network's `ingress-class`). */
export const INGRESS_CLASS = "kourier.ingress.networking.knative.dev";

/** A resolved traffic target: a revision and its share. */
export interface RevisionTarget {
  revisionName: string;
  percent: number;
}

function splits(namespace: string, targets: readonly RevisionTarget[]): IngressBackendSplit[] {
  return targets.map((t) => ({
    serviceName: t.revisionName,
    serviceNamespace: namespace,
    servicePort: 80,
    percent: t.percent,
    appendHeaders: { "Knative-Serving-Namespace": namespace, "Knative-Serving-Revision": t.revisionName },
  }));
}

/**
 * `route/resources.MakeIngress`: the Knative Ingress named like the Route, owned by it, with a
 * cluster-local rule (`<name>.<ns>`, `.svc`, `.svc.cluster.local`) and an external rule
 * (`<name>.<ns>.<domain>`), both splitting traffic over the revisions' public Services.
 */
export function makeIngress(route: Route, targets: readonly RevisionTarget[]): Ingress {
  const { name, namespace } = route.metadata;
  const paths = [{ splits: splits(namespace, targets) }];
  return {
    apiVersion: NETWORKING_API_VERSION,
    kind: "Ingress",
    metadata: {
      name: names.ingress(name),
      namespace,
      labels: { ...route.metadata.labels, [LABEL.route]: name, [LABEL.routeNamespace]: namespace },
      annotations: { ...route.metadata.annotations, [ANNOTATION.ingressClass]: INGRESS_CLASS },
      ownerReferences: [controllerRef(route)],
    },
    spec: {
      rules: [
        {
          hosts: [`${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.cluster.local`],
          visibility: "ClusterLocal",
          http: { paths: jsonClone(paths) },
        },
        { hosts: [externalHost(name, namespace)], visibility: "ExternalIP", http: { paths } },
      ],
      httpOption: "Enabled",
    },
  };
}
