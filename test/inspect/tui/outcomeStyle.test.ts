import { describe, expect, it } from "vitest";
import { outcomeStyle } from "../../../src/inspect/tui/outcomeStyle.ts";

describe("outcome styles", () => {
  it("colour converged green, violations, errors and failing reconcilers red, livelocks magenta, other aborts yellow", () => {
    expect(outcomeStyle("keeps-failing", "keeps-failing")).toEqual({ label: "keeps failing", color: "red" });
    expect(outcomeStyle("converged", "converged")).toEqual({ label: "converged", color: "green" });
    expect(outcomeStyle("violation", "invariant")).toEqual({ label: "violation", color: "red" });
    expect(outcomeStyle("aborted", "error")).toEqual({ label: "aborted: error", color: "red" });
    expect(outcomeStyle("non-converging", "livelock")).toEqual({ label: "non-converging", color: "magenta" });
    expect(outcomeStyle("aborted", "max-depth")).toEqual({ label: "aborted: max-depth", color: "yellow" });
    expect(outcomeStyle("aborted", "limit")).toEqual({ label: "aborted: limit", color: "yellow" });
  });
});
