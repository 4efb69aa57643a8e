import { readFile, rename, writeFile } from "node:fs/promises";
import { stringify } from "yaml";
import { objectsOfYaml } from "../explore/yamlObjects.ts";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { loadDump } from "../results/dump.ts";

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
