import { describe, expect, it } from "vitest";
import { scenario } from "./scenario.ts";

describe("livelock scenario", () => {
  it("never converges and reports the fight as one non-converging component with a path into it and its cycle", async () => {
    const { builder, initial } = scenario.build();
    const result = await builder.build().explore(initial);
    expect(result.complete).toBe(true);
    expect(result.convergedStates).toHaveLength(0);
    expect(result.abortedStates).toHaveLength(0);
    expect(result.nonConverging).toHaveLength(1);
    const [stuck] = result.nonConverging;
    expect(stuck!.reason).toBe("livelock");
    expect(stuck!.pathCountInfinite).toBe(true);
    // The path leads into the component; the cycle returns to where it starts, and both fighters write in it.
    expect(stuck!.paths[0]!.at(-1)?.stateAfter ?? stuck!.id).toBe(stuck!.id);
    const cycle = stuck!.cycle!;
    expect(cycle.length).toBeGreaterThan(0);
    expect(cycle[0]!.stateBefore).toBe(stuck!.id);
    expect(cycle.at(-1)!.stateAfter).toBe(stuck!.id);
    const writers = new Set(cycle.filter((s) => s.effects.length > 0).map((s) => s.reconcilerId));
    expect([...writers].sort()).toEqual(["AlphaFighter", "BetaFighter"]);
  });
});
