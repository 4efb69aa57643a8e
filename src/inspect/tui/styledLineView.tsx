import { Text } from "ink";
import { fitSpans, type Line } from "./styledLine.ts";

/** Props of `StyledLineView`. */
export interface StyledLineViewProps {
  line: Line;
  width: number;
  /** Draws the line in reverse video across the whole width (the cursor). */
  selected?: boolean;
}

/** One line of styled spans, cut to `width` columns so it never wraps. */
export function StyledLineView({ line, width, selected = false }: StyledLineViewProps) {
  const spans = fitSpans(line.spans, width);
  const used = spans.reduce((n, s) => n + s.text.length, 0);
  return (
    <Text wrap="truncate-end" inverse={selected}>
      {spans.map((s, i) => (
        <Text key={i} color={s.color} bold={s.bold} dimColor={s.dim && !selected}>
          {s.text}
        </Text>
      ))}
      {/* An empty Text takes no row at all: pad so every line is one row tall. */}
      {selected && used < width ? " ".repeat(width - used) : used === 0 ? " " : ""}
    </Text>
  );
}
