import { Text } from "ink";
import { truncate } from "./styledLine.ts";

/** Props of `HeaderBar`. */
export interface HeaderBarProps {
  /** Breadcrumbs of the drill-down, outermost first. */
  crumbs: readonly string[];
  /** Right side: what the result holds. */
  summary: string;
  width: number;
}

/**
 * The top line: where in the drill-down we are, and a summary of the result in the space the
 * breadcrumbs leave (the breadcrumbs win: they say where Esc leads).
 */
export function HeaderBar({ crumbs, summary, width }: HeaderBarProps) {
  const left = truncate(["kamera", ...crumbs].join(" › "), width);
  const room = width - left.length - 2;
  const right = room >= 12 ? truncate(summary, room) : "";
  return (
    <Text wrap="truncate-end">
      <Text bold>{left}</Text>
      {right ? " ".repeat(width - left.length - right.length) : ""}
      <Text dimColor>{right}</Text>
    </Text>
  );
}
