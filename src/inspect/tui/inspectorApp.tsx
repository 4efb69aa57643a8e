import { Box, Text, useApp, useInput } from "ink";
import { useMemo, useRef, useState } from "react";
import type { ExploreResult, ResultState } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { HeaderBar } from "./headerBar.tsx";
import { HelpOverlay } from "./helpOverlay.tsx";
import { handleKey, initialState, type Frame, type InspectorState, type KeyContext } from "./inspectorState.ts";
import { inspectorLayout, type InspectorLayout } from "./inspectorLayout.ts";
import { keyPresses } from "./keyPresses.ts";
import { visibleRows } from "./listFilter.ts";
import { objectYaml, yamlLines } from "./objectYaml.ts";
import { Pane } from "./pane.tsx";
import { PromptLine } from "./promptLine.tsx";
import { ResultIndex } from "./resultIndex.ts";
import { statesLevel } from "./statesLevel.ts";
import { StatsHeader } from "./statsHeader.tsx";
import { StatusBar } from "./statusBar.tsx";
import { statusKeys } from "./statusKeys.ts";
import { truncate, type Line } from "./styledLine.ts";
import { useTerminalSize } from "./terminalSize.ts";
import { warningLines } from "./warningLines.ts";

/** Props of `InspectorApp`. */
export interface InspectorAppProps {
  result: ExploreResult & { graph?: ResultGraph; warnings?: readonly string[] };
  /** Fixed size (default: the terminal's, following resizes). */
  columns?: number;
  rows?: number;
  /** The path `s` offers. */
  dumpPath?: string;
  /** Saves a dump and says what was saved; errors are shown in the message line. */
  save(path: string): Promise<string>;
  /**
   * `t`: writes a regression test of the state the cursor is on (or whose paths and steps are
   * open) and says where; absent when the scenario's module is not known.
   */
  exportTest?(state: ResultState): Promise<string>;
}

/** Detail lines of a frame's selection, computed once per (view, row, display option). */
const detailCache = new WeakMap<Frame["view"], { row: number | undefined; hide: boolean; lines: Line[] }>();

function detailOf(frame: Frame, hideServerFields: boolean): { row: number | undefined; lines: Line[] } {
  const rows = visibleRows(frame.view, frame.filter);
  const row = rows.length > 0 ? rows.at(Math.min(frame.selected, rows.length - 1)) : undefined;
  const hit = detailCache.get(frame.view);
  if (hit && hit.row === row && hit.hide === hideServerFields) return hit;
  const entry = { row, hide: hideServerFields, lines: frame.view.detail(row, { hideServerFields }) };
  detailCache.set(frame.view, entry);
  return entry;
}

function layoutOf(state: InspectorState, columns: number, rows: number): InspectorLayout {
  const frame = state.stack[state.stack.length - 1]!;
  // The unfiltered length, so the panes do not jump while a filter is typed.
  return inspectorLayout(columns, rows, { columnHeader: frame.view.columns !== undefined, promptLine: true, listLength: frame.view.count, statsLine: true });
}

/** The open overlay's lines; the warnings are wrapped to the screen's `width`. */
function overlayLines(state: InspectorState, warnings: readonly string[], width: number): Line[] {
  if (state.overlay?.kind === "yaml") return yamlLines(objectYaml(state.overlay.object, { hideServerFields: state.hideServerFields }));
  if (state.overlay?.kind === "warnings") return warningLines(warnings, width);
  return [];
}

function summaryOf(result: ExploreResult): string {
  const parts = [`${result.convergedStates.length} converged`];
  if (result.keepsFailing?.length) parts.push(`${result.keepsFailing.length} failing`);
  if (result.nonConverging.length) parts.push(`${result.nonConverging.length} non-converging`);
  if (result.abortedStates.length) parts.push(`${result.abortedStates.length} aborted`);
  if (!result.complete) parts.push("partial");
  return parts.join(", ");
}

/**
 * The terminal inspector: a drill-down from states to paths to steps to one reconcile's effects,
 * each level a list above (or, on wide terminals, beside) a detail pane that follows the cursor.
 */
