import { stringify } from "yaml";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { withoutServerFields } from "./serverFields.ts";

/**
 * An object as YAML text, in the object's own field order (apiVersion, kind, metadata, spec,
 * status for objects built the usual way), optionally without server-managed metadata. Long
 * strings stay on one line, so every line of a diff is one field.
 *
 * @example
 * ```ts
 * objectYamlText(pod, { hideServerFields: true }); // "apiVersion: v1\nkind: Pod\n..."
 * ```
 */
export function objectYamlText(obj: KubeObject, opts: { hideServerFields: boolean }): string {
  const shown = opts.hideServerFields ? withoutServerFields(obj) : obj;
  return stringify(shown, { lineWidth: 0, aliasDuplicateObjects: false });
}
