import { isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../../src/index.ts";

/**
 * Sets `data.owner` of a ConfigMap to its own name whenever it is anything else. The fixed variant
 * (`yields`) only claims a field nobody owns, so the first writer keeps it.
 */
export class FieldFighter implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly me: string,
    private readonly yields = false,
  ) {}

  async reconcile(req: Request): Promise<void> {
    let cm: KubeObject & { data?: Record<string, string> };
    try {
      cm = await this.client.get({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (cm.data?.owner === this.me) return;
    if (this.yields && cm.data?.owner) return;
    await this.client.update({ ...cm, data: { ...cm.data, owner: this.me } });
  }
}
