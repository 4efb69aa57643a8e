import type { Effect } from "../../../apiserver/effect.ts";
import type { Path, Step } from "../../../explore/exploreResult.ts";
import { pathSignature } from "../../../explore/pathSignature.ts";
import { requestText } from "../../model/requestText.ts";
import { outcomeText, pathCountText, uniquePathsText } from "../../model/stateRows.ts";
import { listedPaths, type DrillDown, type LevelKind } from "./drillDown.ts";
import { el, replaceChildren, type Child } from "./elementBuilder.ts";
import type { IndexedStateRow } from "./inspectedRun.ts";

/** Rows drawn at most per list; a filter narrows longer lists (thousands of DOM rows make scrolling slow). */
const MAX_ROWS = 500;

const LEVEL_TITLES: Record<LevelKind, string> = { states: "States", paths: "Paths", steps: "Steps", effects: "Effects" };

function stateCells(r: IndexedStateRow, objectCount: number, pendingCount: number): Child[] {
  return [
    el("td", { class: "mono" }, r.state.id),
    el("td", {}, el("span", { class: `badge ${r.category}`, title: r.state.error ?? "" }, outcomeText(r))),
    el("td", { class: "num" }, objectCount),
    el("td", { class: "num" }, pendingCount),
    el("td", { class: "num" }, pathCountText(r.state)),
    el("td", { class: "num" }, uniquePathsText(r.state)),
  ];
}

/** The loop a livelock or a failing reconciler is stuck in, listed after its paths. */
function cycleCells(cycle: Path): Child[] {
  return [el("td", { class: "num" }, "⟳"), el("td", { class: "mono" }, `cycle: ${pathSignature(cycle) || "(no writes)"}`), el("td", { class: "num" }, cycle.length)];
}

function pathCells(path: Path, i: number): Child[] {
  return [el("td", { class: "num" }, i + 1), el("td", { class: "mono" }, pathSignature(path) || "(no writes)"), el("td", { class: "num" }, path.length)];
}

function stepCells(step: Step, i: number): Child[] {
  return [
    el("td", { class: "num" }, i + 1),
    el("td", {}, step.reconcilerId),
    el("td", { class: "mono" }, requestText(step.request)),
    el("td", { class: "num" }, step.effects.length),
    el("td", { class: step.error ? "error-text" : "" }, step.error ?? ""),
  ];
}

function effectCells(effect: Effect, i: number): Child[] {
  return [
    el("td", { class: "num" }, i + 1),
    el("td", {}, el("span", { class: `verb ${effect.op.toLowerCase()}` }, effect.op)),
    el("td", {}, effect.kind),
    el("td", {}, effect.namespace),
    el("td", { class: "mono" }, effect.name),
  ];
}

/**
 * The left column: a breadcrumb of the levels opened, a filter for the states list, and the list
 * of the current level with its selection. Click selects, double-click or Enter opens, the
 * breadcrumb goes back.
 */
export class DrillDownView {
  private readonly breadcrumb = el("nav", { class: "breadcrumb", "data-testid": "breadcrumb" });
  private readonly filter = el("input", { type: "search", class: "filter", placeholder: "Filter states by id or outcome  ( / )", "data-testid": "filter" });
  private readonly list = el("div", { class: "list", tabindex: 0, "data-testid": "list" });

  constructor(
    readonly root: HTMLElement,
    private readonly onChange: () => void,
    /** The "Export test" button: downloads a regression test of the selected (or opened) state. */
    private readonly onExport?: (row: IndexedStateRow) => void,
  ) {
    replaceChildren(root, this.breadcrumb, this.filter, this.list);
    this.filter.addEventListener("input", () => {
      if (this.current) this.current.filter = this.filter.value;
      this.onChange();
    });
  }

  /** The drill-down drawn last (the filter box writes into it). */
  private current: DrillDown | undefined;

  /** Focuses the states filter (the `/` key). */
  focusFilter(): void {
    this.filter.focus();
    this.filter.select();
  }

  /** Focuses the list, so the arrow keys move its selection. */
  focusList(): void {
    this.list.focus();
  }

