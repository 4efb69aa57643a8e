import { ExplorerBuilder, type KubeObject, type Scenario } from "../../src/index.ts";
import { AUTOSCALER_CONFIG_MAP } from "./autoscalerConfig.ts";
import { KNATIVE_RECONCILERS, registerKnativeServing } from "./knativeServing.ts";
import { ACTIVATOR_NAMESPACE, ACTIVATOR_SERVICE } from "./serverlessServiceReconciler.ts";
import { ANNOTATION, SERVING_API_VERSION, type Endpoints, type KnativeService } from "./types.ts";

/** The image the demo Service runs. */
export const DEMO_IMAGE = "ghcr.io/knative/helloworld-go:latest";

/**
 * `default/demo` as `kubectl apply` leaves it in etcd: the user's one-container template, plus
 * what Knative's defaulting webhook adds (the container name, concurrency, timeout, readiness
 * probe, 100% of traffic to the latest revision, creator annotations).
 */
export function demoService(name = "demo", namespace = "default", image = DEMO_IMAGE): KnativeService {
  return {
    apiVersion: SERVING_API_VERSION,
    kind: "Service",
    metadata: {
      name,
      namespace,
      annotations: { [ANNOTATION.creator]: "kubernetes-admin", [ANNOTATION.lastModifier]: "kubernetes-admin" },
    },
    spec: {
      template: {
        spec: {
          containerConcurrency: 0,
          timeoutSeconds: 300,
          enableServiceLinks: false,
          containers: [
            {
              name: "user-container",
              image,
              env: [{ name: "TARGET", value: "kamera" }],
              ports: [{ containerPort: 8080, protocol: "TCP" }],
              readinessProbe: { successThreshold: 1, tcpSocket: { port: 0 } },
              resources: {},
            },
          ],
        },
      },
      traffic: [{ latestRevision: true, percent: 100 }],
    },
  };
}

/** The activator's Endpoints, part of the Knative installation the SKS reads. */
export function activatorEndpoints(): Endpoints {
  return {
    apiVersion: "v1",
    kind: "Endpoints",
    metadata: { name: ACTIVATOR_SERVICE, namespace: ACTIVATOR_NAMESPACE, labels: { app: "activator" } },
    subsets: [
      {
        addresses: [{ ip: "10.244.9.10", targetRef: { kind: "Pod", namespace: ACTIVATOR_NAMESPACE, name: "activator-6f7b9d8c4d-7xk2p" } }],
        ports: [
          { name: "http", port: 8012, protocol: "TCP" },
          { name: "http2", port: 8013, protocol: "TCP" },
        ],
      },
    ],
  };
}

/**
 * config-autoscaler as the scenario installs it: `target-burst-capacity: "0"`, so the activator
 * leaves the request path once the revision has a ready pod. (With Knative's default of 200 one
 * pod never absorbs the burst capacity, the activator stays in the path, and the KPA rewrites the
 * SKS twice more: about twice the states. Drop the ConfigMap to explore that.)
 */
export function autoscalerConfigMap(targetBurstCapacity = "0"): KubeObject {
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { ...AUTOSCALER_CONFIG_MAP }, data: { "target-burst-capacity": targetBurstCapacity } };
}

/**
 * Scenario 6: Knative Serving reconciles `Service default/demo` — Configuration and Route,
 * Revision `demo-00001`, its Deployment, PodAutoscaler and ServerlessService, the Kubernetes
 * controllers bringing up a ready pod, the Ingress — across every interleaving, until the Service
 * is Ready with a URL.
 */
export const scenario: Scenario = {
  name: "knative-serving",
  description: "Knative Serving brings up Service default/demo: every interleaving of its reconcilers and the Kubernetes controllers under them",
  build() {
    const eb = registerKnativeServing(new ExplorerBuilder());
    const initial = eb.initialState().addTopLevelObject(demoService(), KNATIVE_RECONCILERS.service).addObject(activatorEndpoints()).addObject(autoscalerConfigMap()).build();
    return { builder: eb, initial, options: { reduction: "por" } };
  },
};
export default scenario;
