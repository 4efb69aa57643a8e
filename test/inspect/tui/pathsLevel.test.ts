import { describe, expect, it } from "vitest";
import { displaySignature, pathsLevel } from "../../../src/inspect/tui/pathsLevel.ts";
import { ResultIndex } from "../../../src/inspect/tui/resultIndex.ts";
import { lineText } from "../../../src/inspect/tui/styledLine.ts";
import type { ResultState, Step } from "../../../src/explore/exploreResult.ts";
import { plainResult } from "./inspectorFixture.ts";

const step = (reconcilerId: string, writes: number, error?: string): Step => ({
  reconcilerId,
  request: { namespace: "", name: "x" },
  effects: Array.from({ length: writes }, () => ({ op: "UPDATE" as const, kind: "core/ConfigMap", namespace: "", name: "x" })),
  stateBefore: "a",
  stateAfter: "b",
  ...(error ? { error } : {}),
});

describe("the paths level", () => {
  it("writes signatures as Foo@1 -> Bar@2, the entries of pathSignature joined by arrows, marking errors with ! and skipping steps that did nothing", () => {
    expect(displaySignature([step("Foo", 1), step("Idle", 0), step("Bar", 2), step("Baz", 0, "boom")])).toBe("Foo@1 -> Bar@2 -> Baz@0!");
    expect(displaySignature([step("Idle", 0)])).toBe("(no writes)");
  });

  it("notes capped enumeration in a final row that opens nothing", () => {
    const result = plainResult();
    const state = { ...result.convergedStates[0]!, pathsTruncated: true } as ResultState;
    const index = new ResultIndex(result);
    const view = pathsLevel(index, { ...index.entries[0]!, state });
    expect(view.count).toBe(2);
    expect(lineText(view.row(1, 80))).toContain("more paths exist; only the first 1 unique ones were enumerated");
    expect(view.open(1)).toBeUndefined();
    expect(view.open(0)).toMatchObject({ level: { title: "Steps of path 1" } });
  });

  it("details the reconcilers, the outcome and the pending reconciles at the end", () => {
    const index = new ResultIndex(plainResult());
    const detail = pathsLevel(index, index.entries[0]!).detail(0, { hideServerFields: true }).map(lineText);
    expect(detail).toEqual([
      "Path 1",
      "Signature: FooController@1 -> BarController@2",
      "Steps: 2 (2 effectful, 3 writes)",
      "Reconcilers: BarController, FooController",
      "Outcome: converged",
      "Pending at the end: none",
    ]);
  });
});
