import { stringify } from "yaml";
import type { KubeObject } from "../../../objects/kubeObject.ts";

/**
 * Metadata the API server writes on every change and that differs only by the path taken. Hidden
 * by default because it would make every diff show the same noise; `generation` stays visible
 * because controllers compare it with `status.observedGeneration`.
 */
export const SERVER_MANAGED_METADATA: readonly string[] = ["resourceVersion", "uid", "creationTimestamp", "managedFields", "selfLink"];

/** A copy of the object without server-managed metadata (the input is left untouched; it may be frozen). */
export function withoutServerFields(object: KubeObject): KubeObject {
  const metadata = object.metadata;
  if (metadata === undefined || !SERVER_MANAGED_METADATA.some((f) => f in metadata)) return object;
  const kept: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(metadata)) if (!SERVER_MANAGED_METADATA.includes(k)) kept[k] = v;
  return { ...object, metadata: kept };
}

/**
 * The object as YAML, keys in their stored order (apiVersion, kind, metadata first as the objects
 * were written), optionally without server-managed metadata.
 *
 * @example
 * ```ts
 * objectYaml(pod, { showServerFields: false }); // "apiVersion: v1\nkind: Pod\n..."
 * ```
 */
export function objectYaml(object: KubeObject, opts: { showServerFields?: boolean } = {}): string {
  const shown = opts.showServerFields ? object : withoutServerFields(object);
  // lineWidth 0: never fold long strings, so a diff line is a field, not part of one.
  return stringify(shown, { lineWidth: 0, aliasDuplicateObjects: false });
}
