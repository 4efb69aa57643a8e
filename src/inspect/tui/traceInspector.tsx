import { Box, Text, useApp, useInput } from "ink";
import { useMemo, useState } from "react";
import { UNFINISHED, lifecycleText, provenanceText, writeKnowledgeLines } from "../../trace/lensText.ts";
import { TRACE_LENSES, objectFate, type InspectedTrace, type TraceLens } from "../model/inspectedTrace.ts";
import type { TracePlace } from "../model/tracePlace.ts";
import { keyPresses } from "./keyPresses.ts";
import { Pane } from "./pane.tsx";
import { moveCursor, scrollBy, type PaneCursor } from "./paneCursor.ts";
import { line, type Line, type Span } from "./styledLine.ts";
import { StyledLineView } from "./styledLineView.tsx";
import { useTerminalSize } from "./terminalSize.ts";

/** One row of a lens's list: what selects it, how it is drawn, and whether it is flagged. */
interface ListRow {
  key: string;
  line: Line;
  flagged: boolean;
}

const HEADS: Record<TraceLens, { title: string; columns: string }> = {
  lifecycle: { title: "Objects", columns: "object · versions · written by" },
  provenance: { title: "Causal roots", columns: "root · origin · reconciles, writes" },
  knowledge: { title: "Writes in traced reconciles", columns: "# · controller · write · stale reads" },
};

/** The rows of a lens's list, built from the same `InspectedTrace` the browser page uses. */
function listRows(t: InspectedTrace, lens: TraceLens): ListRow[] {
  switch (lens) {
    case "lifecycle":
      return t.objects.map((o) => ({
        key: o.key,
        flagged: false,
        line: { spans: [{ text: o.key }, { text: `  ${o.versions} version(s)  `, dim: true }, { text: [o.writers.join(", ") || "(outside the trace)", ...objectFate(o)].join(" · ") }] },
      }));
    case "provenance":
      return t.roots.map((r) => ({
        key: r.rootId,
        flagged: false,
        line: {
          spans: [
            { text: r.rootId },
            { text: `  ${r.origin ?? "(origin not in the trace)"}  ` },
            { text: `${r.reconciles} reconcile(s), ${r.writes} write(s)`, dim: true },
            ...(r.failed > 0 ? [{ text: `  ${r.failed} failed`, color: "red" }] : []),
            ...(r.unfinished > 0 ? [{ text: `  ${r.unfinished} unfinished`, color: "yellow" }] : []),
          ],
        },
      }));
    default:
      return t.writes.map((w) => {
        const stale = w.reads.filter((r) => r.stale).length;
        const [head] = writeKnowledgeLines(w);
        const spans: Span[] = [{ text: head! }];
        if (stale > 0) spans.push({ text: `  ${stale} STALE`, color: "red", bold: true });
        return { key: w.eventId, flagged: stale > 0, line: { spans } };
      });
  }
}

