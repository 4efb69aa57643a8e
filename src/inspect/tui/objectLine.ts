import { groupOfApiVersion } from "../../kinds.ts";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { cell, type Line } from "./styledLine.ts";

/** The canonical `group/Kind` of an object, without throwing on odd objects (the inspector only shows it). */
export function objectKind(obj: KubeObject): string {
  return `${groupOfApiVersion(obj.apiVersion ?? "") || "core"}/${obj.kind ?? "?"}`;
}

/** `namespace/name`, or just the name for cluster-scoped objects. */
export function objectName(obj: KubeObject): string {
  const ns = obj.metadata?.namespace ?? "";
  return ns ? `${ns}/${obj.metadata?.name ?? "?"}` : (obj.metadata?.name ?? "?");
}

/**
 * A line naming an object — kind, namespace/name, short version hash, and "deleting" when it has
 * a deletion timestamp — that Enter opens as YAML.
 */
export function objectLine(obj: KubeObject, hash: string, where: string): Line {
  const deleting = obj.metadata?.deletionTimestamp !== undefined;
  return {
    spans: [
      { text: `  ${cell(objectKind(obj), 32)} ` },
      { text: `${cell(objectName(obj), 28)} ` },
      { text: `#${hash}`, dim: true },
      ...(deleting ? [{ text: " deleting", color: "yellow" }] : []),
    ],
    object: obj,
    objectTitle: `${objectKind(obj)} ${objectName(obj)} (${where})`,
  };
}
