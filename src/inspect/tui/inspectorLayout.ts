/** Where the inspector's panes go on a terminal of a given size. */
export interface InspectorLayout {
  width: number;
  /** Rows the inspector draws: one less than the terminal, so Ink never scrolls or clears the screen. */
  height: number;
  sideBySide: boolean;
  listWidth: number;
  detailWidth: number;
  /** Rows of list items (below the pane title and column header). */
  listRows: number;
  /** Rows of detail lines (below the pane title). */
  detailRows: number;
  /** Rows of a full-screen YAML view (below its title). */
  overlayRows: number;
}

/** Terminals at least this wide put the detail beside the list instead of below it. */
export const SIDE_BY_SIDE_COLUMNS = 140;

/**
 * Splits the screen: a header line, an optional stats line, the list pane (title, column header, rows), the detail pane
 * (title, rows), an optional prompt line and the status bar. At 80×24 a long list shows 7 rows
 * and the detail 10; a short list (`listLength`, e.g. one reconcile's few effects) gives its
 * spare rows to the detail, where diffs need them.
 */
export function inspectorLayout(
  columns: number,
  rows: number,
  opts: { columnHeader: boolean; promptLine: boolean; listLength?: number; statsLine?: boolean },
): InspectorLayout {
  const width = Math.max(20, columns);
  const height = Math.max(8, rows - 1);
  const body = height - 2 - (opts.promptLine ? 1 : 0) - (opts.statsLine ? 1 : 0);
  const header = opts.columnHeader ? 1 : 0;
  const overlayRows = Math.max(1, body - 1);
  if (width >= SIDE_BY_SIDE_COLUMNS) {
    const listWidth = Math.floor(width / 2);
    return {
      width,
      height,
      sideBySide: true,
      listWidth,
      detailWidth: width - listWidth - 1,
      listRows: Math.max(1, body - 1 - header),
      detailRows: Math.max(1, body - 1),
      overlayRows,
    };
  }
  const avail = Math.max(2, body - 2 - header);
  const MIN_LIST_ROWS = 3;
  const listRows = Math.max(1, Math.min(Math.floor(avail * 0.45), Math.max(MIN_LIST_ROWS, opts.listLength ?? Infinity)));
  return { width, height, sideBySide: false, listWidth: width, detailWidth: width, listRows, detailRows: Math.max(1, avail - listRows), overlayRows };
}
