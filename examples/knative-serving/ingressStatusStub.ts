import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { GenReconciler } from "./genReconciler.ts";
import { INGRESS_CLASS } from "./resources/ingress.ts";
import { ANNOTATION, NETWORKING_API_VERSION, type Ingress } from "./types.ts";

/** `ingressCondSet`: an Ingress is Ready when its network is configured and its load balancer ready. */
export const INGRESS_CONDITIONS = new ConditionSet(["NetworkConfigured", "LoadBalancerReady"]);

/** The load balancers Kourier reports (its gateway Services in `kourier-system`). */
export const PUBLIC_LOAD_BALANCER = "kourier.kourier-system.svc.cluster.local";
export const PRIVATE_LOAD_BALANCER = "kourier-internal.kourier-system.svc.cluster.local";

/**
 * A stand-in for the ingress implementation (net-kourier here): for Ingresses of its class it
 * reports what the real one reports once Envoy is programmed — NetworkConfigured and
 * LoadBalancerReady True, the public and private load balancers, and the observed generation —
 * in a single step. No proxy is programmed and nothing is probed.
 */
export class IngressStatusStub extends GenReconciler<Ingress> {
  protected readonly apiVersion = NETWORKING_API_VERSION;
  protected readonly kind = "Ingress";
  protected readonly conditionSet = INGRESS_CONDITIONS;

  protected override accepts(ingress: Ingress): boolean {
    return ingress.metadata.annotations?.[ANNOTATION.ingressClass] === INGRESS_CLASS;
  }

  protected async reconcileKind(ingress: Ingress, conditions: ConditionManager): Promise<void> {
    const status = ingress.status!;
    conditions.markTrue("NetworkConfigured");
    status.publicLoadBalancer = { ingress: [{ domainInternal: PUBLIC_LOAD_BALANCER }] };
    status.privateLoadBalancer = { ingress: [{ domainInternal: PRIVATE_LOAD_BALANCER }] };
    conditions.markTrue("LoadBalancerReady");
  }
}
