import type { KubeObject, OwnerReference } from "../../src/index.ts";

/**
 * `kmeta.NewControllerRef`: the ownerReference every Knative reconciler puts on what it creates,
 * marking `owner` as the controller and blocking the owner's foreground deletion.
 */
export function controllerRef(owner: KubeObject): OwnerReference {
  const m = owner.metadata;
  if (!owner.apiVersion || !owner.kind || !m?.name || !m.uid) {
    throw new Error(`cannot reference ${owner.kind ?? "an object"} ${m?.name ?? "(unnamed)"} as an owner: it has no apiVersion, kind, name or uid yet`);
  }
  return { apiVersion: owner.apiVersion, kind: owner.kind, name: m.name, uid: m.uid, controller: true, blockOwnerDeletion: true };
}

/** `metav1.IsControlledBy`: whether `child`'s controller reference points at `owner`'s uid. */
export function isControlledBy(child: KubeObject, owner: KubeObject): boolean {
  const uid = owner.metadata?.uid;
  return uid !== undefined && (child.metadata?.ownerReferences ?? []).some((r) => r.controller === true && r.uid === uid);
}
