import { isPodReady } from "./podState.ts";
import type { Pod } from "./workloadObjects.ts";

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function restarts(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n, c) => n + (typeof c.restartCount === "number" ? c.restartCount : 0), 0);
}

/**
 * Orders pods the way a ReplicaSet or Job picks which to delete first when it has too many
 * (`controller.ActivePods`): unscheduled before scheduled, Pending before Unknown before Running,
 * not ready before ready, more restarts before fewer. The real last tie-breaker is "newest
 * first" by creation time; creation times depend on the path taken, so ties are broken by name.
 *
 * @example
 * ```ts
 * const victims = [...pods].sort(deletionOrder).slice(0, surplus);
 * ```
 */
export function deletionOrder(a: Pod, b: Pod): number {
  const scheduled = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (scheduled(a) !== scheduled(b)) return scheduled(a) - scheduled(b);
  const phase = (p: Pod) => PHASE_RANK[p.status?.phase ?? "Pending"] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Pod) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (restarts(a) !== restarts(b)) return restarts(b) - restarts(a);
  const x = a.metadata?.name ?? "";
  const y = b.metadata?.name ?? "";
  return x < y ? -1 : x > y ? 1 : 0;
}
