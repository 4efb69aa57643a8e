import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FOO_KIND, newFoo } from "../common/foo.ts";
import { Recorder, Spawner, type ReplicatedFoo } from "./spawner.ts";

/**
 * A controller that trusts a counter another controller keeps can create a duplicate pod. With
 * `fixed`, the spawner counts the pods itself and never does.
 */
export function duplicateInvariantScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "duplicate-invariant-fixed" : "duplicate-invariant",
    description: `a spawner trusting a lagging counter can create two pods where one is wanted (invariant violation)${opts.fixed ? " (fixed: counts its pods)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("Spawner", (c) => new Spawner(c, opts.fixed)).for(FOO_KIND).owns("core/Pod");
      eb.withReconciler("Recorder", (c) => new Recorder(c)).for(FOO_KIND).owns("core/Pod");
      eb.withInvariant("no more pods than replicas", (state) => {
        for (const foo of state.list(FOO_KIND) as ReplicatedFoo[]) {
          const pods = state.list("core/Pod", foo.metadata.namespace).filter((p) => p.metadata?.labels?.foo === foo.metadata.name);
          if (pods.length > foo.spec.replicas) return `${foo.metadata.name} wants ${foo.spec.replicas} pod(s) but has ${pods.length}`;
        }
        return true;
      });
      const foo: ReplicatedFoo = { ...newFoo(), spec: { mode: "A", replicas: 1 }, status: { state: "", created: 0 } };
      const initial = eb.initialState().addTopLevelObject(foo, "Spawner", "Recorder").build();
      return { builder: eb, initial, options: { strategy: "bfs" } };
    },
  };
}

export const scenario = duplicateInvariantScenario({ fixed: false });
export default scenario;
