import { pendingText } from "../model/requestText.ts";
import { pathCountText, uniquePathsText } from "../model/stateRows.ts";
import type { LevelView } from "./levelView.ts";
import { objectLine } from "./objectLine.ts";
import { pathsLevel } from "./pathsLevel.ts";
import type { ResultIndex, StateEntry } from "./resultIndex.ts";
import { cell, line, type Line } from "./styledLine.ts";

/** The lines saying where a state stands: outcome, counts, violations, error, pending reconciles. */
export function stateSummary(entry: StateEntry): Line[] {
  const s = entry.state;
  const lines: Line[] = [
    {
      spans: [
        { text: "State ", bold: true },
        { text: s.id, bold: true },
        { text: "  " },
        { text: entry.style.label, color: entry.style.color, bold: true },
      ],
    },
    line(`Paths: ${pathCountText(s)} (${uniquePathsText(s)} unique effectful)${s.pathCountInfinite ? " — a cycle lies on some path" : ""}`),
  ];
  for (const v of entry.violations) lines.push(line(`Violation of "${v.invariant}": ${v.message}`, { color: "red" }));
  if (s.error !== undefined) lines.push(line(`Failed: ${s.error}`, { color: "red" }));
  if (s.failedReconcile) lines.push(line(`Failed reconcile: ${pendingText(s.failedReconcile)}`, { color: "red" }));
  if (s.errorLocation !== undefined) lines.push(line(`Thrown at: ${s.errorLocation}`, { color: "red" }));
  if (s.pending.length === 0) lines.push(line("Pending: none"));
  else {
    lines.push(line(`Pending (${s.pending.length}):`));
    for (const p of s.pending) lines.push(line(`  ${pendingText(p)}`));
  }
  return lines;
}

/**
 * Level 1: every result state with its outcome, object and pending counts, path count and unique
 * paths; the detail lists the state's objects (Enter shows one as YAML).
 */
export function statesLevel(index: ResultIndex): LevelView {
  const entries = index.entries;
  return {
    crumb: "states",
    title: "States",
    columns: `${cell("ID", 16)}  ${cell("OUTCOME", 20)} ${"OBJ".padStart(4)} ${"PEND".padStart(4)} ${"PATHS".padStart(8)} ${"UNIQUE".padStart(6)}`,
    opens: "paths",
    count: entries.length,
    row(i) {
      const { state, style } = entries[i]!;
      return {
        spans: [
          { text: `${cell(state.id, 16)}  ` },
          { text: cell(style.label, 20), color: style.color },
          {
            text:
              ` ${String(state.objects.length).padStart(4)} ${String(state.pending.length).padStart(4)}` +
              ` ${pathCountText(state).padStart(8)} ${uniquePathsText(state).padStart(6)}`,
          },
        ],
      };
    },
    filterText(i) {
      const { state, style, violations } = entries[i]!;
      return `${state.id} ${style.label} ${state.error ?? ""} ${violations.map((v) => v.invariant).join(" ")}`;
    },
    showsObjects: false,
    detail(i) {
      // Nothing selected in a non-empty list: the `/` filter hides every state.
      if (i === undefined) return [line(entries.length === 0 ? "No states: the exploration found nothing to report." : "No state matches the filter.", { dim: true })];
      const entry = entries[i]!;
      const objects = entry.state.objects;
      return [
        ...stateSummary(entry),
        line(`Objects (${objects.length}):`, { bold: true }),
        ...objects.map((o) => objectLine(o, index.shortHash(o), `state ${entry.state.id}`)),
      ];
    },
    open(i) {
      return { level: pathsLevel(index, entries[i]!) };
    },
  };
}
