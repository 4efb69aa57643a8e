import type { Client } from "../../../client/client.ts";
import { isNotFound } from "../../../apiserver/apiError.ts";
import { ExplorerBuilder } from "../../../explore/explorerBuilder.ts";
import type { KubeObject } from "../../../objects/kubeObject.ts";
import type { Reconciler, Request } from "../../../reconciler.ts";
import type { Scenario } from "../../../scenario.ts";

const COUNTER_KIND = "demo.kamera.dev/Counter";

interface Counter extends KubeObject {
  spec: { count: number };
}

/** Moves one counter one step towards its limit; at the limit it writes nothing and its request is done. */
class CounterStepper implements Reconciler {
  constructor(
    private readonly client: Client,
    private readonly limit: number,
  ) {}

  async reconcile(req: Request): Promise<void> {
    let counter: Counter;
    try {
      counter = await this.client.get<Counter>({ apiVersion: "demo.kamera.dev/v1", kind: "Counter", namespace: req.namespace, name: req.name });
    } catch (e) {
      if (isNotFound(e)) return;
      throw e;
    }
    if (counter.spec.count >= this.limit) return;
    await this.client.update({ ...counter, spec: { count: counter.spec.count + 1 } });
  }
}

/**
 * A scenario of the page's own, sized at will: `n` counters, each stepped from 0 to `k` by one
 * controller, every interleaving explored (it asks for `reduction: "none"`: the partial-order
 * reduction would take one interleaving of independent counters). The counters are independent, so the state graph is a
 * grid of (k + 2)^n states (each counter's count, and whether its last request is still queued) —
 * a large graph with a known size, for trying the page's drawing and its stop button.
 *
 * @example
 * ```ts
 * countersScenario(4, 5).name; // "counters-4x5" (2,401 states)
 * ```
 */
export function countersScenario(n: number, k: number): Scenario {
  const states = (k + 2) ** n;
  return {
    name: `counters-${n}x${k}`,
    description: `${n} independent counters stepped to ${k} by one controller: ${states.toLocaleString("en")} states, to try the page on a large graph`,
    build() {
      const eb = new ExplorerBuilder().withKind(COUNTER_KIND, { scope: "Namespaced" }).withMaxDepth(n * (k + 1) + 1);
      eb.withReconciler("CounterStepper", (client) => new CounterStepper(client, k)).for(COUNTER_KIND);
      const initial = eb.initialState();
      for (let i = 0; i < n; i++) {
        const counter: Counter = { apiVersion: "demo.kamera.dev/v1", kind: "Counter", metadata: { name: `c${i}`, namespace: "default" }, spec: { count: 0 } };
        initial.addTopLevelObject(counter, "CounterStepper");
      }
      return { builder: eb, initial: initial.build(), options: { reduction: "none" } };
    },
  };
}

/** The page's own scenarios, listed after the bundled examples. */
export const demoScenarios: readonly Scenario[] = [countersScenario(4, 5), countersScenario(6, 5)];
