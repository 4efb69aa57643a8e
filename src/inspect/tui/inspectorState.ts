import type { Key } from "ink";
import type { KubeObject } from "../../objects/kubeObject.ts";
import type { LevelView } from "./levelView.ts";
import { visibleRows } from "./listFilter.ts";
import { keepVisible, moveCursor, scrollBy, type Movement } from "./paneCursor.ts";
import type { Line } from "./styledLine.ts";

/** One level on the drill-down stack, with its list cursor, filter and detail cursor. */
export interface Frame {
  view: LevelView;
  selected: number;
  offset: number;
  filter: string;
  detailSelected: number;
  detailOffset: number;
}

/** A full-screen YAML view of one object. */
export interface YamlOverlay {
  kind: "yaml";
  title: string;
  object: KubeObject;
  offset: number;
}

/** The full-screen list of the result's warnings (`w`). */
export interface WarningsOverlay {
  kind: "warnings";
  offset: number;
}

/** A full-screen view over the drill-down: it scrolls, and Esc returns to where it was opened. */
export type Overlay = YamlOverlay | WarningsOverlay;

/** Everything the inspector shows, as plain data: key handling is a pure function of it. */
export interface InspectorState {
  stack: Frame[];
  focus: "list" | "detail";
  overlay?: Overlay;
  /** `filter`: typing a `/` filter; `save`: typing a dump path. */
  mode: "browse" | "filter" | "save";
  input: string;
  message?: { text: string; color: string };
  hideServerFields: boolean;
}

/** What key handling needs to know about the screen as drawn. */
export interface KeyContext {
  listRows: number;
  detailRows: number;
  overlayRows: number;
  /** The detail lines of the current selection (what Enter in the detail pane may open). */
  detailLines: readonly Line[];
  /** Lines of the open overlay. */
  overlayLength: number;
  /** How many warnings the result has (what `w` lists). */
  warnings: number;
  canSave: boolean;
  defaultDumpPath: string;
}

/** Something the app must do after a key: quit, or save a dump to a path. */
export type Command = { type: "quit" } | { type: "save"; path: string };

/** The state a new inspector starts in: the states level, nothing selected but the first row. */
export function initialState(view: LevelView): InspectorState {
  return { stack: [newFrame(view)], focus: "list", mode: "browse", input: "", hideServerFields: true };
}

function newFrame(view: LevelView): Frame {
  return { view, selected: 0, offset: 0, filter: "", detailSelected: 0, detailOffset: 0 };
}

function top(state: InspectorState): Frame {
  return state.stack[state.stack.length - 1]!;
}

function withTop(state: InspectorState, frame: Frame): InspectorState {
  return { ...state, stack: [...state.stack.slice(0, -1), frame] };
}

/** The movement a key asks for, if any. */
function movementOf(input: string, key: Key): Movement | undefined {
  if (key.upArrow || input === "k") return { by: -1 };
  if (key.downArrow || input === "j") return { by: 1 };
  if (key.pageUp) return { pages: -1 };
  if (key.pageDown || input === " ") return { pages: 1 };
  if (key.home || input === "g") return "top";
  if (key.end || input === "G") return "bottom";
  return undefined;
}

/** Printable text of a key press (or paste), without control characters. */
function printable(input: string, key: Key): string {
  if (key.ctrl || key.meta || key.tab || key.return || key.escape) return "";
  // eslint-disable-next-line no-control-regex
  return input.replace(/[\u0000-\u001f\u007f]/g, "");
}

function openSelected(state: InspectorState): InspectorState {
  const frame = top(state);
  const rows = visibleRows(frame.view, frame.filter);
  if (rows.length === 0) return state;
  const opened = frame.view.open(rows.at(frame.selected));
  if (!opened) return { ...state, message: { text: "nothing to open here", color: "gray" } };
  if ("level" in opened) return { ...state, stack: [...state.stack, newFrame(opened.level)], focus: "list" };
  return { ...state, overlay: { kind: "yaml", title: opened.yaml.title, object: opened.yaml.object, offset: 0 } };
}

function back(state: InspectorState): InspectorState {
  if (state.stack.length > 1) return { ...state, stack: state.stack.slice(0, -1), focus: "list" };
  const frame = top(state);
  if (frame.filter !== "") return withTop(state, { ...frame, filter: "", selected: 0, offset: 0 });
  return state;
}

