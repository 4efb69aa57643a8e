import { Writable } from "node:stream";
import { ExplorerBuilder } from "../../../explore/explorerBuilder.ts";
import type { ExploreOptions } from "../../../explore/exploreOptions.ts";
import { KameraError } from "../../../kameraError.ts";
import { writeDump } from "../../../results/dumpWriter.ts";
import type { ExploreResult } from "../../../results/exploreResult.ts";
import type { Scenario } from "../../../scenario.ts";

/** A scenario explored in Node and written as dump text, ready to serve. */
export interface ScenarioDump {
  text: string;
  result: ExploreResult;
}

/**
 * Explores a scenario and writes its result as a dump held in memory: what `kamera serve
 * <example>` hands to the page, which then shows exactly what a saved dump would.
 *
 * @example
 * ```ts
 * const { text, result } = await exploreToDump(findScenario("trivial")!);
 * ```
 */
export async function exploreToDump(scenario: Scenario, overrides: ExploreOptions = {}): Promise<ScenarioDump> {
  const built = scenario.build();
  if (!built || !(built.builder instanceof ExplorerBuilder) || typeof built.initial !== "object" || built.initial === null) {
    throw new KameraError(`scenario "${scenario.name}": build() must return { builder: ExplorerBuilder, initial: InitialState, options? }`);
  }
  const result = await built.builder.build().explore(built.initial, { ...built.options, ...overrides });
  const chunks: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  await writeDump(result.graph, sink, {
    scenario: { name: scenario.name, description: scenario.description },
    stats: result.stats,
    complete: result.complete,
  });
  sink.end();
  return { text: chunks.join(""), result };
}
