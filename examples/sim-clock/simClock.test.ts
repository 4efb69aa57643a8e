import { describe, expect, it } from "vitest";
import { scenario } from "./scenario.ts";

describe("scenario 4: simulated clock", () => {
  it("converges once, by one unique path of three steps, with conditions at epoch, +1h and +2h", async () => {
    const { builder, initial } = scenario.build();
    const result = await builder.build().explore(initial);
    expect(result.abortedStates).toHaveLength(0);
    expect(result.convergedStates).toHaveLength(1);
    const [state] = result.convergedStates;
    expect(state!.paths).toHaveLength(1);
    expect(state!.paths[0]).toHaveLength(3);
    const foo = state!.objects[0] as { status: { conditions: { type: string; lastTransitionTime: string; reason: string }[] } };
    expect(foo.status.conditions.map((c) => [c.type, c.reason, c.lastTransitionTime])).toEqual([
      ["ReadyPhaseOne", "phase-1", "1970-01-01T00:00:00.000Z"],
      ["ReadyPhaseTwo", "phase-2", "1970-01-01T01:00:00.000Z"],
      ["ReadyPhaseThree", "phase-3", "1970-01-01T02:00:00.000Z"],
    ]);
  });
});
