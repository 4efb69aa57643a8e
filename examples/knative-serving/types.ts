import type { KubeObject, ObjectMeta } from "../../src/index.ts";

/**
 * The shapes of the Knative Serving resources the model reads and writes, as their CRDs define
 * them (only the fields the model uses), plus the label and annotation keys the real reconcilers
 * put on what they create. Field names follow the Go types' JSON tags.
 */

export const SERVING_API_VERSION = "serving.knative.dev/v1";
export const AUTOSCALING_API_VERSION = "autoscaling.internal.knative.dev/v1alpha1";
export const NETWORKING_API_VERSION = "networking.internal.knative.dev/v1alpha1";

export const SERVICE_KIND = "serving.knative.dev/Service";
export const CONFIGURATION_KIND = "serving.knative.dev/Configuration";
export const REVISION_KIND = "serving.knative.dev/Revision";
export const ROUTE_KIND = "serving.knative.dev/Route";
export const POD_AUTOSCALER_KIND = "autoscaling.internal.knative.dev/PodAutoscaler";
export const SERVERLESS_SERVICE_KIND = "networking.internal.knative.dev/ServerlessService";
export const INGRESS_KIND = "networking.internal.knative.dev/Ingress";

/** The custom resources of the model, for `eb.withKind` (all namespaced, all with a status subresource). */
export const KNATIVE_KINDS = [SERVICE_KIND, CONFIGURATION_KIND, REVISION_KIND, ROUTE_KIND, POD_AUTOSCALER_KIND, SERVERLESS_SERVICE_KIND, INGRESS_KIND] as const;

/** Label and annotation keys (knative.dev/serving/pkg/apis/serving and networking). */
export const LABEL = {
  service: "serving.knative.dev/service",
  serviceUID: "serving.knative.dev/serviceUID",
  configuration: "serving.knative.dev/configuration",
  configurationUID: "serving.knative.dev/configurationUID",
  configurationGeneration: "serving.knative.dev/configurationGeneration",
  revision: "serving.knative.dev/revision",
  revisionUID: "serving.knative.dev/revisionUID",
  route: "serving.knative.dev/route",
  routeNamespace: "serving.knative.dev/routeNamespace",
  routingState: "serving.knative.dev/routingState",
  app: "app",
  sks: "networking.internal.knative.dev/serverlessservice",
  serviceType: "networking.internal.knative.dev/serviceType",
} as const;

export const ANNOTATION = {
  creator: "serving.knative.dev/creator",
  lastModifier: "serving.knative.dev/lastModifier",
  routes: "serving.knative.dev/routes",
  routingStateModified: "serving.knative.dev/routingStateModified",
  autoscalingClass: "autoscaling.knative.dev/class",
  autoscalingMetric: "autoscaling.knative.dev/metric",
  ingressClass: "networking.knative.dev/ingress.class",
  lastAppliedConfiguration: "kubectl.kubernetes.io/last-applied-configuration",
} as const;

/** `knative.dev/pkg/apis.Condition`. Severity "" (Error) is omitted, as its `omitempty` tag does. */
export interface Condition {
  type: string;
  status: "True" | "False" | "Unknown";
  severity?: "Warning" | "Info";
  lastTransitionTime?: string;
  reason?: string;
  message?: string;
}

/** `duckv1.Status`: what every Knative status starts with. */
export interface KnativeStatus {
  observedGeneration?: number;
  conditions?: Condition[];
}

/** A namespaced Knative resource as the client returns it. */
export interface KnativeResource<Spec, Status extends KnativeStatus> extends KubeObject {
  apiVersion: string;
  kind: string;
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: Spec;
  status?: Status;
}

export interface ContainerPort {
  name?: string;
  containerPort: number;
  protocol?: "TCP" | "UDP" | "SCTP";
}

export interface Container {
  name?: string;
  image: string;
  ports?: ContainerPort[];
  env?: { name: string; value: string }[];
  readinessProbe?: Record<string, unknown>;
  resources?: Record<string, unknown>;
  [field: string]: unknown;
}

/** `v1.RevisionSpec`: a pod spec plus Knative's concurrency and timeout. */
export interface RevisionSpec {
  containers: Container[];
  containerConcurrency?: number;
  timeoutSeconds?: number;
  enableServiceLinks?: boolean;
  serviceAccountName?: string;
}

