import { builtinControllers, type ExplorerBuilder, type KubeObject, type Request } from "../../src/index.ts";
import { ConfigurationReconciler } from "./configurationReconciler.ts";
import { IngressStatusStub } from "./ingressStatusStub.ts";
import { PodAutoscalerReconciler } from "./podAutoscalerReconciler.ts";
import { RevisionReconciler } from "./revisionReconciler.ts";
import { RouteReconciler } from "./routeReconciler.ts";
import { ServerlessServiceReconciler } from "./serverlessServiceReconciler.ts";
import { ServiceReconciler } from "./serviceReconciler.ts";
import {
  CONFIGURATION_KIND,
  INGRESS_KIND,
  KNATIVE_KINDS,
  LABEL,
  POD_AUTOSCALER_KIND,
  REVISION_KIND,
  ROUTE_KIND,
  SERVERLESS_SERVICE_KIND,
  SERVICE_KIND,
} from "./types.ts";

/** The ids the Knative reconcilers are registered under, as they appear in paths. */
export const KNATIVE_RECONCILERS = {
  service: "ServiceReconciler",
  configuration: "ConfigurationReconciler",
  revision: "RevisionReconciler",
  route: "RouteReconciler",
  podAutoscaler: "KPAReconciler",
  serverlessService: "SKSReconciler",
  ingress: "IngressStatusStub",
} as const;

/** The Kubernetes controllers a Revision needs to get ready pods and Endpoints. */
export const KUBERNETES_CONTROLLERS = ["DeploymentController", "ReplicaSetController", "PodLifecycle", "EndpointsController"] as const;

const namespaceOf = (obj: KubeObject) => obj.metadata?.namespace ?? "";

/**
 * The Route's tracker: a Route reconciles when a Configuration it routes to changes. The real
 * tracker remembers what each Route referenced; a watch mapper only sees the changed object, so
 * the model maps by the `serving.knative.dev/service` label, which names the Route of every
 * Service-owned Configuration (standalone ones map to nothing). The real Route also tracks the
 * revisions its Configuration targets resolved to, but only once one is the latest ready
 * revision, and nothing the model's Route writes depends on later changes to it: that watch is
 * left out, because it would only add no-op Route reconciles to every Revision status write.
 */
function routeOfServiceLabel(obj: KubeObject): Request[] {
  const service = obj.metadata?.labels?.[LABEL.service];
  return service ? [{ namespace: namespaceOf(obj), name: service }] : [];
}

/** The KPA watches its revision's private Endpoints (labelled serviceType=Private), keyed by the revision label. */
function podAutoscalerOfPrivateEndpoints(obj: KubeObject): Request[] {
  const labels = obj.metadata?.labels ?? {};
  const revision = labels[LABEL.revision];
  return labels[LABEL.serviceType] === "Private" && revision ? [{ namespace: namespaceOf(obj), name: revision }] : [];
}

/** The SKS reconciler watches every Endpoints labelled with an SKS name (its private Service's, which it does not own). */
function serverlessServiceOfEndpoints(obj: KubeObject): Request[] {
  const sks = obj.metadata?.labels?.[LABEL.sks];
  return sks ? [{ namespace: namespaceOf(obj), name: sks }] : [];
}

/**
 * Registers the Knative Serving control plane on an explorer builder: the CRDs, the Service,
 * Configuration, Revision, Route, KPA and SKS reconcilers with the watches their real
 * controllers set up, the ingress status stub, and the Kubernetes Deployment, ReplicaSet,
 * pod-lifecycle and Endpoints controllers underneath.
 *
 * @example
 * ```ts
 * const eb = registerKnativeServing(new ExplorerBuilder());
 * const initial = eb.initialState().addTopLevelObject(service, KNATIVE_RECONCILERS.service).build();
 * ```
 */
export function registerKnativeServing(eb: ExplorerBuilder): ExplorerBuilder {
  for (const kind of KNATIVE_KINDS) eb.withKind(kind, { scope: "Namespaced", statusSubresource: true });
  const ids = KNATIVE_RECONCILERS;
  eb.withReconciler(ids.service, (c) => new ServiceReconciler(c))
    .for(SERVICE_KIND)
    .owns(CONFIGURATION_KIND)
    .owns(ROUTE_KIND);
  eb.withReconciler(ids.configuration, (c) => new ConfigurationReconciler(c))
    .for(CONFIGURATION_KIND)
    .owns(REVISION_KIND);
  eb.withReconciler(ids.revision, (c) => new RevisionReconciler(c))
    .for(REVISION_KIND)
    .owns("apps/Deployment")
    .owns(POD_AUTOSCALER_KIND);
  eb.withReconciler(ids.route, (c) => new RouteReconciler(c))
    .for(ROUTE_KIND)
    .owns(INGRESS_KIND)
    .owns("core/Service")
    .watches(CONFIGURATION_KIND, routeOfServiceLabel);
  eb.withReconciler(ids.podAutoscaler, (c) => new PodAutoscalerReconciler(c))
    .for(POD_AUTOSCALER_KIND)
    .owns(SERVERLESS_SERVICE_KIND)
    .watches("core/Endpoints", podAutoscalerOfPrivateEndpoints);
  eb.withReconciler(ids.serverlessService, (c) => new ServerlessServiceReconciler(c))
    .for(SERVERLESS_SERVICE_KIND)
    .owns("core/Service")
    .owns("core/Endpoints")
    .watches("core/Endpoints", serverlessServiceOfEndpoints);
  eb.withReconciler(ids.ingress, (c) => new IngressStatusStub(c)).for(INGRESS_KIND);
  eb.withControllers(builtinControllers({ only: [...KUBERNETES_CONTROLLERS] }));
  return eb;
}
