import { admitInitialObject } from "../apiserver/initialObject.ts";
import type { ServerMeta } from "../apiserver/serverMeta.ts";
import { emptyServerMeta } from "../apiserver/serverMeta.ts";
import { World } from "../apiserver/world.ts";
import { KameraError } from "../kameraError.ts";
import { kindOf, type KindRegistry } from "../kinds.ts";
import type { Hasher } from "../objects/hasher.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import { crdCondition, isEstablished } from "./crdNaming.ts";
import { CRD_KIND } from "./liveCluster.ts";
import { NAMESPACE_FINALIZER, NAMESPACE_KIND } from "./namespaceCleanup.ts";
import { setNameLabel } from "./namespaceStrategy.ts";
import { CrdShapeError, kindOptionsOf, resourceOfCrd } from "./resourceCatalog.ts";

/** The namespaces every served cluster has, as a fresh real cluster does. */
export const STANDARD_NAMESPACES = ["default", "kube-node-lease", "kube-public", "kube-system"] as const;

/**
 * A seeded namespace with what the namespace strategy sets on create filled in where it is missing:
 * `spec.finalizers` (the namespace controller's), and `status.phase` (`Terminating` when it is being
 * deleted). What is given is kept, so a saved state reloads as it was; except the name label, which
 * a real server sets on every write, so a stored namespace always has it.
 */
function withNamespaceDefaults(ns: KubeObject): KubeObject {
  const spec = (ns as { spec?: Record<string, unknown> }).spec;
  const status = ns.status as Record<string, unknown> | undefined;
  const metadata: Record<string, unknown> = { ...ns.metadata };
  setNameLabel(metadata, ns.metadata?.name ?? "");
  const out: Record<string, unknown> = { ...ns, metadata };
  if (spec?.finalizers === undefined) out.spec = { ...spec, finalizers: [NAMESPACE_FINALIZER] };
  if (status?.phase === undefined) out.status = { ...status, phase: ns.metadata?.deletionTimestamp === undefined ? "Active" : "Terminating" };
  return out as KubeObject;
}

/**
 * The world a served cluster starts from: the given objects admitted as an initial state
 * (metadata kept as given, what is missing filled in deterministically), CustomResourceDefinitions
 * first so that their kinds are declared before their objects, a namespaced object without a
 * namespace put in `default` (as kubectl does), and a Namespace object for the standard
 * namespaces and for every namespace an object is in (so creating more objects there works), each
 * namespace `Active` with the namespace controller's finalizer unless it says otherwise.
 * Two objects with the same identity are a `KameraError` naming them.
 */
export function seedWorld(kinds: KindRegistry, objects: readonly KubeObject[], hasher: Hasher, now: Date): { world: World; meta: ServerMeta } {
  const typed = objects.map((o, i) => {
    try {
      return { kind: kindOf(o), object: o };
    } catch (e) {
      throw new KameraError(`object #${i + 1}: ${(e as Error).message}`);
    }
  });
  for (const { kind, object } of typed) {
    // A definition saved while refused for a name another holds does not define its kind: that one does.
    if (kind !== CRD_KIND || (crdCondition(object, "Established") !== undefined && !isEstablished(object))) continue;
    try {
      const res = resourceOfCrd(object);
      kinds.declare(`${res.group}/${res.kind}`, kindOptionsOf(res));
    } catch (e) {
      if (e instanceof CrdShapeError) throw new KameraError(`CustomResourceDefinition ${object.metadata?.name ?? "(no name)"}: ${e.message}`);
      throw e;
    }
  }
  const ordered = [...typed.filter((t) => t.kind === CRD_KIND), ...typed.filter((t) => t.kind !== CRD_KIND)];
  const placed = ordered.map(({ kind, object }) => {
    if (kinds.info(kind).scope === "Namespaced" && !object.metadata?.namespace) {
      return { kind, object: { ...object, metadata: { ...object.metadata, namespace: "default" } } as KubeObject };
    }
    return { kind, object };
  });
  const namespaces = new Set<string>(STANDARD_NAMESPACES);
  for (const { object } of placed) if (object.metadata?.namespace) namespaces.add(object.metadata.namespace);
  const given = new Set(placed.filter((p) => p.kind === "core/Namespace").map((p) => p.object.metadata?.name));
  const implied = [...namespaces]
    .filter((n) => !given.has(n))
    .sort()
    .map((name) => ({ kind: "core/Namespace", object: { apiVersion: "v1", kind: "Namespace", metadata: { name } } as KubeObject }));

  let meta = emptyServerMeta();
  const admitted = new Map<string, [string, KubeObject]>();
  for (const { kind, object } of [...implied, ...placed]) {
    const a = admitInitialObject(kinds, kind === NAMESPACE_KIND ? withNamespaceDefaults(object) : object, meta, now, hasher);
    const ns = kinds.info(kind).scope === "Cluster" ? "" : (a.object.metadata?.namespace ?? "");
    const key = objectKeyString(kind, ns, a.object.metadata!.name!);
    if (admitted.has(key)) throw new KameraError(`the state has ${kind} ${ns ? `${ns}/` : ""}${a.object.metadata!.name} twice`);
    admitted.set(key, [kind, a.object]);
    meta = a.meta;
  }
  return { world: World.fromObjects(admitted.values()), meta };
}
