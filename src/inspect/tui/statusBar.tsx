import { Text } from "ink";
import { fitHints, type KeyHint } from "./statusKeys.ts";

/** Props of `StatusBar`. */
export interface StatusBarProps {
  hints: readonly KeyHint[];
  width: number;
}

/** The bottom line: the keys that work here, as many as fit, most useful kept. */
export function StatusBar({ hints, width }: StatusBarProps) {
  const shown = fitHints(hints, width);
  return (
    <Text wrap="truncate-end">
      {shown.map((h, i) => (
        <Text key={h.keys + h.label}>
          {i > 0 ? "  " : ""}
          <Text bold color="cyan">
            {h.keys}
          </Text>{" "}
          <Text>{h.label}</Text>
        </Text>
      ))}
    </Text>
  );
}
