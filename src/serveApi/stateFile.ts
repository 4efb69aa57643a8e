import { readFile, rename, writeFile } from "node:fs/promises";
import { parseAllDocuments, stringify } from "yaml";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { loadDump } from "../results/dump.ts";

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * The objects of a multi-document YAML (or JSON) text, as `kubectl apply -f` reads it: each
 * document an object, or a `List` whose `items` are objects; empty documents are skipped. A
 * document that does not parse, or is not an object with `apiVersion` and `kind`, is a
 * `KameraError` naming the source and the document's number.
 *
 * @example
 * ```ts
 * objectsOfYaml("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n", "cm.yaml"); // [{ apiVersion: "v1", ... }]
 * ```
 */
export function objectsOfYaml(text: string, source: string): KubeObject[] {
  const out: KubeObject[] = [];
  parseAllDocuments(text).forEach((doc, i) => {
    const where = `${source}, document ${i + 1}`;
    if (doc.errors.length > 0) throw new KameraError(`${where}: not valid YAML: ${doc.errors[0]!.message}`);
    const value: unknown = doc.toJS();
    if (value === null || value === undefined) return;
    if (!isObject(value)) throw new KameraError(`${where}: expected a Kubernetes object, got ${Array.isArray(value) ? "a list" : typeof value}`);
    const items = typeof value.kind === "string" && value.kind.endsWith("List") && Array.isArray(value.items) ? value.items : [value];
    items.forEach((item: unknown, j) => {
      const at = items === value.items ? `${where}, item ${j + 1}` : where;
      if (!isObject(item) || typeof item.apiVersion !== "string" || typeof item.kind !== "string") {
        throw new KameraError(`${at}: expected an object with apiVersion and kind`);
      }
      out.push(item as KubeObject);
    });
  });
  return out;
}

/**
 * The objects of a state file: a multi-document YAML or JSON manifest (`objectsOfYaml`), or a
 * kamera dump (`*.dump.json`, or any JSON file with a dump's `format` field), whose first
 * converged state is taken, or its initial state when nothing converged.
 *
 * @example
 * ```ts
 * const server = await startApiServer({ objects: await loadStateFile("world.yaml") });
 * ```
 */
export async function loadStateFile(path: string): Promise<KubeObject[]> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new KameraError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code === "ENOENT" ? "no such file" : (e as Error).message}`);
  }
  if (looksLikeDump(text)) {
    const dump = await loadDump(path);
    const state = dump.convergedStates[0];
    return state ? state.objects.map((o) => structuredClone(o)) : dump.graph.objects(0).map((o) => structuredClone(o));
  }
  return objectsOfYaml(text, path);
}

function looksLikeDump(text: string): boolean {
  const head = text.slice(0, 2000).trimStart();
  return head.startsWith("{") && /"format"\s*:\s*"kamera-dump"/.test(head);
}

/**
 * Writes objects as a multi-document YAML manifest (what `loadStateFile` and `kamera explore
 * --from` read back), atomically: the file appears only once complete.
 *
 * @example
 * ```ts
 * await saveStateFile("world.yaml", server.cluster.world.all());
 * ```
 */
export async function saveStateFile(path: string, objects: readonly KubeObject[]): Promise<void> {
  const text = objects.map((o) => stringify(o, { lineWidth: 0 })).join("---\n");
  const tmp = `${path}.tmp-${process.pid}`;
  await writeFile(tmp, text, "utf8");
  await rename(tmp, path);
}
