import { stringify } from "yaml";
import type { KubeObject } from "../../objects/kubeObject.ts";
import { withoutServerFields } from "./serverFields.ts";
import type { Line } from "./styledLine.ts";

/**
 * An object as YAML lines, in the object's own field order (apiVersion, kind, metadata, spec,
 * status for objects built the usual way), with long strings kept on one line so every line
 * maps to one field.
 */
export function objectYaml(obj: KubeObject, opts: { hideServerFields: boolean }): string[] {
  const shown = opts.hideServerFields ? withoutServerFields(obj) : obj;
  const text = stringify(shown, { lineWidth: 0, aliasDuplicateObjects: false });
  return text.replace(/\n$/, "").split("\n");
}

/** YAML lines with the keys coloured, as the YAML view shows them. */
export function yamlLines(lines: readonly string[]): Line[] {
  return lines.map((text) => {
    const m = /^(\s*(?:- )*)([^\s:#][^:]*:)(\s.*|)$/.exec(text);
    if (!m) return { spans: [{ text }] };
    return { spans: [{ text: m[1]! }, { text: m[2]!, color: "cyan" }, { text: m[3]! }] };
  });
}
