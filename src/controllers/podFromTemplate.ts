import type { KubeObject, ObjectMeta } from "../objects/kubeObject.ts";
import { newControllerRef } from "./controllerRef.ts";
import type { Pod, PodTemplateSpec } from "./workloadObjects.ts";

/**
 * A pod built from a controller's pod template, as `controller.GetPodFromTemplate` builds it: the
 * template's labels, annotations and finalizers, its spec, and a controller reference to the
 * owner. Deep-copied, so later edits never reach the owner's template.
 *
 * @example
 * ```ts
 * const pod = podFromTemplate(rs.spec.template, rs, "web-5d4f8-bcdfg", "web-5d4f8-");
 * await client.create(pod);
 * ```
 */
export function podFromTemplate(template: PodTemplateSpec | undefined, owner: KubeObject, name: string, generateName?: string): Pod {
  const t = structuredClone(template ?? {});
  const meta: ObjectMeta = { name, namespace: owner.metadata?.namespace };
  if (generateName !== undefined) meta.generateName = generateName;
  if (t.metadata?.labels && Object.keys(t.metadata.labels).length > 0) meta.labels = t.metadata.labels;
  if (t.metadata?.annotations && Object.keys(t.metadata.annotations).length > 0) meta.annotations = t.metadata.annotations;
  if (t.metadata?.finalizers && t.metadata.finalizers.length > 0) meta.finalizers = t.metadata.finalizers;
  meta.ownerReferences = [newControllerRef(owner)];
  return { apiVersion: "v1", kind: "Pod", metadata: meta, spec: t.spec ?? {} };
}
