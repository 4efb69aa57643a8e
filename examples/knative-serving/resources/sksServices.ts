import { controllerRef } from "../controllerRef.ts";
import { jsonClone } from "../jsonClone.ts";
import { names } from "../resourceNames.ts";
import { LABEL, type EndpointSubset, type Endpoints, type KubeService, type ServerlessService } from "../types.ts";
import { QUEUE_HTTP_PORT } from "./deployment.ts";

/** The one port the model's services expose: HTTP/1 on 80, to the queue-proxy. */
const HTTP_PORT = { name: "http", protocol: "TCP", port: 80, targetPort: QUEUE_HTTP_PORT };

function sksLabels(sks: ServerlessService, type: "Private" | "Public"): Record<string, string> {
  return { ...sks.metadata.labels, [LABEL.sks]: sks.metadata.name, [LABEL.serviceType]: type };
}

/**
 * `serverlessservice/resources.MakePrivateService`: `<sks>-private`, selecting the revision's
 * pods; the Endpoints controller fills its Endpoints, which tell the SKS whether pods are ready.
 */
export function makePrivateService(sks: ServerlessService, selector: Record<string, string>): KubeService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: names.privateService(sks.metadata.name),
      namespace: sks.metadata.namespace,
      labels: sksLabels(sks, "Private"),
      ownerReferences: [controllerRef(sks)],
    },
    spec: { selector: { ...selector }, ports: [{ ...HTTP_PORT }] },
  };
}

/** `serverlessservice/resources.MakePublicService`: named like the SKS, with no selector: the SKS writes its Endpoints. */
export function makePublicService(sks: ServerlessService): KubeService {
  return {
    apiVersion: "v1",
    kind: "Service",
    metadata: {
      name: names.publicService(sks.metadata.name),
      namespace: sks.metadata.namespace,
      labels: sksLabels(sks, "Public"),
      ownerReferences: [controllerRef(sks)],
    },
    spec: { ports: [{ ...HTTP_PORT }] },
  };
}

/**
 * `serverlessservice/resources.FilterSubsetPorts`: the source subsets' addresses, exposing only
 * the queue-proxy port under the name `http`.
 */
export function filterSubsetPorts(subsets: readonly EndpointSubset[] | undefined): EndpointSubset[] {
  return (subsets ?? [])
    .filter((s) => (s.addresses ?? []).length > 0)
    .map((s) => ({ addresses: jsonClone(s.addresses!), ports: [{ name: HTTP_PORT.name, port: QUEUE_HTTP_PORT, protocol: "TCP" }] }));
}

/** `serverlessservice/resources.MakePublicEndpoints`: the public Service's Endpoints, copied from `subsets`. */
export function makePublicEndpoints(sks: ServerlessService, subsets: readonly EndpointSubset[] | undefined): Endpoints {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: {
      name: names.publicService(sks.metadata.name),
      namespace: sks.metadata.namespace,
      labels: sksLabels(sks, "Public"),
      ownerReferences: [controllerRef(sks)],
    },
    subsets: filterSubsetPorts(subsets),
  };
}

/** `resources.ReadyAddressCount`: ready addresses over all subsets. */
export function readyAddressCount(eps: Endpoints | undefined): number {
  return (eps?.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
}
