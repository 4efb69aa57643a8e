import type { ExploreOptions } from "./explore/exploreOptions.ts";
import type { ExploreResult, Path } from "./explore/exploreResult.ts";
import type { ExplorerBuilder } from "./explore/explorerBuilder.ts";
import type { InitialState } from "./explore/initialStateBuilder.ts";

/**
 * A runnable exploration: a builder with its reconcilers, an initial state and default options.
 * Bundled examples export one; `kamera explore <module>` accepts any module whose default export
 * (or `scenario` export) is one.
 *
 * @example
 * ```ts
 * export const scenario: Scenario = {
 *   name: "trivial", description: "two controllers race to finish a Foo",
 *   build() { const eb = new ExplorerBuilder(); ...; return { builder: eb, initial: eb.initialState()....build() }; },
 * };
 * ```
 */
export interface Scenario {
  name: string;
  description: string;
  build(): { builder: ExplorerBuilder; initial: InitialState; options?: ExploreOptions };
  /**
   * For a scenario that models a known bug: the bug's counterexample in a result, or undefined
   * when the result does not show it. `kamera strategies` and `compareStrategies` count a run as
   * finding the bug when it returns a path (without it: the first invariant violation, livelock or
   * reconciler that keeps failing).
   */
  counterexample?(result: ExploreResult): Path | undefined;
}
