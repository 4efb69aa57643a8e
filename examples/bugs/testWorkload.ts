import { isNotFound, type Client, type ExplorerBuilder, type KubeObject, type Reconciler, type Request } from "../../src/index.ts";

/** The reconciler id of a scenario's test workload. */
export const WORKLOAD_ID = "TestWorkload";
const CONFIG_MAP = "test-workload";

/**
 * One user action of a test workload: `act` runs once `ready` holds (Sieve's workloads wait for
 * the cluster to settle between actions, e.g. "scale down, wait for one pod, scale up").
 */
export interface WorkloadStep {
  name: string;
  ready?(client: Client): Promise<boolean>;
  act(client: Client): Promise<void>;
}

/**
 * The user of a Sieve-style test workload, as a reconciler so that its actions interleave with
 * the controllers' reconciles like everything else. Its progress lives in its own ConfigMap, so
 * it does not wake the operators up, and every path runs the actions in the same order.
 */
export class TestWorkload implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly steps: readonly WorkloadStep[],
  ) {}

  async reconcile(req: Request): Promise<void> {
    let progress: KubeObject & { data?: Record<string, string> };
    try {
      progress = await this.client.get({ apiVersion: "v1", kind: "ConfigMap", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    const next = Number(progress.data?.next ?? "0");
    const step = this.steps[next];
    if (!step) return;
    if (step.ready && !(await step.ready(this.client))) return;
    await step.act(this.client);
    await this.client.update({ ...progress, data: { next: String(next + 1), done: step.name } });
  }
}

/**
 * Registers a test workload and returns the ConfigMap that carries its progress (seed it with
 * `addTopLevelObject(cm, WORKLOAD_ID)`). The workload is woken by changes to `watched` kinds,
 * which are what its `ready` checks read.
 */
export function registerWorkload(eb: ExplorerBuilder, steps: readonly WorkloadStep[], watched: readonly string[]): KubeObject {
  const rb = eb.withReconciler(WORKLOAD_ID, (c) => new TestWorkload(c, steps)).for("core/ConfigMap");
  for (const kind of watched) rb.watches(kind, () => [{ namespace: "default", name: CONFIG_MAP }]);
  return { apiVersion: "v1", kind: "ConfigMap", metadata: { name: CONFIG_MAP, namespace: "default" }, data: { next: "0" } };
}
