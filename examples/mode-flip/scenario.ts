import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FOO_KIND, newFoo } from "../common/foo.ts";
import { BarReconciler, FooReconciler } from "./modeFlipReconcilers.ts";

/** Scenario 2: a one-time mode flip splits the outcomes into A-Final and B-Final. */
export const scenario: Scenario = {
  name: "mode-flip",
  description: "a second controller may flip a Foo's mode once, so it converges to A-Final or B-Final",
  build() {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", (c) => new FooReconciler(c)).for(FOO_KIND);
    eb.withReconciler("BarController", (c) => new BarReconciler(c)).for(FOO_KIND);
    const initial = eb.initialState().addTopLevelObject(newFoo(), "FooController", "BarController").build();
    return { builder: eb, initial };
  },
};
export default scenario;
