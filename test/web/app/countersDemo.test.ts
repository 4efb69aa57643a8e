import { describe, expect, it } from "vitest";
import { countersScenario, demoScenarios } from "../../../src/inspect/web/app/countersDemo.ts";

describe("countersScenario", () => {
  it("explores a grid of (k + 2)^n states that all converge to the counters at k", async () => {
    const s = countersScenario(2, 2);
    const { builder, initial, options } = s.build();
    const result = await builder.build().explore(initial, { ...options, engine: "reference" });
    expect(result.complete).toBe(true);
    expect(result.stats.uniqueStates).toBe(16);
    expect(result.convergedStates).toHaveLength(1);
    expect(result.convergedStates[0]!.objects.map((o) => (o.spec as { count: number }).count)).toEqual([2, 2]);
    expect(result.abortedStates).toEqual([]);
  });

  it("names each demo by its size and says how many states it has", () => {
    expect(demoScenarios.map((s) => s.name)).toEqual(["counters-4x5", "counters-6x5"]);
    expect(demoScenarios[0]!.description).toContain("2,401 states");
  });
});
