import { isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../../src/index.ts";

/** `race.examples/v1` Toggle: who should own it, and who does. */
export interface Toggle extends KubeObject {
  apiVersion: "race.examples/v1";
  kind: "Toggle";
  metadata: { name: string; namespace: string };
  spec: { desired: string };
  status?: { owner?: string };
}

export const TOGGLE_KIND = "race.examples/Toggle";

/** Claims the toggle when it is unowned or when it is the desired owner. */
export class ToggleController implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly me: string,
  ) {}

  async reconcile(req: Request): Promise<void> {
    let t: Toggle;
    try {
      t = await this.client.get<Toggle>({ apiVersion: "race.examples/v1", kind: "Toggle", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const owner = t.status?.owner ?? "";
    if (owner === this.me) return;
    if (owner === "" || t.spec.desired === this.me) {
      await this.client.updateStatus({ ...t, status: { ...t.status, owner: this.me } });
    }
  }
}
