import type { KubeObject } from "../../objects/kubeObject.ts";
import type { Line } from "./styledLine.ts";

/** What Enter on a list item leads to: a deeper level, an object's YAML, or nothing. */
export type Opened = { level: LevelView } | { yaml: { title: string; object: KubeObject } } | undefined;

/** Display options that change how details are drawn. */
export interface DetailOptions {
  hideServerFields: boolean;
}

/**
 * One level of the drill-down (states, paths, steps, reconcile): a list whose rows are drawn on
 * demand — only the visible ones are ever asked for — and a detail for the selected row.
 */
export interface LevelView {
  /** Breadcrumb text for this level, e.g. "path 2". */
  crumb: string;
  /** Pane title, e.g. "States". */
  title: string;
  /** Column header above the rows, if any. */
  columns?: string;
  /** What Enter opens, for the status bar ("paths", "steps", ...). */
  opens: string;
  count: number;
  row(i: number, width: number): Line;
  /** Text the `/` filter matches (cheap: no path enumeration). */
  filterText(i: number): string;
  /** Detail of row i, or of nothing when the list is empty (i undefined). */
  detail(i: number | undefined, opts: DetailOptions): Line[];
  /** Whether the detail depends on `hideServerFields` (the `m` key then works). */
  showsObjects: boolean;
  open(i: number): Opened;
}
