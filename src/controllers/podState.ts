import { isConditionTrue } from "./conditions.ts";
import { isDeleting } from "./controllerRef.ts";
import type { Pod } from "./workloadObjects.ts";

/**
 * How the workload controllers classify pods, following `k8s.io/kubernetes/pkg/controller` and
 * `podutil`: a pod is ready when its `Ready` condition is `True`, and active while it is neither
 * finished nor being deleted.
 */

/** Whether the pod's `Ready` condition is `True` (`podutil.IsPodReady`). */
export function isPodReady(pod: Pod): boolean {
  return isConditionTrue(pod.status?.conditions, "Ready");
}

/** Whether the pod has finished (phase `Succeeded` or `Failed`). */
export function isPodFinished(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase === "Succeeded" || phase === "Failed";
}

/** Whether the pod counts towards a controller's replicas: not finished, not being deleted (`controller.IsPodActive`). */
export function isPodActive(pod: Pod): boolean {
  return !isPodFinished(pod) && !isDeleting(pod);
}

/** Whether the pod is `Running` and `Ready`, what a StatefulSet waits for before its next ordinal. */
export function isPodRunningAndReady(pod: Pod): boolean {
  return pod.status?.phase === "Running" && isPodReady(pod);
}
