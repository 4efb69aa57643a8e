import type { World } from "../apiserver/world.ts";
import type { WriteTransaction } from "../apiserver/writeTransaction.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { acceptedNames, conditionsOf, crdCondition, isEstablished, setCondition, type CrdCondition } from "./crdNaming.ts";
import { CRD_KIND } from "./resourceCatalog.ts";

/** The finalizer the first delete of a CustomResourceDefinition adds; it goes when no instance remains. */
export const CRD_CLEANUP_FINALIZER = "customresourcecleanup.apiextensions.k8s.io";

/** The condition apiextensions' REST delete sets when it marks a definition for deletion. */
export const DELETION_PENDING: CrdCondition = {
  type: "Terminating",
  status: "True",
  reason: "InstanceDeletionPending",
  message: "CustomResourceDefinition marked for deletion; CustomResource deletion will begin soon",
};

const DELETION_IN_PROGRESS: CrdCondition = {
  type: "Terminating",
  status: "True",
  reason: "InstanceDeletionInProgress",
  message: "CustomResource deletion is in progress",
};

/** The definition with `condition` set in its status (`SetCRDCondition`). */
export function withCondition(crd: KubeObject, condition: CrdCondition, at: string): KubeObject {
  const status = (crd.status as Record<string, unknown> | undefined) ?? {};
  return { ...crd, status: { ...status, conditions: setCondition(conditionsOf(crd), condition, at) } };
}

/** Whether the definition is being deleted: `Terminating=True`, the condition the real server's handlers and discovery go by. */
export function isTerminating(crd: KubeObject): boolean {
  return crdCondition(crd, "Terminating")?.status === "True";
}

function groupOf(crd: KubeObject): string {
  const group = (crd as { spec?: { group?: unknown } }).spec?.group;
  return typeof group === "string" ? group : "";
}

/** The canonical kind the definition's objects are stored under (its accepted kind). */
function servedKind(crd: KubeObject): string {
  return `${groupOf(crd)}/${acceptedNames(crd).kind}`;
}

/**
 * The definition, `Terminating`, that serves objects of this apiVersion and kind, if any: the real
 * server refuses to create them (`crdHandler` answers 405 while a definition terminates).
 */
export function terminatingDefinitionOf(world: World, apiVersion: string, kind: string): KubeObject | undefined {
  const slash = apiVersion.indexOf("/");
  if (slash < 0) return undefined;
  const group = apiVersion.slice(0, slash);
  return world.list(CRD_KIND).find((crd) => isTerminating(crd) && isEstablished(crd) && groupOf(crd) === group && acceptedNames(crd).kind === kind);
}

/**
 * apiextensions' finalizer controller (`crd_finalizer.go`), run to completion inside a write: every
 * definition being deleted that still has `CRD_CLEANUP_FINALIZER` is marked `Terminating`
 * (`InstanceDeletionInProgress`), each of its instances not yet being deleted is deleted as a
 * delete without options would (an instance's own finalizers keep it, with a deletionTimestamp),
 * and once none remains the finalizer is removed, so the definition goes (unless other finalizers
 * keep it). Running it after every write finishes what an instance's last finalizer held up, and
 * deletes what was created (by server-side apply) while the definition terminated, as the real
 * controller's requeue does. A definition never established has no instances to delete. The
 * real controller's last status write (`InstanceDeletionCompleted`) removes the definition, so no
 * watch sees it; it is not written.
 *
 * @example
 * ```ts
 * cleanUpDeletedCrds(txn, "2026-01-01T00:00:00Z"); // DELETED for each widget, then for widgets.example.com
 * ```
 */
export function cleanUpDeletedCrds(txn: WriteTransaction, at: string): void {
  for (const crd of txn.world().list(CRD_KIND)) {
    if (crd.metadata?.deletionTimestamp === undefined || !(crd.metadata.finalizers ?? []).includes(CRD_CLEANUP_FINALIZER)) continue;
    let current = crd;
    if (isEstablished(crd)) {
      const terminating = crdCondition(crd, "Terminating");
      if (terminating?.status !== "True" || terminating.reason !== DELETION_IN_PROGRESS.reason) {
        current = txn.updateStatus(withCondition(crd, DELETION_IN_PROGRESS, at));
      }
      const kind = servedKind(crd);
      for (const obj of txn.world().list(kind)) {
        if (obj.metadata?.deletionTimestamp === undefined) txn.delete(obj);
      }
      if (txn.world().list(kind).length > 0) continue;
    }
    const finalizers = (current.metadata!.finalizers ?? []).filter((f) => f !== CRD_CLEANUP_FINALIZER);
    txn.update({ ...current, metadata: { ...current.metadata, finalizers } });
  }
}
