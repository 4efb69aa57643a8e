import { isNotFound } from "../apiserver/apiError.ts";
import type { Client, LabelSelector } from "../client/client.ts";
import type { KubeObject, OwnerReference } from "../objects/kubeObject.ts";
import { selectorMatches } from "./selectorMatch.ts";

/**
 * Controller references, and claiming objects by selector as the real workload controllers do
 * (`ControllerRefManager.ClaimObject`): a controller owns the objects whose controller reference
 * names its uid; it adopts orphans its selector matches and releases owned objects its selector
 * no longer matches. Objects controlled by someone else are never touched.
 */

/** The ownerReference with `controller: true`, if any. */
export function controllerRefOf(obj: KubeObject): OwnerReference | undefined {
  return obj.metadata?.ownerReferences?.find((r) => r.controller === true);
}

/** Whether `obj`'s controller reference names `owner` (by uid, as the garbage collector does). */
export function isControlledBy(obj: KubeObject, owner: KubeObject): boolean {
  const ref = controllerRefOf(obj);
  return ref !== undefined && owner.metadata?.uid !== undefined && ref.uid === owner.metadata.uid;
}

/**
 * The controller reference a controller puts on what it creates: `controller: true` and
 * `blockOwnerDeletion: true`, as `metav1.NewControllerRef` does.
 *
 * @example
 * ```ts
 * newControllerRef(rs); // { apiVersion: "apps/v1", kind: "ReplicaSet", name: "web-5d4f8", uid: "...", controller: true, blockOwnerDeletion: true }
 * ```
 */
export function newControllerRef(owner: KubeObject): OwnerReference {
  const meta = owner.metadata ?? {};
  if (!owner.apiVersion || !owner.kind || !meta.name || !meta.uid) {
    throw new Error(`cannot reference ${owner.kind ?? "object"} ${meta.name ?? "(unnamed)"} as an owner: it has no apiVersion, kind, name or uid (was it read back from the API server?)`);
  }
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: meta.name, uid: meta.uid, controller: true, blockOwnerDeletion: true };
}

/** Whether an object is being deleted (has a `deletionTimestamp`). */
export function isDeleting(obj: KubeObject): boolean {
  return obj.metadata?.deletionTimestamp !== undefined && obj.metadata.deletionTimestamp !== null;
}

/**
 * The subset of `candidates` that `owner` controls after claiming: owned objects still matched by
 * `selector`, plus orphans it adopts (one update each, adding its controller reference).
 * Owned objects the selector no longer matches are released (one update each, removing the
 * reference). An owner that is being deleted neither adopts nor releases. An object that vanished
 * meanwhile (`NotFound`) is skipped; any other write error is thrown, so the reconcile is retried.
 * The result keeps the order of `candidates`.
 */
export async function claimObjects<T extends KubeObject>(client: Client, owner: KubeObject, selector: LabelSelector, candidates: readonly T[]): Promise<T[]> {
  const claimed: T[] = [];
  const ownerDeleting = isDeleting(owner);
  for (const obj of candidates) {
    const ref = controllerRefOf(obj);
    const matches = selectorMatches(selector, obj.metadata?.labels);
    if (ref) {
      if (ref.uid !== owner.metadata?.uid) continue;
      if (matches || ownerDeleting) {
        claimed.push(obj);
        continue;
      }
      const metadata = { ...obj.metadata, ownerReferences: (obj.metadata?.ownerReferences ?? []).filter((r) => r.uid !== ref.uid) };
      // An empty list is omitted, as in the real JSON.
      if (metadata.ownerReferences.length === 0) delete (metadata as { ownerReferences?: unknown }).ownerReferences;
      await writeIgnoringNotFound(client, { ...obj, metadata });
      continue;
    }
    if (!matches || ownerDeleting || isDeleting(obj)) continue;
    const adopted = await writeIgnoringNotFound(client, {
      ...obj,
      metadata: { ...obj.metadata, ownerReferences: [...(obj.metadata?.ownerReferences ?? []), newControllerRef(owner)] },
    });
    if (adopted) claimed.push(adopted);
  }
  return claimed;
}

async function writeIgnoringNotFound<T extends KubeObject>(client: Client, obj: T): Promise<T | undefined> {
  try {
    return await client.update(obj);
  } catch (e) {
    if (isNotFound(e)) return undefined;
    throw e;
  }
}
