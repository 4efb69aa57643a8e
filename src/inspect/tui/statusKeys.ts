import type { InspectorState } from "./inspectorState.ts";

/** One key hint of the status bar; lower `priority` hints are dropped first when space runs out. */
export interface KeyHint {
  keys: string;
  label: string;
  priority: number;
}

/** What the status bar needs to know beyond the state. */
export interface HintContext {
  /** What Enter opens in the list ("paths", "steps", ...). */
  opens: string;
  /** Whether Enter in the detail pane opens an object (the cursor is on an object line). */
  detailOpens: boolean;
  /** Whether server-managed fields matter on screen (diffs, YAML). */
  showsObjects: boolean;
  canSave: boolean;
  /** How many warnings the result has (`w` lists them). */
  warnings: number;
}

/** The keys that work right now, most important first in priority. */
export function statusKeys(state: InspectorState, ctx: HintContext): KeyHint[] {
  if (state.mode === "filter") {
    return [
      { keys: "type", label: "filter", priority: 9 },
      { keys: "⏎", label: "keep", priority: 8 },
      { keys: "Esc", label: "clear", priority: 8 },
    ];
  }
  if (state.mode === "save") {
    return [
      { keys: "⏎", label: "save", priority: 9 },
      { keys: "Esc", label: "cancel", priority: 9 },
    ];
  }
  const serverFields = { keys: "m", label: state.hideServerFields ? "server fields" : "hide server fields", priority: 3 };
  if (state.overlay) {
    return [
      { keys: "↑↓ jk", label: "scroll", priority: 8 },
      { keys: "PgUp/PgDn", label: "page", priority: 5 },
      { keys: "g/G", label: "ends", priority: 2 },
      ...(state.overlay.kind === "yaml" ? [serverFields] : []),
      { keys: "Esc", label: "close", priority: 9 },
      { keys: "q", label: "quit", priority: 9 },
    ];
  }
  const depth = state.stack.length;
  const filtered = state.stack[depth - 1]!.filter !== "";
  const hints: KeyHint[] = [{ keys: "↑↓ jk", label: "move", priority: 8 }];
  hints.push({ keys: "PgUp/PgDn", label: "page", priority: 2 });
  hints.push({ keys: "g/G", label: "ends", priority: 1 });
  if (state.focus === "list") hints.push({ keys: "⏎", label: ctx.opens, priority: 9 });
  else if (ctx.detailOpens) hints.push({ keys: "⏎", label: "YAML", priority: 9 });
  hints.push({ keys: "Tab", label: state.focus === "list" ? "detail" : "list", priority: 6 });
  hints.push({ keys: "/", label: "filter", priority: 5 });
  if (ctx.showsObjects) hints.push(serverFields);
  if (ctx.canSave) hints.push({ keys: "s", label: "save", priority: 4 });
  if (ctx.warnings > 0) hints.push({ keys: "w", label: "warnings", priority: 5 });
  if (depth > 1 || filtered) hints.push({ keys: "Esc", label: depth > 1 ? "back" : "clear filter", priority: 7 });
  hints.push({ keys: "?", label: "help", priority: 4 });
  hints.push({ keys: "q", label: "quit", priority: 9 });
  return hints;
}

/** The hints that fit in `width` columns, in their original order, separated by two spaces. */
export function fitHints(hints: readonly KeyHint[], width: number): KeyHint[] {
  const kept = [...hints];
  const size = (hs: KeyHint[]) => hs.reduce((n, h) => n + h.keys.length + 1 + h.label.length, 0) + 2 * Math.max(0, hs.length - 1);
  while (kept.length > 1 && size(kept) > width) {
    let lowest = 0;
    for (let i = 1; i < kept.length; i++) if (kept[i]!.priority < kept[lowest]!.priority) lowest = i;
    kept.splice(lowest, 1);
  }
  return kept;
}
