import { describe, expect, it } from "vitest";
import { inspectorLayout, SIDE_BY_SIDE_COLUMNS } from "../../../src/inspect/tui/inspectorLayout.ts";

describe("inspector layout", () => {
  it("stacks list and detail at 80×24 and leaves the last terminal row free", () => {
    const l = inspectorLayout(80, 24, { columnHeader: true, promptLine: true });
    expect(l).toMatchObject({ width: 80, height: 23, sideBySide: false, listWidth: 80, detailWidth: 80, listRows: 7, detailRows: 10 });
    // Header, list title, column header, list rows, detail title, detail rows, prompt, status bar.
    expect(1 + 1 + 1 + l.listRows + 1 + l.detailRows + 1 + 1).toBe(l.height);
    expect(1 + 1 + l.overlayRows + 1 + 1).toBe(l.height);
  });

  it("gives a short list's spare rows to the detail, keeping at least three list rows", () => {
    const l = inspectorLayout(80, 24, { columnHeader: true, promptLine: true, listLength: 1 });
    expect([l.listRows, l.detailRows]).toEqual([3, 14]);
    const five = inspectorLayout(80, 24, { columnHeader: true, promptLine: true, listLength: 5 });
    expect([five.listRows, five.detailRows]).toEqual([5, 12]);
    const long = inspectorLayout(80, 24, { columnHeader: true, promptLine: true, listLength: 500 });
    expect([long.listRows, long.detailRows]).toEqual([7, 10]);
  });

  it("puts the detail beside the list on wide terminals", () => {
    const l = inspectorLayout(SIDE_BY_SIDE_COLUMNS, 40, { columnHeader: false, promptLine: true });
    expect(l.sideBySide).toBe(true);
    expect(l.listWidth + 1 + l.detailWidth).toBe(SIDE_BY_SIDE_COLUMNS);
    expect(l.listRows).toBe(l.detailRows);
  });

  it("keeps every pane at least one row tall on a tiny terminal", () => {
    const l = inspectorLayout(10, 3, { columnHeader: true, promptLine: true });
    expect(l.listRows).toBeGreaterThanOrEqual(1);
    expect(l.detailRows).toBeGreaterThanOrEqual(1);
    expect(l.overlayRows).toBeGreaterThanOrEqual(1);
  });
});
