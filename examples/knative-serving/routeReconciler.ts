import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { isControlledBy } from "./controllerRef.ts";
import { GenReconciler } from "./genReconciler.ts";
import { makeIngress, type RevisionTarget } from "./resources/ingress.ts";
import { makePlaceholderService } from "./resources/placeholderService.ts";
import { clusterLocalHost, externalHost, names } from "./resourceNames.ts";
import { semanticEqual } from "./semanticEqual.ts";
import { NETWORKING_API_VERSION, SERVING_API_VERSION, type Configuration, type Ingress, type KubeService, type Revision, type Route, type TrafficTarget } from "./types.ts";

/** `routeCondSet`: a Route is Ready when all traffic is assigned, its Ingress is ready and its certificate question is settled. */
export const ROUTE_CONDITIONS = new ConditionSet(["AllTrafficAssigned", "IngressReady", "CertificateProvisioned"]);

const readyOf = (o: { status?: { conditions?: { type: string; status: string }[] } }) => o.status?.conditions?.find((c) => c.type === "Ready");

/**
 * `pkg/reconciler/route`: resolves the Route's traffic targets (a Configuration target resolves
 * to its latest ready revision, and until there is one the Route waits with AllTrafficAssigned
 * Unknown), publishes `url` (`http://<name>.<ns>.example.com`), `address` and `traffic`, creates
 * the placeholder ExternalName Service and the Knative Ingress that routes the hosts to the
 * revisions' public Services, and takes IngressReady from the Ingress once it has observed its
 * generation. TLS is off (config-network's default), so CertificateProvisioned is True with
 * reason TLSNotEnabled.
 */
export class RouteReconciler extends GenReconciler<Route> {
  protected readonly apiVersion = SERVING_API_VERSION;
  protected readonly kind = "Route";
  protected readonly conditionSet = ROUTE_CONDITIONS;

  protected async reconcileKind(route: Route, conditions: ConditionManager): Promise<void> {
    const status = route.status!;
    const targets = await this.configureTraffic(route, conditions);
    if (!targets) return;
    status.address = { url: `http://${clusterLocalHost(route.metadata.name, route.metadata.namespace)}` };
    const placeholder = await this.reconcilePlaceholderService(route, conditions);
    conditions.markTrueWithReason("CertificateProvisioned", "TLSNotEnabled", "autoTLS is not enabled");
    const ingress = await this.reconcileIngress(route, targets);
    if ((ingress.metadata.generation ?? 0) !== (ingress.status?.observedGeneration ?? 0)) {
      conditions.markUnknown("IngressReady", "IngressNotConfigured", "Ingress has not yet been reconciled.");
    } else {
      const cc = ingress.status?.conditions?.find((c) => c.type === "Ready");
      if (!cc) conditions.markUnknown("IngressReady", "IngressNotConfigured", "Ingress has not yet been reconciled.");
      else if (cc.status === "True") conditions.markTrue("IngressReady");
      else if (cc.status === "False") conditions.markFalse("IngressReady", cc.reason ?? "", cc.message ?? "");
      else conditions.markUnknown("IngressReady", cc.reason ?? "", cc.message ?? "");
    }
    await this.updatePlaceholderService(route, placeholder, ingress);
  }

