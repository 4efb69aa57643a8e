import { ExplorerBuilder, isNotFound, type Client, type KubeObject, type Reconciler, type Request } from "../src/index.ts";
import type { InitialState } from "../src/explore/initialStateBuilder.ts";

/**
 * The scalable benchmark scenario: N counters, each advanced through K steps by its own
 * controller (one write per reconcile), plus a summary controller that watches all of them and
 * records how many are done. Reconcilers are trivial so the benchmark measures the explorer.
 */
export function syntheticScenario(n: number, k: number): { builder: ExplorerBuilder; initial: InitialState } {
  const eb = new ExplorerBuilder().withMaxDepth(n * k * 4 + 10);
  const kindOf = (i: number) => `bench.kamera.dev/Counter${i}`;
  const sb = () => eb.initialState();
  class Stepper implements Reconciler {
    constructor(
      private readonly client: Client,
      private readonly i: number,
    ) {}
    async reconcile(req: Request): Promise<void> {
      let c: KubeObject & { status?: { step?: number } };
      try {
        c = await this.client.get({ apiVersion: "bench.kamera.dev/v1", kind: `Counter${this.i}`, namespace: req.namespace, name: req.name });
      } catch (e) {
        if (isNotFound(e)) return;
        throw e;
      }
      const step = c.status?.step ?? 0;
      if (step >= k) return;
      await this.client.updateStatus({ ...c, status: { step: step + 1 } });
    }
  }
  class Summary implements Reconciler {
    constructor(private readonly client: Client) {}
    async reconcile(req: Request): Promise<void> {
      let done = 0;
      for (let i = 0; i < n; i++) {
        const items = await this.client.list<KubeObject & { status?: { step?: number } }>("bench.kamera.dev/v1", `Counter${i}`, { namespace: "default" });
        if ((items[0]?.status?.step ?? 0) >= k) done++;
      }
      const s = await this.client.get<KubeObject & { status?: { done?: number } }>({ apiVersion: "bench.kamera.dev/v1", kind: "Summary", namespace: req.namespace, name: req.name });
      if ((s.status?.done ?? 0) !== done) await this.client.updateStatus({ ...s, status: { done } });
    }
  }
  for (let i = 0; i < n; i++) eb.withReconciler(`Stepper${i}`, (c) => new Stepper(c, i)).for(kindOf(i));
  const summary = eb.withReconciler("Summary", (c) => new Summary(c)).for("bench.kamera.dev/Summary");
  for (let i = 0; i < n; i++) summary.watches(kindOf(i), () => [{ namespace: "default", name: "summary" }]);
  const b = sb();
  for (let i = 0; i < n; i++) {
    b.addTopLevelObject(
      { apiVersion: "bench.kamera.dev/v1", kind: `Counter${i}`, metadata: { name: `c${i}`, namespace: "default" }, spec: {}, status: { step: 0 } },
      `Stepper${i}`,
    );
  }
  b.addTopLevelObject({ apiVersion: "bench.kamera.dev/v1", kind: "Summary", metadata: { name: "summary", namespace: "default" }, spec: {}, status: { done: 0 } }, "Summary");
  return { builder: eb, initial: b.build() };
}
