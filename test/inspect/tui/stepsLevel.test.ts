import { describe, expect, it } from "vitest";
import { stepsLevel } from "../../../src/inspect/tui/stepsLevel.ts";
import { ResultIndex } from "../../../src/inspect/tui/resultIndex.ts";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import { plainResult } from "./inspectorFixture.ts";

describe("stepsLevel", () => {
  it("a path with no steps says paths leave out reconciles that wrote nothing, not that the state is the initial one", () => {
    // A state one no-op reconcile away from the initial state has such a path: its steps all wrote nothing.
    const level = stepsLevel(new ResultIndex(plainResult()), [], "path 1");
    expect(level.count).toBe(0);
    expect(level.detail(undefined, { hideServerFields: true }).map(lineText)).toEqual([
      "This path has no steps that wrote or failed: the state is the initial one, or is reached from it by reconciles that wrote nothing (paths leave those out).",
    ]);
  });
});