  /** Draws the drill-down's current level. */
  render(nav: DrillDown): void {
    this.current = nav;
    const p = nav.position();
    const crumbs: Child[] = [];
    for (const level of nav.trail()) {
      let text = LEVEL_TITLES[level];
      if (level === "paths" && p.row) text = `Paths of ${p.row.state.id.slice(0, 8)}`;
      if (level === "steps") text = p.path !== undefined && p.path === p.row?.state.cycle ? "Steps of the cycle" : `Steps of path ${p.pathIndex + 1}`;
      if (level === "effects") text = `Effects of step ${p.stepIndex + 1}`;
      const isCurrent = level === nav.level;
      crumbs.push(
        el(
          "button",
          {
            class: isCurrent ? "crumb current" : "crumb",
            "data-level": level,
            onclick: () => {
              nav.backTo(level);
              this.onChange();
            },
          },
          text,
        ),
      );
    }
    const row = p.row;
    const onExport = this.onExport;
    const exportButton =
      onExport && row && row.state.reason !== "max-depth" && row.state.reason !== "limit"
        ? el("button", { class: "crumb export", "data-testid": "export-test", title: `download a vitest regression test replaying the path to ${row.state.id}`, onclick: () => onExport(row) }, "Export test")
        : null;
    replaceChildren(this.breadcrumb, ...crumbs.flatMap((c, i) => (i === 0 ? [c] : [el("span", { class: "sep" }, "›"), c])), exportButton);
    this.filter.hidden = nav.level !== "states";
    if (this.filter.value !== nav.filter) this.filter.value = nav.filter;

    const { head, rows } = this.rowsOf(nav);
    const selected = nav.selectedIndex;
    const body = el("tbody");
    const shown = Math.min(rows.length, MAX_ROWS);
    // Keep the selected row drawn even past the cap.
    const indices = [...Array(shown).keys()];
    if (selected >= shown && selected < rows.length) indices.push(selected);
    for (const i of indices) {
      body.appendChild(
        el(
          "tr",
          {
            class: i === selected ? "selected" : "",
            "data-index": i,
            onclick: () => {
              nav.select(i);
              this.onChange();
            },
            ondblclick: () => {
              nav.select(i);
              nav.open();
              this.onChange();
            },
          },
          ...rows[i]!(),
        ),
      );
    }
    const table = el("table", { "data-testid": `${nav.level}-table` }, el("thead", {}, el("tr", {}, ...head.map((h) => el("th", {}, h)))), body);
    const more = rows.length > shown ? el("p", { class: "more" }, `${rows.length - shown} more not shown: filter to narrow the list`) : null;
    const empty = rows.length === 0 ? el("p", { class: "empty" }, this.emptyText(nav)) : null;
    replaceChildren(this.list, table, more, empty);
    this.list.querySelector("tr.selected")?.scrollIntoView({ block: "nearest" });
  }

  private emptyText(nav: DrillDown): string {
    switch (nav.level) {
      case "states":
        return nav.filter ? "No state matches the filter." : "No final states yet.";
      case "paths":
        return "No path to this state was recorded.";
      case "steps":
        return "This path has no steps that wrote or failed: the state is the initial one, or is reached from it by reconciles that wrote nothing (paths leave those out).";
      default:
        return "This reconcile wrote nothing.";
    }
  }

  private rowsOf(nav: DrillDown): { head: string[]; rows: (() => Child[])[] } {
    const p = nav.position();
    const run = nav.run;
    switch (nav.level) {
      case "states":
        return {
          head: ["state", "outcome", "objects", "pending", "paths", "unique"],
          rows: nav.stateRows().map((r) => () => stateCells(r, run.graph.objects(r.index).length, run.graph.pending(r.index).length)),
        };
      case "paths":
        return { head: ["#", "signature", "length"], rows: (p.row ? listedPaths(p.row.state) : []).map((path, i) => () => (path === p.row?.state.cycle ? cycleCells(path) : pathCells(path, i))) };
      case "steps":
        return { head: ["#", "reconciler", "request", "writes", "error"], rows: (p.path ?? []).map((step, i) => () => stepCells(step, i)) };
      default:
        return { head: ["#", "verb", "kind", "namespace", "name"], rows: (p.step?.effects ?? []).map((e, i) => () => effectCells(e, i)) };
    }
  }
}