export function InspectorApp({ result, columns, rows, dumpPath = "kamera-dump.json", save, exportTest }: InspectorAppProps) {
  const index = useMemo(() => new ResultIndex(result, result.graph), [result]);
  const warnings = result.warnings ?? [];
  const [state, setState] = useState<InspectorState>(() => initialState(statesLevel(index)));
  // Keys may arrive faster than renders: handle each against the latest state, not the last drawn.
  const latest = useRef(state);
  const size = useTerminalSize({ columns, rows });
  const sizeRef = useRef(size);
  sizeRef.current = size;
  const { exit } = useApp();

  const update = (next: InspectorState): void => {
    latest.current = next;
    setState(next);
  };

  const contextOf = (s: InspectorState): KeyContext => {
    const layout = layoutOf(s, sizeRef.current.columns, sizeRef.current.rows);
    const frame = s.stack[s.stack.length - 1]!;
    return {
      listRows: layout.listRows,
      detailRows: layout.detailRows,
      overlayRows: layout.overlayRows,
      detailLines: detailOf(frame, s.hideServerFields).lines,
      overlayLength: overlayLines(s, warnings, layout.width).length,
      canSave: index.canSave,
      defaultDumpPath: dumpPath,
      warnings: warnings.length,
    };
  };

  // The help overlay is the app's own: it changes nothing of the drill-down underneath.
  const [helpOpen, setHelpOpen] = useState(false);
  const helpRef = useRef(false);
  const showHelp = (open: boolean): void => {
    helpRef.current = open;
    setHelpOpen(open);
  };

  useInput((input, key) => {
    for (const [one, k] of keyPresses(input, key)) {
      if (helpRef.current) {
        showHelp(false);
        if (one === "q" && !k.ctrl) {
          exit();
          return;
        }
        continue;
      }
      if (one === "?" && latest.current.mode === "browse") {
        showHelp(true);
        continue;
      }
      if (one === "t" && !k.ctrl && latest.current.mode === "browse") {
        // Every level below the states list is about the state selected there.
        const states = latest.current.stack[0]!;
        const rows = visibleRows(states.view, states.filter);
        const entry = rows.length > 0 ? index.entries[rows.at(Math.min(states.selected, rows.length - 1))] : undefined;
        if (!exportTest || !entry) {
          update({ ...latest.current, message: { text: exportTest ? "no state to export" : "exporting a test needs the scenario's module: run kamera explore on it", color: "yellow" } });
          continue;
        }
        update({ ...latest.current, message: { text: `exporting a test of state ${entry.state.id}…`, color: "gray" } });
        exportTest(entry.state).then(
          (text) => update({ ...latest.current, message: { text, color: "green" } }),
          (e: unknown) => update({ ...latest.current, message: { text: `export failed: ${(e as Error).message}`, color: "red" } }),
        );
        continue;
      }
      const { state: next, command } = handleKey(latest.current, one, k, contextOf(latest.current));
      update(next);
      if (command?.type === "quit") {
        exit();
        return;
      }
      if (command?.type === "save") {
        save(command.path).then(
          (text) => update({ ...latest.current, message: { text, color: "green" } }),
          (e: unknown) => update({ ...latest.current, message: { text: `save failed: ${(e as Error).message}`, color: "red" } }),
        );
      }
    }
  });

  const layout = layoutOf(state, size.columns, size.rows);
  const frame = state.stack[state.stack.length - 1]!;
  const view = frame.view;
  const visible = visibleRows(view, frame.filter);
  const detail = detailOf(frame, state.hideServerFields);
  const crumbs = state.stack.map((f) => f.view.crumb);
  const detailLine = detail.lines[frame.detailSelected];
  const hints = statusKeys(state, {
    opens: view.opens,
    detailOpens: state.focus === "detail" && detailLine?.object !== undefined,
    showsObjects: view.showsObjects || state.overlay !== undefined,
    canSave: index.canSave,
    warnings: warnings.length,
  });

  const position = visible.length ? `${Math.min(frame.selected, visible.length - 1) + 1}/${visible.length}` : "0/0";
  const listInfo = frame.filter ? `/${frame.filter}  ${position} of ${view.count}` : position;
  const list = (
    <Pane
      title={view.title}
      info={listInfo}
      columns={view.columns}
      focused={state.focus === "list"}
      width={layout.listWidth}
      rows={layout.listRows}
      count={visible.length}
      offset={frame.offset}
      selected={frame.selected}
      renderRow={(i) => view.row(visible.at(i), layout.listWidth)}
      empty={frame.filter ? `nothing matches /${frame.filter}` : "(empty)"}
    />
  );
  const detailInfo =
    detail.lines.length > layout.detailRows ? `${frame.detailOffset + 1}-${Math.min(detail.lines.length, frame.detailOffset + layout.detailRows)}/${detail.lines.length}` : "";
  const detailPane = (
    <Pane
      title="Detail"
      info={detailInfo}
      focused={state.focus === "detail"}
      width={layout.detailWidth}
      rows={layout.detailRows}
      count={detail.lines.length}
      offset={frame.detailOffset}
      selected={frame.detailSelected}
      renderRow={(i) => detail.lines[i]!}
    />
  );

  let body;
  if (helpOpen) {
    body = <HelpOverlay width={layout.width} rows={layout.overlayRows + 1} />;
  } else if (state.overlay) {
    const lines = overlayLines(state, warnings, layout.width);
    body = (
      <Pane
        title={state.overlay.kind === "yaml" ? `YAML ${state.overlay.title}` : `Warnings (${warnings.length})`}
        info={[
          state.overlay.kind === "yaml" && state.hideServerFields ? "server fields hidden" : "",
          lines.length > layout.overlayRows ? `${state.overlay.offset + 1}/${lines.length}` : "",
        ]
          .filter(Boolean)
          .join("  ")}
        focused
        width={layout.width}
        rows={layout.overlayRows}
        count={lines.length}
        offset={state.overlay.offset}
        renderRow={(i) => lines[i]!}
      />
    );
  } else if (layout.sideBySide) {
    body = (
      <Box flexDirection="row">
        {list}
        <Box width={1} />
        {detailPane}
      </Box>
    );
  } else {
    body = (
      <Box flexDirection="column">
        {list}
        {detailPane}
      </Box>
    );
  }

  let prompt;
  if (state.mode === "filter") prompt = <PromptLine label="Filter /" value={state.input} width={layout.width} />;
  else if (state.mode === "save") prompt = <PromptLine label="Save dump to:" value={state.input} width={layout.width} />;
  else if (state.message) {
    prompt = (
      <Text color={state.message.color} wrap="truncate-end">
        {truncate(state.message.text, layout.width)}
      </Text>
    );
  } else prompt = <Text> </Text>;

  return (
    <Box flexDirection="column" width={layout.width} height={layout.height}>
      <HeaderBar crumbs={crumbs} summary={summaryOf(result)} width={layout.width} />
      <StatsHeader result={result} width={layout.width} />
      <Box flexDirection="column" flexGrow={1}>
        {body}
      </Box>
      {prompt}
      <StatusBar hints={hints} width={layout.width} />
    </Box>
  );
}
