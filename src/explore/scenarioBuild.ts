import { validateExploreOptions } from "./exploreOptions.ts";
import { ExplorerBuilder } from "./explorerBuilder.ts";
import { KameraError } from "../kameraError.ts";
import type { Scenario } from "../scenario.ts";

/**
 * Calls `scenario.build()` and checks what it returned. Scenario modules are not type-checked
 * against kamera's types, so a wrong shape is a clear error here rather than deep in the search,
 * and the two mistakes users actually make get their own message: an `async build()`, and a
 * builder made by a second copy of kamera (which `instanceof` cannot recognise). Its options are
 * checked too (options of `"bfs"` would otherwise spread into keys "0", "1", "2").
 *
 * @example
 * ```ts
 * const { builder, initial, options } = buildScenario(scenario);
 * ```
 */
export function buildScenario(scenario: Scenario): ReturnType<Scenario["build"]> {
  const built: unknown = scenario.build();
  const problem = shapeProblem(built);
  if (problem !== undefined) {
    throw new KameraError(`scenario "${scenario.name}": build() must return { builder: ExplorerBuilder, initial: InitialState, options? }, but ${problem}`);
  }
  const { options } = built as ReturnType<Scenario["build"]>;
  if (options !== undefined) {
    try {
      validateExploreOptions(options);
    } catch (e) {
      if (e instanceof KameraError) throw new KameraError(`scenario "${scenario.name}": the options build() returned are not valid: ${e.message}`);
      throw e;
    }
  }
  return built as ReturnType<Scenario["build"]>;
}

function shapeProblem(built: unknown): string | undefined {
  if (typeof built !== "object" || built === null) return `it returned ${built === null ? "null" : typeof built}`;
  if (typeof (built as { then?: unknown }).then === "function") {
    return "it returned a Promise: build() runs synchronously (await what the scenario needs at the top of its module instead)";
  }
  const { builder, initial } = built as { builder?: unknown; initial?: unknown };
  if (!(builder instanceof ExplorerBuilder)) {
    if (typeof builder === "object" && builder !== null && builder.constructor?.name === "ExplorerBuilder") {
      return "its builder was made by another copy of kamera than the one running it (the module imports kamera from a second install or a linked checkout); import kamera from the project that runs the command";
    }
    return `its builder is ${builder === undefined ? "missing" : "not an ExplorerBuilder"}`;
  }
  if (typeof initial !== "object" || initial === null) return `its initial state is ${initial === undefined ? "missing" : "not an InitialState"}`;
  return undefined;
}
