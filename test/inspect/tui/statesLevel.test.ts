import { describe, expect, it } from "vitest";
import { ResultIndex } from "../../../src/inspect/tui/resultIndex.ts";
import { pathCountText, uniquePathsText } from "../../../src/inspect/model/stateRows.ts";
import { statesLevel } from "../../../src/inspect/tui/statesLevel.ts";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import type { ResultState } from "../../../src/explore/exploreResult.ts";
import { sampleStateId } from "../../results/sampleGraph.ts";
import { plainResult, sampleResult } from "./inspectorFixture.ts";

describe("the states level", () => {
  it("lists converged, then non-converging, then aborted states, each in its outcome's colour", () => {
    const view = statesLevel(new ResultIndex(sampleResult(), sampleResult().graph));
    expect(view.count).toBe(5);
    const outcome = (i: number) => view.row(i, 80).spans[1]!;
    expect([0, 1, 2, 3, 4].map((i) => [outcome(i).text.trim(), outcome(i).color])).toEqual([
      ["converged", "green"],
      ["converged", "green"],
      ["non-converging", "magenta"],
      ["aborted: error", "red"],
      ["violation", "red"],
    ]);
  });

  it("shows an infinite path count as ∞ and a capped path list with +", () => {
    const s = { pathCount: 5n, pathCountInfinite: true, paths: [[], []], pathsTruncated: true } as unknown as ResultState;
    expect(pathCountText(s)).toBe("∞");
    expect(uniquePathsText(s)).toBe("2+");
    expect(pathCountText({ ...s, pathCountInfinite: false })).toBe("5");
  });

  it("details a state's violation, error, failed reconcile and pending reconciles", () => {
    const view = statesLevel(new ResultIndex(sampleResult(), sampleResult().graph));
    const violation = view.detail(4, { hideServerFields: true }).map(lineText);
    expect(violation).toContain('Violation of "one config map": 2 ConfigMaps in default');
    expect(violation).toContain("Pending (1):");
    expect(violation).toContain("Objects (3):");
    const error = view.detail(3, { hideServerFields: true }).map(lineText);
    expect(error).toContain("Failed: boom: cannot reach backend");
    expect(error).toContain("Failed reconcile: BarController default/foo");
  });

  it("with states listed but none selected (a filter hides them all), says no state matches the filter", () => {
    const view = statesLevel(new ResultIndex(sampleResult(), sampleResult().graph));
    expect(view.detail(undefined, { hideServerFields: true }).map(lineText)).toEqual(["No state matches the filter."]);
  });

  it("makes every object line of the detail open that object", () => {
    const view = statesLevel(new ResultIndex(plainResult()));
    const objects = view.detail(0, { hideServerFields: true }).filter((l) => l.object);
    expect(objects.map((l) => l.objectTitle)).toEqual(["core/ConfigMap default/cfg (state done)", "webapp.example.com/Foo default/foo (state done)"]);
  });

  it("filters on id, outcome, error and invariant names", () => {
    const view = statesLevel(new ResultIndex(sampleResult(), sampleResult().graph));
    expect(view.filterText(4)).toContain("one config map");
    expect(view.filterText(3)).toContain("boom");
    expect(view.filterText(0)).toContain(sampleStateId(3));
  });
});
