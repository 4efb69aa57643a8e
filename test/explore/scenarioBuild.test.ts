import { describe, expect, it } from "vitest";
import { buildScenario } from "../../src/explore/scenarioBuild.ts";
import { ExplorerBuilder } from "../../src/explore/explorerBuilder.ts";
import { KameraError } from "../../src/kameraError.ts";
import type { Scenario } from "../../src/scenario.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";

function scenarioBuilding(build: () => unknown): Scenario {
  return { name: "mine", description: "a user's scenario", build: build as Scenario["build"] };
}

function valid() {
  const builder = new ExplorerBuilder();
  return { builder, initial: builder.initialState().build() };
}

function withOptions(options: unknown): Scenario {
  return { ...trivial, name: "mine", build: () => ({ ...trivial.build(), options: options as never }) };
}

describe("buildScenario", () => {
  it("returns a scenario's options with what it built", () => {
    expect(buildScenario(withOptions({ strategy: "bfs" })).options).toEqual({ strategy: "bfs" });
  });

  it("returns what a well-formed build() returns", () => {
    const built = valid();
    expect(buildScenario(scenarioBuilding(() => built))).toBe(built);
  });

  it("says so when build() is async, rather than that its builder is missing", () => {
    const e = (() => {
      try {
        buildScenario(scenarioBuilding(async () => valid()));
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(KameraError);
    expect((e as Error).message).toBe(
      'scenario "mine": build() must return { builder: ExplorerBuilder, initial: InitialState, options? }, but it returned a Promise: build() runs synchronously (await what the scenario needs at the top of its module instead)',
    );
  });

  it("names a builder made by a second copy of kamera, which instanceof cannot recognise", () => {
    // What a second install's class looks like from here: the same name, another identity.
    class ExplorerBuilderOfAnotherCopy {}
    Object.defineProperty(ExplorerBuilderOfAnotherCopy, "name", { value: "ExplorerBuilder" });
    expect(() => buildScenario(scenarioBuilding(() => ({ builder: new ExplorerBuilderOfAnotherCopy(), initial: {} })))).toThrow(/its builder was made by another copy of kamera than the one running it/);
  });

  it("says which part is missing or of the wrong kind", () => {
    expect(() => buildScenario(scenarioBuilding(() => undefined))).toThrow(/, but it returned undefined$/);
    expect(() => buildScenario(scenarioBuilding(() => null))).toThrow(/, but it returned null$/);
    expect(() => buildScenario(scenarioBuilding(() => ({ initial: {} })))).toThrow(/, but its builder is missing$/);
    expect(() => buildScenario(scenarioBuilding(() => ({ builder: {}, initial: {} })))).toThrow(/, but its builder is not an ExplorerBuilder$/);
    expect(() => buildScenario(scenarioBuilding(() => ({ builder: new ExplorerBuilder() })))).toThrow(/, but its initial state is missing$/);
    expect(() => buildScenario(scenarioBuilding(() => ({ builder: new ExplorerBuilder(), initial: 3 })))).toThrow(/, but its initial state is not an InitialState$/);
  });

  it("refuses options that are not explore options, naming the scenario, instead of spreading a string into keys", () => {
    expect(() => buildScenario(withOptions("bfs"))).toThrow(KameraError);
    expect(() => buildScenario(withOptions("bfs"))).toThrow('scenario "mine": the options build() returned are not valid: explore options must be an object such as { strategy: "bfs" }, got "bfs"');
    expect(() => buildScenario(withOptions({ maxDepth: 1.5 }))).toThrow('scenario "mine": the options build() returned are not valid: maxDepth must be a non-negative integer, got 1.5');
  });
});
