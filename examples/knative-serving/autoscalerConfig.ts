import type { KubeObject } from "../../src/index.ts";

/** Where Knative keeps the autoscaler's settings. */
export const AUTOSCALER_CONFIG_MAP = { namespace: "knative-serving", name: "config-autoscaler" } as const;

/** The config-autoscaler settings the model's KPA uses. */
export interface AutoscalerConfig {
  /** `target-burst-capacity`: requests the revision must absorb beyond its pods' capacity before the activator leaves the path. */
  targetBurstCapacity: number;
  /** `container-concurrency-target-default`: a pod's capacity when the revision sets no concurrency limit. */
  containerConcurrencyTargetDefault: number;
  /** `activator-capacity`: what one activator absorbs. */
  activatorCapacity: number;
}

/** Knative's defaults, used for every key the ConfigMap leaves out (and when there is no ConfigMap). */
export const DEFAULT_AUTOSCALER_CONFIG: AutoscalerConfig = { targetBurstCapacity: 200, containerConcurrencyTargetDefault: 100, activatorCapacity: 100 };

function number(data: Record<string, string>, key: string, fallback: number, min: number): number {
  const raw = data[key];
  if (raw === undefined) return fallback;
  const v = Number(raw);
  if (raw.trim() === "" || !Number.isFinite(v) || v < min) {
    throw new Error(`config-autoscaler: ${key} must be a number >= ${min}, got ${JSON.stringify(raw)}`);
  }
  return v;
}

/**
 * Reads config-autoscaler as Knative's config parser does for the keys the model uses; a bad
 * value is an error naming the key (as the real controller refuses a bad ConfigMap).
 * `target-burst-capacity: -1` (activator always in the path) is not modelled and is refused.
 *
 * @example
 * ```ts
 * parseAutoscalerConfig({ data: { "target-burst-capacity": "0" } }).targetBurstCapacity; // 0
 * ```
 */
export function parseAutoscalerConfig(configMap: KubeObject | undefined): AutoscalerConfig {
  const data = (configMap?.data ?? {}) as Record<string, string>;
  const d = DEFAULT_AUTOSCALER_CONFIG;
  return {
    targetBurstCapacity: number(data, "target-burst-capacity", d.targetBurstCapacity, 0),
    containerConcurrencyTargetDefault: number(data, "container-concurrency-target-default", d.containerConcurrencyTargetDefault, 0.01),
    activatorCapacity: number(data, "activator-capacity", d.activatorCapacity, 1),
  };
}
