import type { WriteTransaction } from "../apiserver/writeTransaction.ts";
import type { KindRegistry } from "../kinds.ts";
import { jsonEqual } from "../objects/jsonEqual.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/** The finalizer (in `spec.finalizers`) the namespace controller removes once a namespace's content is gone. */
export const NAMESPACE_FINALIZER = "kubernetes";

export const NAMESPACE_KIND = "core/Namespace";

/** A namespace condition as the namespace controller writes it. */
export interface NamespaceCondition {
  type: string;
  status: "True" | "False";
  lastTransitionTime?: string;
  reason: string;
  message: string;
}

/**
 * The condition types the namespace controller maintains on a namespace being deleted, in its order,
 * with the reason and message it writes when nothing failed (`status_condition_utils.go`).
 */
const SUCCESSFUL: readonly Omit<NamespaceCondition, "lastTransitionTime">[] = [
  { type: "NamespaceDeletionDiscoveryFailure", status: "False", reason: "ResourcesDiscovered", message: "All resources successfully discovered" },
  { type: "NamespaceDeletionGroupVersionParsingFailure", status: "False", reason: "ParsedGroupVersions", message: "All legacy kube types successfully parsed" },
  { type: "NamespaceDeletionContentFailure", status: "False", reason: "ContentDeleted", message: "All content successfully deleted, may be waiting on finalization" },
  { type: "NamespaceContentRemaining", status: "False", reason: "ContentRemoved", message: "All content successfully removed" },
  { type: "NamespaceFinalizersRemaining", status: "False", reason: "ContentHasNoFinalizers", message: "All content-preserving finalizers finished" },
];

export function specFinalizersOf(ns: KubeObject): readonly unknown[] {
  const f = (ns as { spec?: { finalizers?: unknown } }).spec?.finalizers;
  return Array.isArray(f) ? f : [];
}

function conditionsOf(ns: KubeObject): NamespaceCondition[] {
  const c = (ns.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(c) ? (c as NamespaceCondition[]) : [];
}

/** `<plural>.<group>`, as the controller names a resource in its messages (`configmaps.`, `deployments.apps`). */
function resourceName(kinds: KindRegistry, kind: string): string {
  const info = kinds.info(kind);
  const plural = info.group ? info.resource.slice(0, info.resource.length - info.group.length - 1) : info.resource;
  return `${plural}.${info.group}`;
}

/**
 * The namespace's conditions after a pass that left `remaining` (objects still in it, by kind) with
 * `finalizers` (how many of them each finalizer holds), as `updateConditions` sets them: a condition
 * whose status changes gets `at` as its transition time, one that only changes its reason or message
 * keeps its time, and conditions of other types stay.
 */
function updatedConditions(ns: KubeObject, remaining: ReadonlyMap<string, number>, finalizers: ReadonlyMap<string, number>, at: string): NamespaceCondition[] {
  const wanted = SUCCESSFUL.map((c) => ({ ...c }));
  if (remaining.size > 0) {
    const parts = [...remaining].map(([resource, n]) => `${resource} has ${n} resource instances`).sort();
    wanted[3] = { type: "NamespaceContentRemaining", status: "True", reason: "SomeResourcesRemain", message: `Some resources are remaining: ${parts.join(", ")}` };
  }
  if (finalizers.size > 0) {
    const parts = [...finalizers].map(([f, n]) => `${f} in ${n} resource instances`).sort();
    wanted[4] = {
      type: "NamespaceFinalizersRemaining",
      status: "True",
      reason: "SomeFinalizersRemain",
      message: `Some content in the namespace has finalizers remaining: ${parts.join(", ")}`,
    };
  }
  const conditions = conditionsOf(ns).map((c) => ({ ...c }));
  for (const w of wanted) {
    const old = conditions.find((c) => c.type === w.type);
    if (old === undefined) conditions.push({ type: w.type, status: w.status, lastTransitionTime: at, reason: w.reason, message: w.message });
    else {
      if (old.status !== w.status) old.lastTransitionTime = at;
      old.status = w.status;
      old.reason = w.reason;
      old.message = w.message;
    }
  }
  return conditions;
}

/**
 * The namespace controller (`namespaced_resources_deleter.go`), run to completion inside a write:
 * every namespace being deleted that still has `NAMESPACE_FINALIZER` in `spec.finalizers` is
 * `Terminating`; each namespaced object in it not yet being deleted is deleted as the controller's
 * delete collection does (background propagation; an object's own finalizers keep it, with a
 * deletionTimestamp); the namespace's deletion conditions then say what remains (by resource, and
 * by finalizer); and once nothing remains the finalizer is removed through the finalize
 * subresource, so the namespace goes (unless `metadata.finalizers` keep it). Running it after every
 * write finishes what an object's last finalizer held up, and deletes what was created in the
 * namespace meanwhile (by a controller), as the real controller's requeue does.
 *
 * `finalize` removes the finalizer as `PUT .../finalize` does (`NamespaceStrategyTransaction.finalize`).
 *
 * @example
 * ```ts
 * cleanUpDeletedNamespaces(txn, kinds, "2026-01-01T00:00:00Z", (ns, f) => txn.finalize(ns, f));
 * // DELETED for each config map in the namespace, MODIFIED (conditions), DELETED for the namespace
 * ```
 */
export function cleanUpDeletedNamespaces(
  txn: WriteTransaction,
  kinds: KindRegistry,
  at: string,
  finalize: (ns: KubeObject, finalizers: readonly unknown[]) => void,
): void {
  for (const ns of txn.world().list(NAMESPACE_KIND)) {
    if (ns.metadata?.deletionTimestamp === undefined || !specFinalizersOf(ns).includes(NAMESPACE_FINALIZER)) continue;
    const name = ns.metadata.name!;
    let current = ns;
    if ((ns.status as { phase?: unknown } | undefined)?.phase !== "Terminating") {
      current = txn.updateStatus({ ...current, status: { ...(current.status as Record<string, unknown> | undefined), phase: "Terminating" } });
    }
    const contentKinds = () => txn.world().kinds().filter((k) => kinds.info(k).scope === "Namespaced").sort();
    for (const kind of contentKinds()) {
      for (const obj of txn.world().list(kind)) {
        if (obj.metadata?.namespace === name && obj.metadata.deletionTimestamp === undefined) txn.delete(obj, { propagationPolicy: "Background" });
      }
    }
    const remaining = new Map<string, number>();
    const finalizers = new Map<string, number>();
    for (const kind of contentKinds()) {
      const left = txn.world().list(kind).filter((o) => o.metadata?.namespace === name);
      if (left.length === 0) continue;
      remaining.set(resourceName(kinds, kind), left.length);
      for (const o of left) for (const f of o.metadata?.finalizers ?? []) finalizers.set(f, (finalizers.get(f) ?? 0) + 1);
    }
    const conditions = updatedConditions(current, remaining, finalizers, at);
    if (!jsonEqual(conditions, conditionsOf(current))) {
      current = txn.updateStatus({ ...current, status: { ...(current.status as Record<string, unknown> | undefined), conditions } });
    }
    if (remaining.size > 0) continue;
    finalize(current, specFinalizersOf(current).filter((f) => f !== NAMESPACE_FINALIZER));
  }
}
