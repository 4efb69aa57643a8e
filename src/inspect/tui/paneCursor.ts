/** A cursor in a windowed list: the selected row and the first row shown. */
export interface PaneCursor {
  selected: number;
  offset: number;
}

/** A movement: by a number of rows, by pages, or to either end. */
export type Movement = { by: number } | { pages: number } | "top" | "bottom";

/** Keeps `offset` such that the selected row is inside a window of `height` rows. */
export function keepVisible(c: PaneCursor, length: number, height: number): PaneCursor {
  const h = Math.max(1, height);
  const selected = Math.max(0, Math.min(c.selected, length - 1));
  let offset = Math.max(0, Math.min(c.offset, Math.max(0, length - h)));
  if (selected < offset) offset = selected;
  if (selected >= offset + h) offset = selected - h + 1;
  return { selected: Math.max(0, selected), offset };
}

/** Moves the cursor over `length` rows shown `height` at a time. */
export function moveCursor(c: PaneCursor, m: Movement, length: number, height: number): PaneCursor {
  if (length === 0) return { selected: 0, offset: 0 };
  const h = Math.max(1, height);
  let selected: number;
  if (m === "top") selected = 0;
  else if (m === "bottom") selected = length - 1;
  else if ("by" in m) selected = c.selected + m.by;
  else {
    // Page: move the window and the cursor together, as pagers do.
    selected = c.selected + m.pages * h;
    const offset = c.offset + m.pages * h;
    return keepVisible({ selected: Math.max(0, Math.min(selected, length - 1)), offset }, length, h);
  }
  return keepVisible({ selected: Math.max(0, Math.min(selected, length - 1)), offset: c.offset }, length, h);
}

/** Scrolls a view without a cursor (text): only the offset moves. */
export function scrollBy(offset: number, m: Movement, length: number, height: number): number {
  const max = Math.max(0, length - Math.max(1, height));
  if (m === "top") return 0;
  if (m === "bottom") return max;
  const delta = "by" in m ? m.by : m.pages * Math.max(1, height);
  return Math.max(0, Math.min(offset + delta, max));
}
