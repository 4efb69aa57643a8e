import { Box, Text } from "ink";
import type { Line } from "./styledLine.ts";
import { truncate } from "./styledLine.ts";
import { VirtualList } from "./virtualList.tsx";

/** Props of `Pane`. */
export interface PaneProps {
  title: string;
  /** Right side of the title line (position, filter). */
  info?: string;
  columns?: string;
  focused: boolean;
  width: number;
  /** Rows for the list itself (title and column header come on top). */
  rows: number;
  count: number;
  offset: number;
  selected?: number;
  renderRow(i: number): Line;
  empty?: string;
}

/**
 * A titled, windowed list: the title line is highlighted when the pane has the focus, and the
 * cursor row is drawn in reverse video only then.
 */
export function Pane({ title, info = "", columns, focused, width, rows, count, offset, selected, renderRow, empty }: PaneProps) {
  const room = Math.max(0, width - info.length - 1);
  const head = truncate(title, room);
  const gap = Math.max(1, width - head.length - info.length);
  return (
    <Box flexDirection="column" width={width}>
      <Text wrap="truncate-end" bold color={focused ? "cyan" : undefined} inverse={focused}>
        {head}
        {" ".repeat(gap)}
        {info}
      </Text>
      {columns !== undefined && (
        <Text wrap="truncate-end" dimColor>
          {truncate(columns, width)}
        </Text>
      )}
      <VirtualList
        count={count}
        offset={offset}
        rows={rows}
        width={width}
        renderRow={renderRow}
        selected={focused ? selected : undefined}
        empty={empty}
      />
    </Box>
  );
}
