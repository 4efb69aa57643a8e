import type { KubeObject } from "../../src/index.ts";
import { AUTOSCALER_CONFIG_MAP, parseAutoscalerConfig, type AutoscalerConfig } from "./autoscalerConfig.ts";
import { ConditionSet, type ConditionManager } from "./conditionSet.ts";
import { isControlledBy } from "./controllerRef.ts";
import { GenReconciler } from "./genReconciler.ts";
import { INITIAL_SCALE } from "./resources/deployment.ts";
import { KPA_CLASS } from "./resources/podAutoscaler.ts";
import { makeServerlessService } from "./resources/serverlessService.ts";
import { names } from "./resourceNames.ts";
import { semanticEqual } from "./semanticEqual.ts";
import {
  ANNOTATION,
  AUTOSCALING_API_VERSION,
  LABEL,
  NETWORKING_API_VERSION,
  type Deployment,
  type Pod,
  type PodAutoscaler,
  type ServerlessService,
  type ServerlessServiceSpec,
} from "./types.ts";

/** `podCondSet`: a PodAutoscaler is Ready when Active, its scale target initialized and its SKS ready. */
export const POD_AUTOSCALER_CONDITIONS = new ConditionSet(["Active", "ScaleTargetInitialized", "SKSReady"]);

/** Scale not yet known (no decision from the autoscaler). */
const SCALE_UNKNOWN = -1;
/** The activators an SKS starts with (`minActivators`). */
const MIN_ACTIVATORS = 2;

/** `computeNumActivators`: enough activators to absorb the burst capacity the ready pods cannot. */
function numActivators(readyPods: number, cfg: AutoscalerConfig): number {
  if (cfg.targetBurstCapacity === 0) return MIN_ACTIVATORS;
  return Math.max(MIN_ACTIVATORS, Math.ceil((readyPods * cfg.containerConcurrencyTargetDefault + cfg.targetBurstCapacity) / cfg.activatorCapacity));
}

/**
 * The decider's excess burst capacity: what the ready pods can absorb beyond the target burst
 * capacity (no requests in flight in the model). With a target burst capacity of 0 it is 0, so
 * the activator only fronts a revision without ready pods.
 */
function excessBurstCapacity(readyPods: number, cfg: AutoscalerConfig): number {
  if (cfg.targetBurstCapacity === 0) return 0;
  return Math.floor(readyPods * cfg.containerConcurrencyTargetDefault - cfg.targetBurstCapacity);
}

/** `PodAccessor.PodCountsByState`'s ready count: running, Ready and not terminating. */
function isReadyPod(p: Pod): boolean {
  return !p.metadata.deletionTimestamp && p.status?.phase === "Running" && (p.status.conditions ?? []).some((c) => c.type === "Ready" && c.status === "True");
}

/**
 * `pkg/reconciler/autoscaling/kpa`: for a PodAutoscaler of the KPA class, creates its
 * ServerlessService, scales the Deployment to what the autoscaler decides, puts the activator in
 * the request path while the revision's pods cannot absorb the target burst capacity read from
 * config-autoscaler (SKS mode Proxy; with one pod and the default of 200 that is always the
 * case, with 0 only until a pod is ready), and
 * reports desired and actual scale and the Active / ScaleTargetInitialized / SKSReady conditions.
 * The autoscaler's decision itself is modelled as the initial scale (no request metrics, no scale
 * to zero): see the README.
 */
export class PodAutoscalerReconciler extends GenReconciler<PodAutoscaler> {
  protected readonly apiVersion = AUTOSCALING_API_VERSION;
  protected readonly kind = "PodAutoscaler";
  protected readonly conditionSet = POD_AUTOSCALER_CONDITIONS;

  protected override accepts(pa: PodAutoscaler): boolean {
    return pa.metadata.annotations?.[ANNOTATION.autoscalingClass] === KPA_CLASS;
  }

