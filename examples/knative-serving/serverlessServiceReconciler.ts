import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { isControlledBy } from "./controllerRef.ts";
import { GenReconciler } from "./genReconciler.ts";
import { fakeSha256 } from "./imageDigest.ts";
import { filterSubsetPorts, makePrivateService, makePublicEndpoints, makePublicService, readyAddressCount } from "./resources/sksServices.ts";
import { names } from "./resourceNames.ts";
import { semanticEqual } from "./semanticEqual.ts";
import { NETWORKING_API_VERSION, type Deployment, type EndpointSubset, type Endpoints, type KubeService, type ServerlessService } from "./types.ts";

/** `serverlessServiceCondSet`: Ready when the public endpoints are populated (ActivatorEndpointsPopulated is informational). */
export const SERVERLESS_SERVICE_CONDITIONS = new ConditionSet(["EndpointsPopulated"]);

/** Where the activator's endpoints live (`system.Namespace()`, `networking.ActivatorServiceName`). */
export const ACTIVATOR_NAMESPACE = "knative-serving";
export const ACTIVATOR_SERVICE = "activator-service";

/**
 * `subsetEndpoints`: at most `n` of the activator's addresses for one SKS. The real controller
 * picks them by consistent hashing on the SKS name; the model ranks them by a hash of name and address.
 */
function subsetEndpoints(activator: Endpoints, sksName: string, n: number): EndpointSubset[] {
  const subsets = activator.subsets ?? [];
  const total = subsets.reduce((k, s) => k + (s.addresses?.length ?? 0), 0);
  if (n <= 0 || n >= total) return subsets;
  const chosen = new Set(
    subsets
      .flatMap((s) => (s.addresses ?? []).map((a) => a.ip))
      .sort((a, b) => (fakeSha256(`${sksName}/${a}`) < fakeSha256(`${sksName}/${b}`) ? -1 : 1))
      .slice(0, n),
  );
  return subsets.map((s) => ({ ...s, addresses: (s.addresses ?? []).filter((a) => chosen.has(a.ip)) })).filter((s) => s.addresses.length > 0);
}

/**
 * `pkg/reconciler/serverlessservice`: gives a revision its two Kubernetes Services — the private
 * `<sks>-private` selecting the pods (its Endpoints come from the Endpoints controller), and the
 * public one named like the SKS, whose Endpoints the SKS writes itself: the pods' addresses in
 * Serve mode when any are ready, the activator's otherwise. EndpointsPopulated (and so Ready)
 * is True once the private Service has a ready address.
 */
export class ServerlessServiceReconciler extends GenReconciler<ServerlessService> {
  protected readonly apiVersion = NETWORKING_API_VERSION;
  protected readonly kind = "ServerlessService";
  protected readonly conditionSet = SERVERLESS_SERVICE_CONDITIONS;

  protected async reconcileKind(sks: ServerlessService, conditions: ConditionManager): Promise<void> {
    await this.reconcilePrivateService(sks, conditions);
    await this.reconcilePublicService(sks, conditions);
    await this.reconcilePublicEndpoints(sks, conditions);
  }

  private async reconcilePrivateService(sks: ServerlessService, conditions: ConditionManager): Promise<void> {
    const { namespace } = sks.metadata;
    const target = await this.client.get<Deployment>({ apiVersion: sks.spec.objectRef.apiVersion, kind: sks.spec.objectRef.kind, namespace, name: sks.spec.objectRef.name });
    const selector = target.spec.selector.matchLabels;
    const name = names.privateService(sks.metadata.name);
    const svc = await this.getIfExists<KubeService>({ apiVersion: "v1", kind: "Service", namespace, name });
    const tmpl = makePrivateService(sks, selector);
    if (!svc) {
      conditions.markUnknown("EndpointsPopulated", "CreatingPrivateService", "K8s Service is not ready");
      await this.client.create(tmpl);
    } else if (!isControlledBy(svc, sks)) {
      conditions.markFalse("EndpointsPopulated", "NotOwned", `There is an existing placeholder Service "${name}" that we do not own.`);
      throw new Error(`SKS: ${sks.metadata.name} does not own Service: ${name}`);
    } else {
      // The SKS owns only the ports and the selector of the spec.
      const want = { ...svc.spec, ports: tmpl.spec.ports, selector: tmpl.spec.selector };
      if (!semanticEqual(svc.spec, want)) {
        conditions.markUnknown("EndpointsPopulated", "UpdatingPrivateService", "K8s Service is not ready");
        await this.client.update({ ...svc, spec: want });
      }
    }
    sks.status!.privateServiceName = name;
  }

