import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { TOGGLE_KIND, ToggleController, type Toggle } from "./toggleController.ts";

/** Scenario 3: two controllers race to own a toggle; the desired one always ends up owning it. */
export const scenario: Scenario = {
  name: "ownership-race",
  description: "alpha and beta race to claim a Toggle whose desired owner is alpha",
  build() {
    const eb = new ExplorerBuilder();
    eb.withReconciler("AlphaController", (c) => new ToggleController(c, "alpha")).for(TOGGLE_KIND);
    eb.withReconciler("BetaController", (c) => new ToggleController(c, "beta")).for(TOGGLE_KIND);
    const toggle: Toggle = {
      apiVersion: "race.examples/v1",
      kind: "Toggle",
      metadata: { name: "race-toggle", namespace: "default" },
      spec: { desired: "alpha" },
      status: { owner: "" },
    };
    const initial = eb.initialState().addTopLevelObject(toggle, "AlphaController", "BetaController").build();
    return { builder: eb, initial };
  },
};
export default scenario;
