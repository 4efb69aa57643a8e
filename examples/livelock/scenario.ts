import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FieldFighter } from "./fieldFighter.ts";

/** Two controllers fight over one field forever: a livelock, reported as non-converging. */
export const scenario: Scenario = {
  name: "livelock",
  description: "two controllers each set a ConfigMap field to their own value, forever",
  build() {
    const eb = new ExplorerBuilder();
    eb.withReconciler("AlphaFighter", (c) => new FieldFighter(c, "alpha")).for("core/ConfigMap");
    eb.withReconciler("BetaFighter", (c) => new FieldFighter(c, "beta")).for("core/ConfigMap");
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "contested", namespace: "default" }, data: { owner: "" } };
    const initial = eb.initialState().addTopLevelObject(cm, "AlphaFighter", "BetaFighter").build();
    return { builder: eb, initial };
  },
};
export default scenario;
