import { isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../../../src/index.ts";

/** The ConfigMap in which the collector notes every finished pod it deletes: uid → "name phase". */
export const GC_LOG = "terminated-pod-gc-log";

/**
 * The pod garbage collector's `gcTerminated` (or a user cleaning up finished pods, as in
 * kubernetes/kubernetes#81227): deletes pods that have finished. The real collector only does so
 * beyond `--terminated-pod-gc-threshold`; the model deletes every finished pod, as if the
 * threshold were reached. It notes each deletion in a ConfigMap, which stands for the work those
 * pods did: that is how an invariant can still count a run whose pod is gone.
 */
export class TerminatedPodGC implements Reconciler {
  constructor(private readonly client: Client) {}

  async reconcile(req: Request): Promise<void> {
    let pod: KubeObject & { status?: { phase?: string } };
    try {
      pod = await this.client.get({ apiVersion: "v1", kind: "Pod", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const phase = pod.status?.phase;
    if ((phase !== "Succeeded" && phase !== "Failed") || pod.metadata?.deletionTimestamp) return;
    await this.client.delete(pod);
    const log = await this.client.get<KubeObject & { data?: Record<string, string> }>({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: GC_LOG });
    // Keyed by uid: a pod re-created under a generated name may get the same name, never the same uid.
    await this.client.update({ ...log, data: { ...log.data, [String(pod.metadata?.uid)]: `${req.name} ${phase}` } });
  }
}
