import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Scenario } from "../src/scenario.ts";

type Registry = typeof import("../src/scenarioRegistry.ts");
let registry: Registry;

// Each test gets a fresh registry: it is module state, filled by whoever loads the examples.
beforeEach(async () => {
  vi.resetModules();
  registry = await import("../src/scenarioRegistry.ts");
});

const scenario = (name: string): Scenario => ({ name, description: `the ${name} scenario`, build: () => ({}) as ReturnType<Scenario["build"]> });

describe("the bundled scenario registry", () => {
  it("lists registered scenarios in registration order", async () => {
    registry.registerScenario(scenario("b"), scenario("a"));
    registry.registerScenario(scenario("c"));
    expect((await registry.loadBundledScenarios()).map((s) => s.name)).toEqual(["b", "a", "c"]);
    expect(registry.bundledScenarios.map((s) => s.name)).toEqual(["b", "a", "c"]);
  });

  it("rejects a second scenario of the same name, naming it", () => {
    registry.registerScenario(scenario("trivial"));
    expect(() => registry.registerScenario(scenario("trivial"))).toThrow(/a bundled scenario named "trivial" is already registered/);
  });

  it("runs a loader only when the list is asked for, and only once", async () => {
    const load = vi.fn(async () => registry.registerScenario(scenario("late")));
    registry.registerScenarioLoader(load);
    expect(load).not.toHaveBeenCalled();
    expect(registry.bundledScenarios).toEqual([]);
    expect((await registry.loadBundledScenarios()).map((s) => s.name)).toEqual(["late"]);
    await registry.loadBundledScenarios();
    expect(load).toHaveBeenCalledTimes(1);
  });

  it("keeps modules registered by URL, for worker threads, and imports them only when the list is asked for", async () => {
    const missing = new URL("./no-such-scenarios.js", import.meta.url).href;
    registry.registerScenarioModule(missing);
    expect(registry.bundledScenarioModules()).toEqual([missing]);
    expect(registry.bundledScenarios).toEqual([]);
    await expect(registry.loadBundledScenarios()).rejects.toThrow(/no-such-scenarios/);
  });

  it("holds the examples once the examples module is loaded, in the order kamera examples lists them", async () => {
    registry.registerScenarioLoader(() => import("../examples/index.ts"));
    const names = (await registry.loadBundledScenarios()).map((s) => s.name);
    expect(names[0]).toBe("trivial");
    expect(names).toContain("knative-serving");
  });
});
