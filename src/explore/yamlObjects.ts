import { parseAllDocuments } from "yaml";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";

/**
 * The Kubernetes objects in a YAML (or JSON) text, as `kubectl apply -f` reads a file: any number
 * of documents separated by `---` (empty ones skipped), and `kind: List` documents expanded into
 * their `items`. A syntax error, a document that is not an object, or an object without a string
 * `apiVersion` and `kind`, is a `KameraError` naming the document and its line; `where` (the call
 * or the file) begins that message.
 *
 * @example
 * ```ts
 * objectsOfYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: default}\n---\n...", "addYaml");
 * ```
 */
export function objectsOfYaml(text: string, where: string): KubeObject[] {
  if (typeof text !== "string") throw new KameraError(`${where}: expected YAML text, got ${text === null ? "null" : typeof text}`);
  const docs = parseAllDocuments(text, { prettyErrors: true });
  // parseAllDocuments returns an EmptyStream (no documents) for an empty text.
  const list = Array.isArray(docs) ? docs : [];
  const objects: KubeObject[] = [];
  list.forEach((doc, i) => {
    const line = doc.range ? lineOf(text, doc.range[0]) : 1;
    const at = `${where}: document ${i + 1} (line ${line})`;
    const error = doc.errors[0];
    if (error) throw new KameraError(`${where}: document ${i + 1} (line ${error.linePos?.[0].line ?? line}): ${error.message.split("\n")[0]}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return; // an empty document, e.g. after a trailing ---
    if (typeof value !== "object" || Array.isArray(value)) throw new KameraError(`${at}: expected a Kubernetes object (a mapping with apiVersion, kind, metadata), got ${Array.isArray(value) ? "a list" : typeof value}`);
    const obj = value as KubeObject & { items?: unknown };
    if (obj.kind === "List" || (typeof obj.kind === "string" && obj.kind.endsWith("List") && Array.isArray(obj.items))) {
      if (!Array.isArray(obj.items)) throw new KameraError(`${at}: a ${obj.kind} needs an items list`);
      obj.items.forEach((item, j) => {
        if (item === null || typeof item !== "object" || Array.isArray(item)) throw new KameraError(`${at}: items[${j}] is not an object`);
        objects.push(withTypeMeta(item as KubeObject, `${at}: items[${j}]`));
      });
      return;
    }
    objects.push(withTypeMeta(obj, at));
  });
  return objects;
}

function withTypeMeta(obj: KubeObject, at: string): KubeObject {
  if (typeof obj.apiVersion !== "string" || typeof obj.kind !== "string") {
    throw new KameraError(`${at}: expected an object with apiVersion and kind, got ${obj.apiVersion === undefined ? "no apiVersion" : `apiVersion ${JSON.stringify(obj.apiVersion)}`} and ${obj.kind === undefined ? "no kind" : `kind ${JSON.stringify(obj.kind)}`}`);
  }
  return obj;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
