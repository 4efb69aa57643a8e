import { line, type Line } from "./styledLine.ts";

/**
 * The result's warnings as the lines of the `w` view: numbered, word-wrapped to `width` columns
 * (a warning is one long sentence naming a call and its fix; a cut line would lose the fix), and
 * a blank line between two.
 *
 * @example
 * ```ts
 * warningLines(["a long warning"], 10); // "1. a long", "   warning"
 * ```
 */
export function warningLines(warnings: readonly string[], width: number): Line[] {
  const indent = `${warnings.length}. `.length;
  const lines: Line[] = [];
  warnings.forEach((warning, i) => {
    if (i > 0) lines.push(line(""));
    wrap(warning, Math.max(1, width - indent)).forEach((text, row) => {
      const margin = row === 0 ? { text: `${i + 1}.`.padEnd(indent), color: "yellow", bold: true } : { text: " ".repeat(indent) };
      lines.push({ spans: [margin, { text }] });
    });
  });
  return lines;
}

/** `text` in rows of at most `width` columns, broken at whitespace, and inside a word only when it is longer than a row. */
function wrap(text: string, width: number): string[] {
  const rows: string[] = [];
  let row = "";
  for (let word of text.split(/\s+/).filter((w) => w !== "")) {
    if (row !== "" && row.length + 1 + word.length <= width) {
      row += ` ${word}`;
      continue;
    }
    if (row !== "") rows.push(row);
    while (word.length > width) {
      rows.push(word.slice(0, width));
      word = word.slice(width);
    }
    row = word;
  }
  if (row !== "" || rows.length === 0) rows.push(row);
  return rows;
}
