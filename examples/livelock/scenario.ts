import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FieldFighter } from "./fieldFighter.ts";

/**
 * Two controllers fight over one field forever: a livelock, reported as non-converging. With
 * `fixed`, each only claims an unowned field, and every path settles.
 */
export function livelockScenario(opts: { fixed: boolean }): Scenario {
  return {
    name: opts.fixed ? "livelock-fixed" : "livelock",
    description: `two controllers each set a ConfigMap field to their own value, forever${opts.fixed ? " (fixed: each claims only an unowned field)" : ""}`,
    build() {
      const eb = new ExplorerBuilder();
      eb.withReconciler("AlphaFighter", (c) => new FieldFighter(c, "alpha", opts.fixed)).for("core/ConfigMap");
      eb.withReconciler("BetaFighter", (c) => new FieldFighter(c, "beta", opts.fixed)).for("core/ConfigMap");
      const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "contested", namespace: "default" }, data: { owner: "" } };
      const initial = eb.initialState().addTopLevelObject(cm, "AlphaFighter", "BetaFighter").build();
      return { builder: eb, initial };
    },
  };
}

export const scenario = livelockScenario({ fixed: false });
export default scenario;
