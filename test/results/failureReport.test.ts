import { describe, expect, it } from "vitest";
import { livelocksReport } from "../../src/results/failureReport.ts";
import { fixtureResult, resultState, step } from "../cli/fixtureResult.ts";

describe("livelocksReport", () => {
  it("names the errors of a livelock's component that its cycle does not show", () => {
    const result = fixtureResult({
      nonConverging: [
        resultState("c2", "livelock", {
          cycle: [step("A", 0, "Error: A broke")],
          errors: [
            { reconcilerId: "A", error: "Error: A broke" },
            { reconcilerId: "B", error: "Error: B broke", errorLocation: "b.ts:7:3" },
          ],
        }),
      ],
    });
    const text = livelocksReport(result).join("\n");
    expect(text).toContain("A default/foo failed: Error: A broke");
    expect(text).toContain("    elsewhere in the livelock, failing too:\n      B: Error: B broke (at b.ts:7:3)");
    expect(text).not.toContain("      A: Error: A broke");
  });
});
