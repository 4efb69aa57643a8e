import { Text } from "ink";
import { truncate } from "./styledLine.ts";

/** Props of `PromptLine`. */
export interface PromptLineProps {
  label: string;
  value: string;
  width: number;
}

/** A one-line text input: label, the typed text (its end kept in view) and a block cursor. */
export function PromptLine({ label, value, width }: PromptLineProps) {
  const room = Math.max(1, width - label.length - 2);
  const shown = value.length >= room ? `…${value.slice(value.length - room + 2)}` : value;
  return (
    <Text wrap="truncate-end">
      <Text bold color="cyan">
        {truncate(label, width)}
      </Text>{" "}
      {shown}
      <Text inverse> </Text>
    </Text>
  );
}