  /** `configureTraffic` / `traffic.BuildTrafficConfiguration`: the revisions traffic goes to, or undefined while a target is not routable. */
  private async configureTraffic(route: Route, conditions: ConditionManager): Promise<RevisionTarget[] | undefined> {
    const { name, namespace } = route.metadata;
    const status = route.status!;
    status.url = `http://${externalHost(name, namespace)}`;
    const resolved: (TrafficTarget & RevisionTarget)[] = [];
    for (const t of route.spec.traffic ?? []) {
      let revisionName = t.revisionName;
      if (t.configurationName) {
        const config = await this.getIfExists<Configuration>({ apiVersion: SERVING_API_VERSION, kind: "Configuration", namespace, name: t.configurationName });
        if (!config) {
          conditions.markFalse("AllTrafficAssigned", "ConfigurationMissing", `Configuration "${t.configurationName}" referenced in traffic not found.`);
          return undefined;
        }
        revisionName = config.status?.latestReadyRevisionName;
        if (!revisionName) {
          if (readyOf(config)?.status === "False") {
            conditions.markFalse("AllTrafficAssigned", "RevisionMissing", `Configuration "${t.configurationName}" does not have any ready Revision.`);
          } else {
            conditions.markUnknown("AllTrafficAssigned", "RevisionMissing", `Configuration "${t.configurationName}" is waiting for a Revision to become ready.`);
          }
          return undefined;
        }
      }
      if (!revisionName) {
        conditions.markFalse("AllTrafficAssigned", "RevisionMissing", "A traffic target names neither a revision nor a configuration.");
        return undefined;
      }
      const rev = await this.getIfExists<Revision>({ apiVersion: SERVING_API_VERSION, kind: "Revision", namespace, name: revisionName });
      if (!rev) {
        conditions.markFalse("AllTrafficAssigned", "RevisionMissing", `Revision "${revisionName}" referenced in traffic not found.`);
        return undefined;
      }
      if (!t.configurationName && readyOf(rev)?.status !== "True") {
        if (readyOf(rev)?.status === "False") conditions.markFalse("AllTrafficAssigned", "RevisionMissing", `Revision "${revisionName}" failed to become ready.`);
        else conditions.markUnknown("AllTrafficAssigned", "RevisionMissing", `Revision "${revisionName}" is not yet ready.`);
        return undefined;
      }
      resolved.push({ ...(t.tag ? { tag: t.tag } : {}), revisionName, ...(t.latestRevision !== undefined ? { latestRevision: t.latestRevision } : {}), percent: t.percent ?? 0 });
    }
    status.traffic = resolved.map((t) => ({ ...t }));
    conditions.markTrue("AllTrafficAssigned");
    return resolved.map((t) => ({ revisionName: t.revisionName, percent: t.percent }));
  }

  private async reconcilePlaceholderService(route: Route, conditions: ConditionManager): Promise<KubeService> {
    const { name, namespace } = route.metadata;
    const svcName = names.placeholderService(name);
    const svc = await this.getIfExists<KubeService>({ apiVersion: "v1", kind: "Service", namespace, name: svcName });
    if (!svc) return this.client.create(makePlaceholderService(route, externalHost(name, namespace)));
    if (!isControlledBy(svc, route)) {
      conditions.markFalse("IngressReady", "NotOwned", `There is an existing placeholder Service "${svcName}" that we do not own.`);
      throw new Error(`route: "${name}" does not own Service: "${svcName}"`);
    }
    return svc;
  }

  private async reconcileIngress(route: Route, targets: RevisionTarget[]): Promise<Ingress> {
    const { name, namespace } = route.metadata;
    const desired = makeIngress(route, targets);
    const ingress = await this.getIfExists<Ingress>({ apiVersion: NETWORKING_API_VERSION, kind: "Ingress", namespace, name: names.ingress(name) });
    if (!ingress) return this.client.create(desired);
    if (!isControlledBy(ingress, route)) throw new Error(`route: "${name}" does not own Ingress: "${ingress.metadata.name}"`);
    if (
      semanticEqual(ingress.spec, desired.spec) &&
      semanticEqual(ingress.metadata.annotations, desired.metadata.annotations) &&
      semanticEqual(ingress.metadata.labels, desired.metadata.labels)
    ) {
      return ingress;
    }
    return this.client.update({ ...ingress, spec: desired.spec, metadata: { ...ingress.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations } });
  }

  /** Points the placeholder Service at the Ingress's load balancer (the private one when there is one). */
  private async updatePlaceholderService(route: Route, svc: KubeService, ingress: Ingress): Promise<void> {
    const lb = ingress.status?.privateLoadBalancer ?? ingress.status?.publicLoadBalancer;
    const target = lb?.ingress?.[0];
    const externalName = target?.domainInternal || target?.domain;
    if (!externalName) return; // the load balancer is not known yet: nothing to point at
    const want = makePlaceholderService(route, externalName);
    if (!semanticEqual(svc.spec, want.spec)) await this.client.update({ ...svc, spec: want.spec });
  }
}
