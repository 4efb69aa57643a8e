import type { Path } from "../../explore/exploreResult.ts";
import { isEffectful, stepSignature } from "../../explore/pathSignature.ts";
import type { LevelView } from "./levelView.ts";
import type { ResultIndex, StateEntry } from "./resultIndex.ts";
import { pendingText } from "../model/requestText.ts";
import { stepsLevel } from "./stepsLevel.ts";
import { line, type Line } from "./styledLine.ts";

/**
 * A path's signature as the inspector shows it: the entries of `pathSignature` (and of the
 * summaries and the browser inspector), joined by arrows as the inspector's spec draws paths,
 * `Foo@1 -> Bar@2` (number of writes after the `@`), `!` after a step that failed; "(no writes)"
 * when nothing was written.
 */
export function displaySignature(path: Path): string {
  const parts = path.filter(isEffectful).map(stepSignature);
  return parts.length ? parts.join(" -> ") : "(no writes)";
}

interface PathItem {
  label: string;
  path?: Path;
  /** Shown but not openable (the "more paths" note). */
  note?: string;
}

/**
 * Level 2: the unique effectful paths to a state (and, for a livelock, one turn of its cycle);
 * the detail names the reconcilers involved, the outcome and what is still pending at the end.
 */
export function pathsLevel(index: ResultIndex, entry: StateEntry): LevelView {
  const state = entry.state;
  const items: PathItem[] = state.paths.map((path, i) => ({ label: `${i + 1}`, path }));
  if (state.cycle) items.push({ label: "⟳", path: state.cycle });
  if (state.pathsTruncated) {
    items.push({ label: "…", note: `more paths exist; only the first ${state.paths.length} unique ones were enumerated` });
  }
  return {
    crumb: `${state.id.slice(0, 8)}… ${entry.style.label}`,
    title: `Paths to ${state.id}`,
    columns: `${"#".padStart(3)}  ${"LENGTH".padStart(6)}  SIGNATURE`,
    opens: "steps",
    count: items.length,
    row(i) {
      const item = items[i]!;
      if (!item.path) return line(`${item.label.padStart(3)}  ${item.note}`, { dim: true });
      const isCycle = item.path === state.cycle;
      return {
        spans: [
          { text: `${item.label.padStart(3)}  ${String(item.path.length).padStart(6)}  ` },
          ...(isCycle ? [{ text: "cycle: ", color: "magenta" }] : []),
          { text: displaySignature(item.path), color: item.path.some((s) => s.error !== undefined) ? "red" : undefined },
        ],
      };
    },
    filterText(i) {
      const item = items[i]!;
      return item.path ? displaySignature(item.path) : (item.note ?? "");
    },
    showsObjects: false,
    detail(i) {
      if (i === undefined) return [line("No recorded path reaches this state.", { dim: true })];
      const item = items[i]!;
      if (!item.path) return [line(item.note ?? "", { dim: true })];
      const path = item.path;
      const reconcilers = [...new Set(path.map((s) => s.reconcilerId))].sort();
      const effectful = path.filter(isEffectful).length;
      const lines: Line[] = [
        line(item.path === state.cycle ? "One turn of the cycle this state is stuck in" : `Path ${item.label}`, { bold: true }),
        line(`Signature: ${displaySignature(path)}`),
        line(`Steps: ${path.length} (${effectful} effectful, ${plural(path.reduce((n, s) => n + s.effects.length, 0), "write")})`),
        line(`Reconcilers: ${reconcilers.join(", ") || "none"}`),
        { spans: [{ text: "Outcome: " }, { text: entry.style.label, color: entry.style.color }] },
      ];
      if (state.pending.length === 0) lines.push(line("Pending at the end: none"));
      else {
        lines.push(line(`Pending at the end (${state.pending.length}):`));
        for (const p of state.pending) lines.push(line(`  ${pendingText(p)}`));
      }
      return lines;
    },
    open(i) {
      const item = items[i]!;
      if (!item.path) return undefined;
      const name = item.path === state.cycle ? "cycle" : `path ${item.label}`;
      return { level: stepsLevel(index, item.path, name) };
    },
  };
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
