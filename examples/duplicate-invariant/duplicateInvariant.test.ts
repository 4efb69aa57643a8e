import { describe, expect, it } from "vitest";
import { pathSignature } from "../../src/index.ts";
import { scenario } from "./scenario.ts";

describe("invariant scenario: duplicate pods", () => {
  it("reports the violation with its shortest path: the spawner running twice before the recorder", async () => {
    const { builder, initial, options } = scenario.build();
    // The full graph: the step counts and state counts below are its shortest paths and size.
    const result = await builder.build().explore(initial, { ...options, reduction: "none" });
    expect(result.violations.length).toBeGreaterThan(0);
    const v = result.violations[0]!;
    expect(v.invariant).toBe("no more pods than replicas");
    expect(v.message).toBe("foo wants 1 pod(s) but has 2");
    expect(pathSignature(v.path)).toBe("Spawner@1,Spawner@1");
    expect(v.path).toHaveLength(2);
    const aborted = result.abortedStates.find((s) => s.id === v.stateId)!;
    expect(aborted.reason).toBe("invariant");
    // Orderings where the recorder catches up converge with exactly one pod.
    expect(result.convergedStates.length).toBeGreaterThan(0);
    for (const s of result.convergedStates) expect(s.objects.filter((o) => o.kind === "Pod")).toHaveLength(1);
  });
});