  private async reconcilePublicService(sks: ServerlessService, conditions: ConditionManager): Promise<void> {
    const { namespace } = sks.metadata;
    const name = names.publicService(sks.metadata.name);
    const svc = await this.getIfExists<KubeService>({ apiVersion: "v1", kind: "Service", namespace, name });
    const tmpl = makePublicService(sks);
    if (!svc) {
      conditions.markUnknown("EndpointsPopulated", "CreatingPublicService", "K8s Service is not ready");
      await this.client.create(tmpl);
    } else if (!isControlledBy(svc, sks)) {
      conditions.markFalse("EndpointsPopulated", "NotOwned", `There is an existing placeholder Service "${name}" that we do not own.`);
      throw new Error(`SKS: ${sks.metadata.name} does not own Service: ${name}`);
    } else {
      const { selector: _none, ...rest } = svc.spec;
      const want = { ...rest, ports: tmpl.spec.ports };
      if (!semanticEqual(svc.spec, want)) await this.client.update({ ...svc, spec: want });
    }
    sks.status!.serviceName = name;
  }

  private async reconcilePublicEndpoints(sks: ServerlessService, conditions: ConditionManager): Promise<void> {
    const { namespace } = sks.metadata;
    const activator = await this.client.get<Endpoints>({ apiVersion: "v1", kind: "Endpoints", namespace: ACTIVATOR_NAMESPACE, name: ACTIVATOR_SERVICE });
    // The real reconciler fails (and retries) while the private Endpoints do not exist yet; the
    // model reads that as "no ready pods", which leads to the same writes without retry self-loops.
    const privateEps = await this.getIfExists<Endpoints>({ apiVersion: "v1", kind: "Endpoints", namespace, name: sks.status!.privateServiceName! });
    const privateReady = readyAddressCount(privateEps);
    const source = sks.spec.mode === "Serve" && privateReady > 0 ? privateEps!.subsets : subsetEndpoints(activator, sks.metadata.name, sks.spec.numActivators);
    const name = names.publicService(sks.metadata.name);
    const eps = await this.getIfExists<Endpoints>({ apiVersion: "v1", kind: "Endpoints", namespace, name });
    if (!eps) {
      conditions.markUnknown("EndpointsPopulated", "CreatingPublicEndpoints", "K8s Service is not ready");
      await this.client.create(makePublicEndpoints(sks, source));
    } else if (!isControlledBy(eps, sks)) {
      conditions.markFalse("EndpointsPopulated", "NotOwned", `There is an existing placeholder Endpoints "${name}" that we do not own.`);
      throw new Error(`SKS: ${sks.metadata.name} does not own Endpoints: ${name}`);
    } else {
      const wantSubsets = filterSubsetPorts(source);
      if (!semanticEqual(wantSubsets, eps.subsets)) await this.client.update({ ...eps, subsets: wantSubsets });
    }
    if (privateReady > 0) conditions.markTrue("EndpointsPopulated");
    else conditions.markUnknown("EndpointsPopulated", "NoHealthyBackends", "K8s Service is not ready");
    if (privateReady === 0 || sks.spec.mode === "Proxy") {
      conditions.setCondition({ type: "ActivatorEndpointsPopulated", status: "True", severity: "Info", reason: "ActivatorEndpointsPopulated", message: "Revision is backed by Activator" });
    } else {
      conditions.setCondition({ type: "ActivatorEndpointsPopulated", status: "False", severity: "Info", reason: "ActivatorEndpointsPopulated", message: "Revision is backed by Activator" });
    }
    sks.status!.serviceName = name;
  }
}
