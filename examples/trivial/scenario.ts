import { ExplorerBuilder, type Scenario } from "../../src/index.ts";
import { FOO_KIND, newFoo } from "../common/foo.ts";
import { TrivialReconciler } from "./trivialReconciler.ts";

/** Scenario 1: two instances of one controller race to finish a Foo; every interleaving converges to A-Final. */
export const scenario: Scenario = {
  name: "trivial",
  description: "two instances of a controller race to move a Foo to A-Final (exhaustive interleavings)",
  build() {
    const eb = new ExplorerBuilder();
    eb.withReconciler("FooController", (c) => new TrivialReconciler(c)).for(FOO_KIND);
    eb.withReconciler("BarController", (c) => new TrivialReconciler(c)).for(FOO_KIND);
    const initial = eb.initialState().addTopLevelObject(newFoo(), "FooController", "BarController").build();
    return { builder: eb, initial };
  },
};
export default scenario;
