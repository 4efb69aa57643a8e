import type { KubeObject } from "../../../objects/kubeObject.ts";
import { objectYamlText } from "../../model/objectYamlText.ts";

/**
 * The object as YAML, keys in their stored order (apiVersion, kind, metadata first as the objects
 * were written), without the server-managed metadata the terminal hides too unless asked.
 *
 * @example
 * ```ts
 * objectYaml(pod, { showServerFields: false }); // "apiVersion: v1\nkind: Pod\n..."
 * ```
 */
export function objectYaml(object: KubeObject, opts: { showServerFields?: boolean } = {}): string {
  return objectYamlText(object, { hideServerFields: !opts.showServerFields });
}
