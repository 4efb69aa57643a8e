import type { KubernetesObjectApiLike, Reconciler, Request } from "../../src/index.ts";

/** The label a mirror carries, naming its source ConfigMap. */
export const MIRROR_OF_LABEL = "example.kamera.dev/mirror-of";

interface ConfigMap {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; labels?: Record<string, string>; [k: string]: unknown };
  data?: Record<string, string>;
}

function isNotFound(e: unknown): boolean {
  return (e as { code?: number })?.code === 404;
}

function sameData(a: Record<string, string> | undefined, b: Record<string, string> | undefined): boolean {
  return JSON.stringify(Object.entries(a ?? {}).sort()) === JSON.stringify(Object.entries(b ?? {}).sort());
}

/**
 * Keeps a `<name>-mirror` ConfigMap with the data of every ConfigMap that is not itself a mirror.
 * Written against client-node's `KubernetesObjectApi`, so the same code runs in a live cluster
 * and, through `client.asKubernetesObjectApi()`, in an exploration.
 */
export class MirrorReconciler implements Reconciler {
  constructor(private readonly api: KubernetesObjectApiLike) {}

  async reconcile(req: Request): Promise<void> {
    let source: ConfigMap;
    try {
      source = (await this.api.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: req.name, namespace: req.namespace } })) as ConfigMap;
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (source.metadata?.labels?.[MIRROR_OF_LABEL] !== undefined) return;
    const name = `${req.name}-mirror`;
    let mirror: ConfigMap | undefined;
    try {
      mirror = (await this.api.read({ apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: req.namespace } })) as ConfigMap;
    } catch (e) {
      if (!isNotFound(e)) throw e;
    }
    if (mirror === undefined) {
      await this.api.create({
        apiVersion: "v1",
        kind: "ConfigMap",
        metadata: { name, namespace: req.namespace, labels: { [MIRROR_OF_LABEL]: req.name } },
        data: { ...source.data },
      } as never);
      return;
    }
    if (!sameData(mirror.data, source.data)) await this.api.replace({ ...mirror, apiVersion: "v1", kind: "ConfigMap", data: { ...source.data } } as never);
  }
}
