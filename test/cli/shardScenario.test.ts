import { describe, expect, it } from "vitest";
import { buildScenario } from "../../src/cli/shardScenario.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";
import { KameraError } from "../../src/kameraError.ts";
import type { Scenario } from "../../src/scenario.ts";

function withOptions(options: unknown): Scenario {
  return { ...trivial, name: "mine", build: () => ({ ...trivial.build(), options: options as never }) };
}

describe("buildScenario", () => {
  it("returns what a scenario's build() returned, its options included", () => {
    expect(buildScenario(withOptions({ strategy: "bfs" })).options).toEqual({ strategy: "bfs" });
  });

  it("refuses options that are not explore options, naming the scenario, instead of spreading a string into keys", () => {
    expect(() => buildScenario(withOptions("bfs"))).toThrow(KameraError);
    expect(() => buildScenario(withOptions("bfs"))).toThrow('scenario "mine": the options build() returned are not valid: explore options must be an object such as { strategy: "bfs" }, got "bfs"');
    expect(() => buildScenario(withOptions({ maxDepth: 1.5 }))).toThrow('scenario "mine": the options build() returned are not valid: maxDepth must be a non-negative integer, got 1.5');
  });
});
