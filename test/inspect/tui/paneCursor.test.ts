import { describe, expect, it } from "vitest";
import { keepVisible, moveCursor, scrollBy } from "../../../src/inspect/tui/paneCursor.ts";

describe("pane cursors", () => {
  it("scroll the window just enough to keep the cursor visible", () => {
    let c = { selected: 0, offset: 0 };
    for (let i = 0; i < 12; i++) c = moveCursor(c, { by: 1 }, 100, 10);
    expect(c).toEqual({ selected: 12, offset: 3 });
    for (let i = 0; i < 5; i++) c = moveCursor(c, { by: -1 }, 100, 10);
    expect(c).toEqual({ selected: 7, offset: 3 });
  });

  it("stop at both ends", () => {
    expect(moveCursor({ selected: 0, offset: 0 }, { by: -1 }, 5, 10)).toEqual({ selected: 0, offset: 0 });
    expect(moveCursor({ selected: 4, offset: 0 }, { by: 1 }, 5, 10)).toEqual({ selected: 4, offset: 0 });
    expect(moveCursor({ selected: 3, offset: 0 }, "bottom", 100, 10)).toEqual({ selected: 99, offset: 90 });
    expect(moveCursor({ selected: 50, offset: 45 }, "top", 100, 10)).toEqual({ selected: 0, offset: 0 });
  });

  it("page window and cursor together", () => {
    expect(moveCursor({ selected: 2, offset: 0 }, { pages: 1 }, 100, 10)).toEqual({ selected: 12, offset: 10 });
    expect(moveCursor({ selected: 95, offset: 90 }, { pages: 1 }, 100, 10)).toEqual({ selected: 99, offset: 90 });
    expect(moveCursor({ selected: 12, offset: 10 }, { pages: -1 }, 100, 10)).toEqual({ selected: 2, offset: 0 });
  });

  it("stay valid on an empty list and after the list shrinks", () => {
    expect(moveCursor({ selected: 5, offset: 3 }, { by: 1 }, 0, 10)).toEqual({ selected: 0, offset: 0 });
    expect(keepVisible({ selected: 50, offset: 45 }, 8, 10)).toEqual({ selected: 7, offset: 0 });
  });

  it("scroll text by lines and pages within its length", () => {
    expect(scrollBy(0, { by: 1 }, 30, 10)).toBe(1);
    expect(scrollBy(0, { pages: 1 }, 30, 10)).toBe(10);
    expect(scrollBy(15, { pages: 1 }, 30, 10)).toBe(20);
    expect(scrollBy(0, "bottom", 30, 10)).toBe(20);
    expect(scrollBy(0, "bottom", 5, 10)).toBe(0);
    expect(scrollBy(3, { by: -5 }, 30, 10)).toBe(0);
  });
});
