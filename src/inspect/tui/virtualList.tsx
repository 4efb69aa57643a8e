import type { ReactElement } from "react";
import { Box, Text } from "ink";
import type { Line } from "./styledLine.ts";
import { StyledLineView } from "./styledLineView.tsx";

/** Props of `VirtualList`. */
export interface VirtualListProps {
  count: number;
  /** First row shown. */
  offset: number;
  /** Rows of screen the list occupies (always filled, so the layout never jumps). */
  rows: number;
  width: number;
  /** Draws row i; called only for rows on screen. */
  renderRow(i: number): Line;
  /** Row drawn as the cursor, if any. */
  selected?: number;
  /** Shown on the first row when the list is empty. */
  empty?: string;
}

/**
 * A windowed list: only the `rows` rows from `offset` are drawn, so a list of a million states
 * costs what a screenful does.
 */
export function VirtualList({ count, offset, rows, width, renderRow, selected, empty }: VirtualListProps) {
  const shown: ReactElement[] = [];
  for (let r = 0; r < rows; r++) {
    const i = offset + r;
    if (i < count) {
      shown.push(<StyledLineView key={r} line={renderRow(i)} width={width} selected={i === selected} />);
    } else if (i === 0 && empty) {
      shown.push(
        <Text key={r} dimColor wrap="truncate-end">
          {empty}
        </Text>,
      );
    } else shown.push(<Text key={r}> </Text>);
  }
  return (
    <Box flexDirection="column" width={width} height={rows} overflow="hidden">
      {shown}
    </Box>
  );
}
