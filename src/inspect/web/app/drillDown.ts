import type { Effect } from "../../../apiserver/effect.ts";
import type { Path, ResultState, Step } from "../../../explore/exploreResult.ts";
import { outcomeText } from "../../model/stateRows.ts";
import type { IndexedStateRow, InspectedRun } from "./inspectedRun.ts";

/** The four levels of the drill-down, as in the terminal inspector. */
export type LevelKind = "states" | "paths" | "steps" | "effects";

/** Where the drill-down stands: the selection at each level opened so far. */
export interface DrillPosition {
  level: LevelKind;
  /** Selected row of the states list (an index into the filtered rows). */
  row: IndexedStateRow | undefined;
  path: Path | undefined;
  pathIndex: number;
  step: Step | undefined;
  stepIndex: number;
  effect: Effect | undefined;
  effectIndex: number;
}

const ORDER: readonly LevelKind[] = ["states", "paths", "steps", "effects"];

/**
 * The paths the Paths level lists for a state: its paths, then, for a livelock or a reconciler
 * that keeps failing, one turn of the loop it is stuck in (as the terminal's "⟳ cycle" row).
 */
export function listedPaths(state: ResultState): readonly Path[] {
  return state.cycle !== undefined && state.cycle.length > 0 ? [...state.paths, state.cycle] : state.paths;
}

/**
 * Navigation through states → paths → steps → effects: a stack of levels, each with its own
 * selection. Knows nothing of the DOM, so the page and its keyboard handling share one model.
 *
 * @example
 * ```ts
 * const nav = new DrillDown(run);
 * nav.open(); nav.open(); nav.open(); // first state's first path's first step
 * nav.position().step;
 * ```
 */
export class DrillDown {
  private depth = 0;
  /** Selected index per level. */
  private readonly selected = [0, 0, 0, 0];
  private filterText = "";

  constructor(readonly run: InspectedRun) {}

  /** The rows of the states list whose id or outcome contains the filter text. */
  stateRows(): IndexedStateRow[] {
    const f = this.filterText.trim().toLowerCase();
    if (f === "") return this.run.rows;
    return this.run.rows.filter((r) => `${r.state.id} ${outcomeText(r)}`.toLowerCase().includes(f));
  }

  /** The states filter (applies at the states level). */
  get filter(): string {
    return this.filterText;
  }
  set filter(text: string) {
    this.filterText = text;
    this.selected[0] = 0;
  }

  /** The current level. */
  get level(): LevelKind {
    return ORDER[this.depth]!;
  }

  /** Number of items at the current level. */
  itemCount(): number {
    return this.itemCountAt(this.depth);
  }

  /** Selected index at the current level. */
  get selectedIndex(): number {
    return this.selected[this.depth]!;
  }

  /** Selects an item of the current level (clamped to the list). */
  select(index: number): void {
    const n = this.itemCount();
    this.selected[this.depth] = n === 0 ? 0 : Math.max(0, Math.min(n - 1, index));
  }

  /** Moves the selection by `delta` items. */
  move(delta: number): void {
    this.select(this.selectedIndex + delta);
  }

  /** Opens the selected item (goes one level down); false when there is nothing to open. */
  open(): boolean {
    if (this.depth >= ORDER.length - 1) return false;
    const p = this.position();
    const canOpen =
      (this.level === "states" && p.row !== undefined && listedPaths(p.row.state).length > 0) ||
      (this.level === "paths" && p.path !== undefined && p.path.length > 0) ||
      (this.level === "steps" && p.step !== undefined && p.step.effects.length > 0);
    if (!canOpen) return false;
    this.depth++;
    this.selected[this.depth] = 0;
    return true;
  }

  /** Goes back one level; false at the states level. */
  back(): boolean {
    if (this.depth === 0) return false;
    this.depth--;
    return true;
  }

  /** Jumps back to the states list with the row of `stateId` selected; false when it is not listed. */
  showState(stateId: string): boolean {
    this.filterText = "";
    const i = this.run.rows.findIndex((r) => r.state.id === stateId);
    if (i < 0) return false;
    this.depth = 0;
    this.selected[0] = i;
    return true;
  }

  /**
   * Takes over the place of a drill-down over an earlier snapshot of the same run (a live
   * exploration that grew): same filter, same state by id, same levels where they still exist.
   */
  carryOver(previous: DrillDown): void {
    this.filterText = previous.filterText;
    const id = previous.position().row?.state.id;
    const i = id === undefined ? -1 : this.stateRows().findIndex((r) => r.state.id === id);
    if (i < 0) return;
    this.selected[0] = i;
    for (let d = 1; d <= previous.depth; d++) {
      if (this.itemCountAt(d) === 0) break;
      this.depth = d;
      this.selected[d] = Math.min(previous.selected[d]!, this.itemCountAt(d) - 1);
    }
  }

  /** Levels opened so far with what is selected in each, for the breadcrumb. */
  trail(): LevelKind[] {
    return ORDER.slice(0, this.depth + 1);
  }

  /** Goes back to a level already opened. */
  backTo(level: LevelKind): void {
    const d = ORDER.indexOf(level);
    if (d >= 0 && d <= this.depth) this.depth = d;
  }

  /** The selections of every level up to the current one. */
  position(): DrillPosition {
    const rows = this.stateRows();
    const row = rows[this.selected[0]!];
    const pathIndex = this.selected[1]!;
    const path = this.depth >= 1 && row !== undefined ? listedPaths(row.state)[pathIndex] : undefined;
    const stepIndex = this.selected[2]!;
    const step = this.depth >= 2 ? path?.[stepIndex] : undefined;
    const effectIndex = this.selected[3]!;
    const effect = this.depth >= 3 ? step?.effects[effectIndex] : undefined;
    return { level: this.level, row, path, pathIndex, step, stepIndex, effect, effectIndex };
  }

  private itemCountAt(depth: number): number {
    const rows = this.stateRows();
    if (depth === 0) return rows.length;
    const row = rows[this.selected[0]!];
    if (depth === 1) return row === undefined ? 0 : listedPaths(row.state).length;
    const path = row === undefined ? undefined : listedPaths(row.state)[this.selected[1]!];
    if (depth === 2) return path?.length ?? 0;
    return path?.[this.selected[2]!]?.effects.length ?? 0;
  }
}