export interface RevisionTemplateSpec {
  metadata?: { name?: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: RevisionSpec;
}

/** `v1.TrafficTarget`. */
export interface TrafficTarget {
  tag?: string;
  revisionName?: string;
  configurationName?: string;
  latestRevision?: boolean;
  percent?: number;
  url?: string;
}

export interface ServiceSpec {
  template: RevisionTemplateSpec;
  traffic?: TrafficTarget[];
}

export interface ServiceStatus extends KnativeStatus {
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
  url?: string;
  address?: { url: string };
  traffic?: TrafficTarget[];
}

/** `serving.knative.dev/v1` Service. */
export type KnativeService = KnativeResource<ServiceSpec, ServiceStatus>;

export interface ConfigurationSpec {
  template: RevisionTemplateSpec;
}

export interface ConfigurationStatus extends KnativeStatus {
  latestReadyRevisionName?: string;
  latestCreatedRevisionName?: string;
}

/** `serving.knative.dev/v1` Configuration. */
export type Configuration = KnativeResource<ConfigurationSpec, ConfigurationStatus>;

export interface RevisionStatus extends KnativeStatus {
  containerStatuses?: { name: string; imageDigest: string }[];
  actualReplicas?: number;
  desiredReplicas?: number;
}

/** `serving.knative.dev/v1` Revision. */
export type Revision = KnativeResource<RevisionSpec, RevisionStatus>;

export interface RouteSpec {
  traffic?: TrafficTarget[];
}

export interface RouteStatus extends KnativeStatus {
  url?: string;
  address?: { url: string };
  traffic?: TrafficTarget[];
}

/** `serving.knative.dev/v1` Route. */
export type Route = KnativeResource<RouteSpec, RouteStatus>;

export interface PodAutoscalerSpec {
  containerConcurrency?: number;
  scaleTargetRef: { apiVersion: string; kind: string; name: string };
  /** "Reachable" | "Unreachable"; "" (Unknown) is omitted. */
  reachability?: string;
  protocolType: string;
}

export interface PodAutoscalerStatus extends KnativeStatus {
  serviceName?: string;
  metricsServiceName?: string;
  desiredScale?: number;
  actualScale?: number;
}

/** `autoscaling.internal.knative.dev/v1alpha1` PodAutoscaler. */
export type PodAutoscaler = KnativeResource<PodAutoscalerSpec, PodAutoscalerStatus>;

export interface ServerlessServiceSpec {
  /** "Serve": traffic goes to the revision's pods; "Proxy": through the activator. */
  mode: "Serve" | "Proxy";
  numActivators: number;
  objectRef: { apiVersion: string; kind: string; name: string };
  protocolType: string;
}

export interface ServerlessServiceStatus extends KnativeStatus {
  serviceName?: string;
  privateServiceName?: string;
}

/** `networking.internal.knative.dev/v1alpha1` ServerlessService. */
export type ServerlessService = KnativeResource<ServerlessServiceSpec, ServerlessServiceStatus>;

export interface IngressBackendSplit {
  serviceName: string;
  serviceNamespace: string;
  servicePort: number;
  percent: number;
  appendHeaders?: Record<string, string>;
}

export interface IngressRule {
  hosts: string[];
  visibility: "ClusterLocal" | "ExternalIP";
  http: { paths: { splits: IngressBackendSplit[] }[] };
}

export interface IngressSpec {
  rules: IngressRule[];
  httpOption: "Enabled" | "Redirected";
}

export interface LoadBalancerStatus {
  ingress: { domainInternal?: string; domain?: string; ip?: string }[];
}

export interface IngressStatus extends KnativeStatus {
  publicLoadBalancer?: LoadBalancerStatus;
  privateLoadBalancer?: LoadBalancerStatus;
}

/** `networking.internal.knative.dev/v1alpha1` Ingress (Knative's, not `networking.k8s.io`'s). */
export type Ingress = KnativeResource<IngressSpec, IngressStatus>;

/** The parts of `core/v1` Endpoints the model reads and writes. */
export interface Endpoints extends KubeObject {
  metadata: ObjectMeta & { name: string; namespace: string };
  subsets?: EndpointSubset[];
}

export interface EndpointSubset {
  addresses?: { ip: string; targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string } }[];
  notReadyAddresses?: { ip: string; targetRef?: { kind?: string; name?: string; namespace?: string; uid?: string } }[];
  ports?: { name?: string; port: number; protocol?: string }[];
}

/** The parts of `core/v1` Pod the model reads. */
export interface Pod extends KubeObject {
  metadata: ObjectMeta & { name: string; namespace: string };
  status?: { phase?: string; conditions?: { type: string; status: string }[] };
}

/** The parts of `apps/v1` Deployment the model reads and writes. */
export interface Deployment extends KubeObject {
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: {
    replicas?: number;
    selector: { matchLabels: Record<string, string> };
    template: { metadata: { labels: Record<string, string>; annotations?: Record<string, string> }; spec: Record<string, unknown> };
    [field: string]: unknown;
  };
  status?: { conditions?: { type: string; status: string; reason?: string; message?: string }[]; availableReplicas?: number; readyReplicas?: number };
}

/** The parts of `core/v1` Service the model writes. */
export interface KubeService extends KubeObject {
  metadata: ObjectMeta & { name: string; namespace: string };
  spec: {
    type?: "ClusterIP" | "ExternalName";
    selector?: Record<string, string>;
    externalName?: string;
    sessionAffinity?: string;
    ports?: { name: string; port: number; targetPort?: number; protocol?: string }[];
    [field: string]: unknown;
  };
}
