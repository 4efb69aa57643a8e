import { describe, expect, it } from "vitest";
import type { LevelView } from "../../../src/inspect/tui/levelView.ts";
import { visibleRows } from "../../../src/inspect/tui/listFilter.ts";

function view(count: number, calls: { n: number }): LevelView {
  return {
    crumb: "",
    title: "",
    opens: "",
    count,
    row: () => ({ spans: [] }),
    filterText: (i) => {
      calls.n++;
      return i % 3 === 0 ? `Converged ${i}` : `aborted ${i}`;
    },
    detail: () => [],
    showsObjects: false,
    open: () => undefined,
  };
}

describe("list filters", () => {
  it("without a filter, cost nothing and map rows to themselves", () => {
    const calls = { n: 0 };
    const rows = visibleRows(view(1_000_000, calls), "");
    expect(rows.length).toBe(1_000_000);
    expect(rows.at(123_456)).toBe(123_456);
    expect(calls.n).toBe(0);
  });

  it("keep the rows whose text contains the filter, ignoring case, and compute each filter once", () => {
    const calls = { n: 0 };
    const v = view(10, calls);
    const rows = visibleRows(v, "converged");
    expect(Array.from({ length: rows.length }, (_, i) => rows.at(i))).toEqual([0, 3, 6, 9]);
    expect(visibleRows(v, "converged")).toBe(rows);
    expect(calls.n).toBe(10);
    expect(visibleRows(v, "ABORTED 4").length).toBe(1);
  });
});
