import type { KubeObject } from "../../objects/kubeObject.ts";
import { objectYamlText } from "../model/objectYamlText.ts";
import type { Line } from "./styledLine.ts";

/**
 * An object as YAML lines (the page's YAML, split), so every line maps to one field.
 */
export function objectYaml(obj: KubeObject, opts: { hideServerFields: boolean }): string[] {
  return objectYamlText(obj, opts).replace(/\n$/, "").split("\n");
}

/** YAML lines with the keys coloured, as the YAML view shows them. */
export function yamlLines(lines: readonly string[]): Line[] {
  return lines.map((text) => {
    const m = /^(\s*(?:- )*)([^\s:#][^:]*:)(\s.*|)$/.exec(text);
    if (!m) return { spans: [{ text }] };
    return { spans: [{ text: m[1]! }, { text: m[2]!, color: "cyan" }, { text: m[3]! }] };
  });
}
