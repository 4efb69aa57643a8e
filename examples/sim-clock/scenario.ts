import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FOO_KIND, newFoo } from "../common/foo.ts";
import { SimClockController } from "./simClockController.ts";

/** Scenario 4: condition timestamps come from the simulated clock, one hour per step. */
export const scenario: Scenario = {
  name: "sim-clock",
  description: "a controller stamps three conditions with the simulated clock (epoch, +1h, +2h)",
  build() {
    const eb = new ExplorerBuilder().withMaxDepth(5);
    eb.withReconciler("SimClockController", (c) => new SimClockController(c)).for(FOO_KIND);
    const initial = eb.initialState().addTopLevelObject(newFoo("clocked"), "SimClockController").build();
    return { builder: eb, initial };
  },
};
export default scenario;