function keyInPrompt(state: InspectorState, input: string, key: Key): { state: InspectorState; command?: Command } {
  const editing = state.mode;
  let text = state.input;
  if (key.escape) {
    if (editing === "filter") return { state: { ...withTop(state, { ...top(state), filter: "", selected: 0, offset: 0 }), mode: "browse", input: "" } };
    return { state: { ...state, mode: "browse", input: "", message: { text: "save cancelled", color: "gray" } } };
  }
  if (key.return) {
    if (editing === "filter") return { state: { ...state, mode: "browse", input: "" } };
    const path = text.trim();
    if (path === "") return { state: { ...state, message: { text: "type a file path to save to", color: "yellow" } } };
    return { state: { ...state, mode: "browse", input: "", message: { text: `saving ${path}…`, color: "gray" } }, command: { type: "save", path } };
  }
  if (key.backspace || key.delete) text = text.slice(0, -1);
  else text += printable(input, key);
  if (editing === "filter") return { state: { ...withTop(state, { ...top(state), filter: text, selected: 0, offset: 0 }), input: text } };
  return { state: { ...state, input: text, message: undefined } };
}

/**
 * The inspector's whole keyboard behaviour: arrows / j k / g G / PgUp PgDn move, Enter opens,
 * Esc goes back or closes a YAML view or the warnings, Tab switches focus, `/` filters, `s` saves
 * a dump, `m` shows or hides server-managed fields, `w` lists the warnings, `q` quits.
 */
export function handleKey(
  state: InspectorState,
  input: string,
  key: Key,
  ctx: KeyContext,
): { state: InspectorState; command?: Command } {
  if (state.mode !== "browse") return keyInPrompt(state, input, key);
  // A message stays until the next key.
  const s: InspectorState = state.message ? { ...state, message: undefined } : state;
  if (input === "q" && !key.ctrl) return { state: s, command: { type: "quit" } };
  const toggleServerFields = (): InspectorState => ({
    ...s,
    hideServerFields: !s.hideServerFields,
    message: { text: s.hideServerFields ? "showing server-managed fields" : "hiding server-managed fields", color: "gray" },
  });

  if (s.overlay) {
    const m = movementOf(input, key);
    if (m) return { state: { ...s, overlay: { ...s.overlay, offset: scrollBy(s.overlay.offset, m, ctx.overlayLength, ctx.overlayRows) } } };
    if (key.escape || key.leftArrow || input === "h") return { state: { ...s, overlay: undefined } };
    if (input === "m" && s.overlay.kind === "yaml") return { state: toggleServerFields() };
    return { state: s };
  }

  const frame = top(s);
  const m = movementOf(input, key);
  if (m) {
    if (s.focus === "list") {
      const rows = visibleRows(frame.view, frame.filter);
      const c = moveCursor(frame, m, rows.length, ctx.listRows);
      if (c.selected === frame.selected && c.offset === frame.offset) return { state: s };
      return { state: withTop(s, { ...frame, ...c, detailSelected: 0, detailOffset: 0 }) };
    }
    const c = moveCursor({ selected: frame.detailSelected, offset: frame.detailOffset }, m, ctx.detailLines.length, ctx.detailRows);
    return { state: withTop(s, { ...frame, detailSelected: c.selected, detailOffset: c.offset }) };
  }
  if (key.return || key.rightArrow || input === "l") {
    if (s.focus === "list") return { state: openSelected(s) };
    const l = ctx.detailLines[frame.detailSelected];
    if (l?.object) return { state: { ...s, overlay: { kind: "yaml", title: l.objectTitle ?? "object", object: l.object, offset: 0 } } };
    return { state: { ...s, message: { text: "Enter opens the YAML of an object line", color: "gray" } } };
  }
  if (key.escape || key.leftArrow || input === "h") return { state: back(s) };
  if (key.tab) {
    const focus = s.focus === "list" ? "detail" : "list";
    const c = keepVisible({ selected: frame.detailSelected, offset: frame.detailOffset }, ctx.detailLines.length, ctx.detailRows);
    return { state: withTop({ ...s, focus }, { ...frame, detailSelected: c.selected, detailOffset: c.offset }) };
  }
  if (input === "/") return { state: { ...s, focus: "list", mode: "filter", input: frame.filter } };
  if (input === "s") {
    if (!ctx.canSave) return { state: { ...s, message: { text: "this result carries no explored graph, so it cannot be saved as a dump", color: "yellow" } } };
    return { state: { ...s, mode: "save", input: ctx.defaultDumpPath } };
  }
  if (input === "m") return { state: toggleServerFields() };
  if (input === "w") {
    if (ctx.warnings === 0) return { state: { ...s, message: { text: "this result has no warnings", color: "gray" } } };
    return { state: { ...s, overlay: { kind: "warnings", offset: 0 } } };
  }
  return { state: s };
}
