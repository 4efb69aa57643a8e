import { Box, Text } from "ink";
import { truncate } from "./styledLine.ts";

/** The keys and notation the help overlay explains, one row each: keys, then what they do. */
export const HELP_ROWS: readonly (readonly [string, string])[] = [
  ["↑↓ j k", "move the cursor"],
  ["PgUp PgDn", "page"],
  ["g G", "first / last"],
  ["⏎ → l", "open: states → paths → steps → reconcile; an object line → its YAML"],
  ["Esc ← h", "back, or close the YAML"],
  ["Tab", "switch between the list and the detail pane"],
  ["/", "filter the list (⏎ keeps the filter, Esc clears it)"],
  ["m", "show or hide server-managed fields (resourceVersion, uid, timestamps)"],
  ["s", "save the result as a dump (reopen it with kamera inspect <file>)"],
  ["t", "write a vitest regression test of the selected state (kamera explore only)"],
  ["w", "list the result's warnings (Esc closes the list)"],
  ["?", "this help"],
  ["q", "quit"],
];

/** What outcomes and path signatures mean, under the keys. */
export const HELP_NOTES: readonly string[] = [
  "Outcomes: converged · keeps failing (a reconciler fails on every retry) · non-converging (a livelock)",
  "          · violation (an invariant failed) · aborted: max-depth, error, limit, no-views",
  "Paths: Reconciler@<writes>, ! after a failed reconcile (threw, rejected, timed out);",
  "       reconciles that wrote nothing are left out. ∞ paths: a cycle lies on a path.",
  "s and t never overwrite: a file name already taken gets -2, -3, … (run-2.dump.json).",
];

/** Props of `HelpOverlay`. */
export interface HelpOverlayProps {
  width: number;
  /** Rows it may use; rows past them are cut (the notes first). */
  rows: number;
}

/**
 * The `?` overlay: every key of the inspector and what outcomes and path signatures mean. Any key
 * closes it (q still quits).
 */
export function HelpOverlay({ width, rows }: HelpOverlayProps) {
  const keyWidth = Math.max(...HELP_ROWS.map(([k]) => k.length)) + 2;
  const lines: { keys?: string; text: string }[] = [
    ...HELP_ROWS.map(([keys, text]) => ({ keys, text })),
    { text: "" },
    ...HELP_NOTES.map((text) => ({ text })),
  ];
  const shown = lines.slice(0, Math.max(0, rows - 1));
  return (
    <Box flexDirection="column" width={width}>
      <Text bold inverse>
        {truncate(" Keys — press any key to close ".padEnd(width), width)}
      </Text>
      {shown.map((l, i) =>
        l.keys !== undefined ? (
          <Text key={i} wrap="truncate-end">
            <Text bold>{`  ${l.keys}`.padEnd(keyWidth + 2)}</Text>
            {truncate(l.text, Math.max(0, width - keyWidth - 2))}
          </Text>
        ) : (
          <Text key={i} wrap="truncate-end" dimColor>
            {truncate(`  ${l.text}`, width)}
          </Text>
        ),
      )}
    </Box>
  );
}