/** The detail of one item as styled lines: diffs in green and red, stale reads in red. */
function detailLines(t: InspectedTrace, lens: TraceLens, key: string | undefined): Line[] {
  if (key === undefined) return [line("nothing to show", { dim: true })];
  let text: string[];
  if (lens === "lifecycle") text = lifecycleText(t.lifecycle(key)).replace(/\n$/, "").split("\n");
  else if (lens === "provenance") {
    const tree = t.tree(key);
    text = tree ? provenanceText([tree]).replace(/\n$/, "").split("\n") : [`no root ${key}`];
  } else {
    const w = t.write(key);
    text = w ? writeKnowledgeLines(w) : [`no write ${key}`];
  }
  return text.map((l) => {
    const s = l.trimStart();
    if (l.includes("STALE")) return line(l, { color: "red", bold: true });
    // A failed or unfinished reconcile, on the line of the reconcile, of a write it made, or of a version it wrote.
    if (/^(reconcile |#\d|rv )/.test(s) && s.includes("failed: ")) return line(l, { color: "red" });
    if (/^(reconcile |#\d|rv )/.test(s) && s.includes(UNFINISHED)) return line(l, { color: "yellow" });
    if (s.startsWith("@@")) return line(l, { dim: true });
    if (s.startsWith("+")) return line(l, { color: "green" });
    if (s.startsWith("-")) return line(l, { color: "red" });
    if (s.startsWith("rv ") || s.startsWith("root ") || s.startsWith("lifecycle of ")) return line(l, { bold: true });
    if (s.startsWith("first life, ") || s.startsWith("recreated: ")) return line(l, { bold: true, color: "cyan" });
    return line(l);
  });
}

/** Props of `TraceInspector`. */
export interface TraceInspectorProps {
  trace: InspectedTrace;
  /** Fixed size (tests); otherwise the terminal's, following resizes. */
  columns?: number;
  rows?: number;
  /** Where to open: a lens, and an item of it (an object key, a root id, a write's event id). */
  start?: TracePlace;
}

/**
 * The terminal inspector of a trace: the three lenses as tabs, each a list (objects, causal roots,
 * writes) over the detail of the selected item (its versions with diffs and writers, its causal
 * tree, what its reconcile had read with stale reads in red). Keys: tab or 1-3 switch lens, ↑↓ or
 * j k move in the list, g G first/last, PgUp PgDn (space) scroll the detail, s shows only writes
 * on stale reads, n jumps to the next of them, q quits.
 */
/** What the inspector shows: the lens, a cursor per lens, the detail's scroll and the stale-only filter. */
interface ViewState {
  lens: TraceLens;
  cursors: Record<TraceLens, PaneCursor>;
  detailTop: number;
  staleOnly: boolean;
}

/** What a key press needs to know besides the state: the lists, and how the screen is divided. */
interface ViewEnv {
  all: Record<TraceLens, ListRow[]>;
  bodyRows: number;
  detailLength(lens: TraceLens, key: string | undefined): number;
}

function itemsOf(s: ViewState, env: ViewEnv): ListRow[] {
  return s.lens === "knowledge" && s.staleOnly ? env.all.knowledge.filter((r) => r.flagged) : env.all[s.lens];
}

/** How the body is split: the list takes at most a third, the detail the rest (title lines included). */
function layout(count: number, bodyRows: number): { listRows: number; detailRows: number } {
  const listRows = Math.max(1, Math.min(count || 1, Math.floor(bodyRows / 3)));
  return { listRows, detailRows: Math.max(1, bodyRows - listRows - 3) };
}

function selectedKeyOf(s: ViewState, env: ViewEnv): string | undefined {
  const items = itemsOf(s, env);
  return items[Math.min(s.cursors[s.lens].selected, items.length - 1)]?.key;
}

/**
 * One key press applied to the state. A pure function of the state before it, so presses that
 * arrive faster than the screen is drawn ("jjj", a held PgDn) each count.
 */
function pressKey(s: ViewState, ch: string, k: { tab?: boolean; downArrow?: boolean; upArrow?: boolean; pageDown?: boolean; pageUp?: boolean }, env: ViewEnv): ViewState {
  const items = itemsOf(s, env);
  const { listRows, detailRows } = layout(items.length, env.bodyRows);
  const cursor = s.cursors[s.lens];
  const withCursor = (c: PaneCursor): ViewState => ({ ...s, cursors: { ...s.cursors, [s.lens]: c }, detailTop: 0 });
  const lensIndex = TRACE_LENSES.indexOf(s.lens);
  if (k.tab) return { ...s, lens: TRACE_LENSES[(lensIndex + 1) % TRACE_LENSES.length]!, detailTop: 0 };
  if (/^[1-3]$/.test(ch)) return { ...s, lens: TRACE_LENSES[Number(ch) - 1]!, detailTop: 0 };
  if (k.downArrow || ch === "j") return withCursor(moveCursor(cursor, { by: 1 }, items.length, listRows));
  if (k.upArrow || ch === "k") return withCursor(moveCursor(cursor, { by: -1 }, items.length, listRows));
  if (ch === "g") return withCursor(moveCursor(cursor, "top", items.length, listRows));
  if (ch === "G") return withCursor(moveCursor(cursor, "bottom", items.length, listRows));
  const detailLength = () => env.detailLength(s.lens, selectedKeyOf(s, env));
  if (k.pageDown || ch === " ") return { ...s, detailTop: scrollBy(s.detailTop, { pages: 1 }, detailLength(), detailRows) };
  if (k.pageUp) return { ...s, detailTop: scrollBy(s.detailTop, { pages: -1 }, detailLength(), detailRows) };
  if (s.lens !== "knowledge") return s;
  if (ch === "s") {
    // The selected write stays selected when it is still listed.
    const key = selectedKeyOf(s, env);
    const next = { ...s, staleOnly: !s.staleOnly };
    const list = itemsOf(next, env);
    const at = Math.max(0, list.findIndex((r) => r.key === key));
    return { ...next, cursors: { ...s.cursors, knowledge: moveCursor({ selected: at, offset: 0 }, { by: 0 }, list.length, layout(list.length, env.bodyRows).listRows) }, detailTop: 0 };
  }
  if (ch === "n") {
    const from = Math.min(cursor.selected, items.length - 1);
    for (let step = 1; step <= items.length; step++) {
      const i = (from + step) % items.length;
      if (items[i]!.flagged) return withCursor(moveCursor({ ...cursor, selected: i }, { by: 0 }, items.length, listRows));
    }
  }
  return s;
}

/**
 * The terminal inspector of a trace: the three lenses as tabs, each a list (objects, causal roots,
 * writes) over the detail of the selected item (its versions with diffs and writers, its causal
 * tree, what its reconcile had read with stale reads in red). Keys: tab or 1-3 switch lens, ↑↓ or
 * j k move in the list, g G first/last, PgUp PgDn (space) scroll the detail, s shows only writes
 * on stale reads, n jumps to the next of them, q quits.
 */
export function TraceInspector({ trace, columns, rows, start }: TraceInspectorProps) {
  const { exit } = useApp();
  const size = useTerminalSize({ ...(columns !== undefined ? { columns } : {}), ...(rows !== undefined ? { rows } : {}) });
  const all = useMemo(() => ({ lifecycle: listRows(trace, "lifecycle"), provenance: listRows(trace, "provenance"), knowledge: listRows(trace, "knowledge") }), [trace]);
  const details = useMemo(() => new Map<string, Line[]>(), [trace]);
  const detailOf = (lens: TraceLens, key: string | undefined): Line[] => {
    const id = `${lens} ${key ?? ""}`;
    let d = details.get(id);
    if (!d) {
      try {
        d = detailLines(trace, lens, key);
      } catch (e) {
        d = [line(e instanceof Error ? e.message : String(e), { color: "red" })];
      }
      details.set(id, d);
    }
    return d;
  };
  // One row is left free, as the exploration inspector does: a frame as tall as the terminal scrolls it by a line.
  const env: ViewEnv = { all, bodyRows: Math.max(4, size.rows - 4), detailLength: (l, k) => detailOf(l, k).length };
  const [state, setState] = useState<ViewState>(() => {
    const c = { lifecycle: { selected: 0, offset: 0 }, provenance: { selected: 0, offset: 0 }, knowledge: { selected: 0, offset: 0 } };
    if (!start) return { lens: "lifecycle", cursors: c, detailTop: 0, staleOnly: false };
    const at = start.item === undefined ? 0 : Math.max(0, all[start.lens].findIndex((r) => r.key === start.item));
    return { lens: start.lens, cursors: { ...c, [start.lens]: { selected: at, offset: at } }, detailTop: 0, staleOnly: false };
  });

  useInput((input, key) => {
    for (const [ch, k] of keyPresses(input, key)) {
      if (ch === "q" || (k.ctrl && ch === "c")) return exit();
      setState((s) => pressKey(s, ch, k, env));
    }
  });

  const { lens, staleOnly, detailTop } = state;
  const items = itemsOf(state, env);
  const cursor = state.cursors[lens];
  const selectedKey = selectedKeyOf(state, env);
  const detail = detailOf(lens, selectedKey);
  const { listRows: listRowsShown, detailRows } = layout(items.length, env.bodyRows);
  const width = size.columns;
  const clipped = (text: string) => (text.length > width ? `${text.slice(0, width - 1)}…` : text);
  const position = items.length === 0 ? "0 of 0" : `${Math.min(cursor.selected, items.length - 1) + 1} of ${items.length}${lens === "knowledge" && staleOnly ? " stale" : ""}`;
  const shownDetail = detail.slice(detailTop, detailTop + detailRows);
  const keys = `tab/1-3 lens  ↑↓ j k select  g G first/last  PgUp/PgDn detail${lens === "knowledge" ? "  s stale only  n next stale" : ""}  q quit`;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        {clipped(`${trace.name}: ${trace.summary()}`)}
      </Text>
      <Text wrap="truncate-end">
        {TRACE_LENSES.map((l, i) => (
          <Text key={l} inverse={l === lens} bold={l === lens}>{` ${i + 1} ${l} `}</Text>
        ))}
      </Text>
      <Pane
        title={HEADS[lens].title}
        info={position}
        columns={HEADS[lens].columns}
        focused
        width={width}
        rows={listRowsShown}
        count={items.length}
        offset={cursor.offset}
        selected={Math.min(cursor.selected, items.length - 1)}
        renderRow={(i) => items[i]!.line}
        empty={lens === "knowledge" && staleOnly ? "no write acted on a stale read" : "nothing in this lens"}
      />
      <Text wrap="truncate-end" bold dimColor>
        {clipped(`── ${selectedKey === undefined ? "" : `${lens === "knowledge" ? "write, event " : lens === "provenance" ? "root " : ""}${selectedKey}`} ${detail.length > detailRows ? `(lines ${detailTop + 1}-${Math.min(detail.length, detailTop + detailRows)} of ${detail.length})` : ""}`)}
      </Text>
      <Box flexDirection="column" height={detailRows} overflow="hidden">
        {shownDetail.map((l, i) => (
          <StyledLineView key={detailTop + i} line={l} width={width} />
        ))}
      </Box>
      <Text dimColor wrap="truncate-end">
        {clipped(keys)}
      </Text>
    </Box>
  );
}
