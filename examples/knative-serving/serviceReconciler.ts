import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { isControlledBy } from "./controllerRef.ts";
import { GenReconciler } from "./genReconciler.ts";
import { makeConfiguration } from "./resources/configuration.ts";
import { makeRoute } from "./resources/route.ts";
import { names } from "./resourceNames.ts";
import { semanticEqual } from "./semanticEqual.ts";
import { SERVING_API_VERSION, type Configuration, type KnativeService, type Route, type TrafficTarget } from "./types.ts";

/** `serviceCondSet`: a Service is Ready when its Configuration and its Route are. */
export const SERVICE_CONDITIONS = new ConditionSet(["ConfigurationsReady", "RoutesReady"]);

/**
 * `pkg/reconciler/service`: keeps a Service's Configuration and Route (both named like it, both
 * controlled by it) equal to what its spec asks for, and mirrors their status into its own:
 * `latestCreatedRevisionName`/`latestReadyRevisionName` from the Configuration, `url`/`address`/
 * `traffic` from the Route, `ConfigurationsReady`/`RoutesReady` from their Ready conditions — but
 * only once each child has observed its latest generation, and RoutesReady only once the Route
 * actually sends the traffic to the Configuration's latest ready revision.
 */
export class ServiceReconciler extends GenReconciler<KnativeService> {
  protected readonly apiVersion = SERVING_API_VERSION;
  protected readonly kind = "Service";
  protected readonly conditionSet = SERVICE_CONDITIONS;

  protected async reconcileKind(service: KnativeService, conditions: ConditionManager): Promise<void> {
    const status = service.status!;
    const config = await this.configuration(service, conditions);
    if (config.metadata.generation !== (config.status?.observedGeneration ?? 0)) {
      conditions.markUnknown("ConfigurationsReady", "OutOfDate", "The Configuration is still working to reflect the latest desired specification.");
    } else {
      status.latestReadyRevisionName = config.status?.latestReadyRevisionName;
      status.latestCreatedRevisionName = config.status?.latestCreatedRevisionName;
      propagate(conditions, "ConfigurationsReady", config.status?.conditions?.find((c) => c.type === "Ready"));
    }

    const route = await this.route(service, conditions);
    if (route.metadata.generation !== (route.status?.observedGeneration ?? 0)) {
      conditions.markUnknown("RoutesReady", "OutOfDate", "The Route is still working to reflect the latest desired specification.");
    } else {
      status.url = route.status?.url;
      status.address = route.status?.address;
      status.traffic = route.status?.traffic;
      propagate(conditions, "RoutesReady", route.status?.conditions?.find((c) => c.type === "Ready"));
    }
    checkRoutesNotReady(config, route, conditions);
  }

  private async configuration(service: KnativeService, conditions: ConditionManager): Promise<Configuration> {
    const name = names.configuration(service.metadata.name);
    const existing = await this.getIfExists<Configuration>({ apiVersion: SERVING_API_VERSION, kind: "Configuration", namespace: service.metadata.namespace, name });
    const desired = makeConfiguration(service);
    if (!existing) return this.client.create(desired);
    if (!isControlledBy(existing, service)) {
      conditions.markFalse("ConfigurationsReady", "NotOwned", `There is an existing Configuration "${name}" that we do not own.`);
      throw new Error(`service: "${service.metadata.name}" does not own configuration: "${name}"`);
    }
    if (sameDesiredState(existing, desired)) return existing;
    return this.client.update({ ...existing, spec: desired.spec, metadata: { ...existing.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations } });
  }

  private async route(service: KnativeService, conditions: ConditionManager): Promise<Route> {
    const name = names.route(service.metadata.name);
    const existing = await this.getIfExists<Route>({ apiVersion: SERVING_API_VERSION, kind: "Route", namespace: service.metadata.namespace, name });
    const desired = makeRoute(service);
    if (!existing) return this.client.create(desired);
    if (!isControlledBy(existing, service)) {
      conditions.markFalse("RoutesReady", "NotOwned", `There is an existing Route "${name}" that we do not own.`);
      throw new Error(`service: "${service.metadata.name}" does not own route: "${name}"`);
    }
    if (sameDesiredState(existing, desired)) return existing;
    return this.client.update({ ...existing, spec: desired.spec, metadata: { ...existing.metadata, labels: desired.metadata.labels, annotations: desired.metadata.annotations } });
  }
}

/** Spec, labels and annotations are what the Service reconciler owns on its children. */
function sameDesiredState(have: Configuration | Route, want: Configuration | Route): boolean {
  return semanticEqual(have.spec, want.spec) && semanticEqual(have.metadata.labels, want.metadata.labels) && semanticEqual(have.metadata.annotations, want.metadata.annotations);
}

/** PropagateConfigurationStatus / PropagateRouteStatus: a child's Ready becomes one of our conditions. */
function propagate(conditions: ConditionManager, type: string, ready: { status: string; reason?: string; message?: string } | undefined): void {
  if (!ready) return;
  if (ready.status === "True") conditions.markTrue(type);
  else if (ready.status === "False") conditions.markFalse(type, ready.reason ?? "", ready.message ?? "");
  else conditions.markUnknown(type, ready.reason ?? "", ready.message ?? "");
}

/**
 * `checkRoutesNotReady`: RoutesReady stays Unknown (`TrafficNotMigrated`) until the Route's
 * status traffic equals its spec traffic with the Configuration resolved to its latest ready
 * revision (ignoring `url` and `latestRevision`).
 */
function checkRoutesNotReady(config: Configuration, route: Route, conditions: ConditionManager): void {
  const notMigrated = () => conditions.markUnknown("RoutesReady", "TrafficNotMigrated", "Traffic is not yet migrated to the latest revision.");
  const want = route.spec.traffic ?? [];
  const got = route.status?.traffic ?? [];
  if (want.length !== got.length) return notMigrated();
  const comparable = (t: TrafficTarget) => ({ tag: t.tag, revisionName: t.revisionName, configurationName: t.configurationName, percent: t.percent });
  const resolved = want.map((t) =>
    t.configurationName === config.metadata.name ? { ...t, revisionName: config.status?.latestReadyRevisionName, configurationName: undefined } : t,
  );
  if (!semanticEqual(got.map(comparable), resolved.map(comparable))) notMigrated();
}
