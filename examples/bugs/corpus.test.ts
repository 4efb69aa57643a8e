import { describe, expect, it } from "vitest";
import type { Scenario } from "../../src/index.ts";
import { bugCorpus, findBug } from "./index.ts";

async function explore(scenario: Scenario) {
  const { builder, initial, options } = scenario.build();
  return builder.build().explore(initial, options);
}

describe("the bug corpus", () => {
  it("lists the bundled bugs and at least six modelled on published operator bugs, with unique names", () => {
    const names = bugCorpus.map((b) => b.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.slice(0, 3)).toEqual(["duplicate-invariant", "zookeeper", "livelock"]);
    const published = bugCorpus.filter((b) => b.upstream.source !== "kamera" && b.module.startsWith("examples/bugs/"));
    expect(published.length).toBeGreaterThanOrEqual(6);
    for (const b of published) expect(b.upstream.url).toMatch(/^https:\/\/github\.com\/[^/]+\/[^/]+\/issues\/\d+$/);
    expect(bugCorpus.filter((b) => b.needsStaleness).length).toBeGreaterThanOrEqual(2);
    expect(bugCorpus.filter((b) => b.deep).length).toBeGreaterThanOrEqual(2);
    expect(findBug("zookeeper-stale-scaledown")?.upstream.ref).toBe("pravega/zookeeper-operator#314");
    expect(findBug("no-such-bug")).toBeUndefined();
  });

  it("each entry's module exports its buggy scenario as `scenario` and as the default export", async () => {
    for (const bug of bugCorpus) {
      const mod = (await import(/* @vite-ignore */ `../../${bug.module}`)) as { scenario: Scenario; default: Scenario };
      expect(mod.scenario.name, bug.module).toBe(bug.name);
      expect(mod.default).toBe(mod.scenario);
      expect(bug.scenario({ fixed: false }).name).toBe(bug.name);
      expect(bug.scenario({ fixed: true }).name).toBe(`${bug.name}-fixed`);
    }
  });

  for (const bug of bugCorpus) {
    it(`${bug.name}: exploring to completion shows the bug as its metadata says, and the fixed variant does not`, async () => {
      const result = await explore(bug.scenario({ fixed: false }));
      expect(result.complete).toBe(true);
      const path = bug.counterexample(result);
      expect(path, "counterexample").toBeDefined();
      // Deep means the shortest counterexample is longer than 10 steps.
      expect(path!.length > 10).toBe(bug.deep);
      // A bug that needs staleness is reached through a restarted (stale) view.
      expect(path!.some((s) => s.staleView !== undefined)).toBe(bug.needsStaleness);
      if (bug.outcome === "livelock") expect(result.nonConverging.length).toBeGreaterThan(0);
      if (bug.outcome === "invariant") expect(result.violations.length).toBeGreaterThan(0);

      const fixed = await explore(bug.scenario({ fixed: true }));
      expect(fixed.complete).toBe(true);
      expect(bug.counterexample(fixed)).toBeUndefined();
      expect(fixed.violations).toHaveLength(0);
    });
  }
});
