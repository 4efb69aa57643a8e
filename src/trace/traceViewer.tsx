import { Box, Text, useApp, useInput } from "ink";
import { useState } from "react";

/** One lens as the viewer shows it: a name and its text. */
export interface LensPage {
  name: string;
  text: string;
}

/**
 * The terminal view of a trace: one lens at a time, full screen, scrolled with the arrows,
 * PgUp/PgDn (or space) and g/G; tab or 1-3 switches lens; q or Ctrl-C quits.
 */
export function TraceViewer(props: { title: string; pages: readonly LensPage[]; rows: number; columns: number }) {
  const { exit } = useApp();
  const [page, setPage] = useState(0);
  const [top, setTop] = useState(0);
  const lines = props.pages[page]!.text.replace(/\n$/, "").split("\n");
  const height = Math.max(1, props.rows - 3);
  const maxTop = Math.max(0, lines.length - height);
  const scroll = (to: number) => setTop(Math.max(0, Math.min(maxTop, to)));
  useInput((input, key) => {
    if (input === "q" || (key.ctrl && input === "c")) return exit();
    if (key.tab || input === "\t") {
      setPage((page + 1) % props.pages.length);
      setTop(0);
    } else if (/^[1-9]$/.test(input) && Number(input) <= props.pages.length) {
      setPage(Number(input) - 1);
      setTop(0);
    } else if (key.downArrow || input === "j") scroll(top + 1);
    else if (key.upArrow || input === "k") scroll(top - 1);
    else if (key.pageDown || input === " ") scroll(top + height);
    else if (key.pageUp) scroll(top - height);
    else if (input === "g") scroll(0);
    else if (input === "G") scroll(maxTop);
  });
  const clip = (s: string) => (s.length > props.columns ? s.slice(0, props.columns - 1) + "…" : s);
  return (
    <Box flexDirection="column">
      <Text>
        <Text bold>{clip(props.title)}</Text>
      </Text>
      <Text>
        {props.pages.map((p, i) => (
          <Text key={p.name} inverse={i === page}>{` ${i + 1} ${p.name} `}</Text>
        ))}
      </Text>
      {lines.slice(top, top + height).map((l, i) => (
        <Text key={top + i} color={l.includes("STALE") ? "red" : l.trimStart().startsWith("+") ? "green" : l.trimStart().startsWith("-") ? "red" : undefined}>
          {clip(l) || " "}
        </Text>
      ))}
      <Text dimColor>{clip(`lines ${top + 1}-${Math.min(lines.length, top + height)} of ${lines.length}   tab/1-${props.pages.length} lens  ↑↓ PgUp/PgDn g/G scroll  q quit`)}</Text>
    </Box>
  );
}