  protected async reconcileKind(pa: PodAutoscaler, conditions: ConditionManager): Promise<void> {
    const status = pa.status!;
    const sks = await this.getIfExists<ServerlessService>(this.sksRef(pa));
    if (!sks?.status?.privateServiceName) {
      // No private service yet: start the SKS serving directly, and wait.
      await this.reconcileSKS(pa, conditions, "Serve", MIN_ACTIVATORS, sks);
      conditions.markUnknown("SKSReady", "NotReady", "No Private Service Name");
      this.computeStatus(pa, conditions, SCALE_UNKNOWN, 0);
      return;
    }
    status.metricsServiceName = sks.status.privateServiceName;
    const cfg = parseAutoscalerConfig(await this.getIfExists<KubeObject>({ apiVersion: "v1", kind: "ConfigMap", ...AUTOSCALER_CONFIG_MAP }));
    const want = await this.scale(pa, INITIAL_SCALE);
    const ready = await this.readyPods(pa);
    const mode = want === 0 || excessBurstCapacity(ready, cfg) < 0 ? "Proxy" : "Serve";
    const current = await this.reconcileSKS(pa, conditions, mode, numActivators(ready, cfg), sks);
    status.serviceName = current.status?.serviceName;
    const sksReady = current.status?.conditions?.find((c) => c.type === "Ready");
    if (sksReady?.status === "True") conditions.markTrue("SKSReady");
    else conditions.markUnknown("SKSReady", "NotReady", sksReady?.message ?? "");
    this.computeStatus(pa, conditions, want, ready);
  }

  private sksRef(pa: PodAutoscaler) {
    return { apiVersion: NETWORKING_API_VERSION, kind: "ServerlessService", namespace: pa.metadata.namespace, name: names.serverlessService(pa.metadata.name) };
  }

  /** `Base.ReconcileSKS`: create the SKS (`sks`, as read from the cache, is undefined), or bring its spec to the wanted mode and activator count. */
  private async reconcileSKS(
    pa: PodAutoscaler,
    conditions: ConditionManager,
    mode: ServerlessServiceSpec["mode"],
    activators: number,
    sks: ServerlessService | undefined,
  ): Promise<ServerlessService> {
    const want = makeServerlessService(pa, mode, activators);
    if (!sks) {
      await this.client.create(want);
      return want;
    }
    if (!isControlledBy(sks, pa)) {
      conditions.markFalse("Active", "NotOwned", `There is an existing ServerlessService "${sks.metadata.name}" that we do not own.`);
      throw new Error(`PA: ${pa.metadata.name} does not own SKS: ${sks.metadata.name}`);
    }
    if (semanticEqual(want.spec, sks.spec)) return sks;
    return this.client.update({ ...sks, spec: want.spec });
  }

  /** The scaler: apply the autoscaler's decision to the Deployment's replicas when they differ. */
  private async scale(pa: PodAutoscaler, desired: number): Promise<number> {
    const ref = { apiVersion: pa.spec.scaleTargetRef.apiVersion, kind: pa.spec.scaleTargetRef.kind, namespace: pa.metadata.namespace, name: pa.spec.scaleTargetRef.name };
    const target = await this.client.get<Deployment>(ref);
    const current = target.spec.replicas ?? 1;
    if (current !== desired) await this.client.patch(ref, [{ op: "replace", path: "/spec/replicas", value: desired }], "json");
    return desired;
  }

  private async readyPods(pa: PodAutoscaler): Promise<number> {
    const revision = pa.metadata.labels?.[LABEL.revision] ?? pa.metadata.name;
    const pods = await this.client.list<Pod>("v1", "Pod", { namespace: pa.metadata.namespace, labelSelector: `${LABEL.revision}=${revision}` });
    return pods.filter(isReadyPod).length;
  }

  /** `computeStatus` / `computeActiveCondition`, for the minimum of one ready pod (no min-scale). */
  private computeStatus(pa: PodAutoscaler, conditions: ConditionManager, want: number, ready: number): void {
    const status = pa.status!;
    status.desiredScale = want;
    status.actualScale = ready;
    const minReady = 1;
    if (ready >= minReady && status.serviceName) conditions.markTrue("ScaleTargetInitialized");
    const inactive = conditions.get("Active")?.status === "False";
    if (want === 0) {
      conditions.markFalse("Active", "NoTraffic", "The target is not receiving traffic.");
    } else if (ready < minReady) {
      if (want > 0 || !inactive) conditions.markUnknown("Active", "Queued", "Requests to the target are being buffered as resources are provisioned.");
      else conditions.markFalse("Active", "NoTraffic", "The target is not receiving traffic.");
    } else if (want > 0 || !inactive) {
      conditions.markTrue("Active");
    }
  }
}
