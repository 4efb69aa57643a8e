import type { InspectedTrace, TraceLens } from "../../model/inspectedTrace.ts";
import type { Child } from "./elementBuilder.ts";

/** Moves the trace page to a lens and an item of it; `focus` marks a part of the item's detail (a version, a write). */
export type GoTo = (lens: TraceLens, key: string, focus?: string) => void;

/** One row of a lens's list. */
export interface LensItem {
  /** What selects it: an object key, a root id, a write's event id. */
  key: string;
  /** The text the list's filter matches. */
  text: string;
  cells: () => Child[];
  /** Drawn as a warning (a write that acted on a stale read). */
  flagged?: boolean;
}

/**
 * A lens as the trace page shows it: a list on the left and the detail of its selected item on
 * the right. The lens's answers come from `InspectedTrace` (src/trace computes them); a pane only
 * draws them.
 */
export interface LensPane {
  readonly lens: TraceLens;
  /** Column headings of the list. */
  readonly head: readonly string[];
  /** What the list says when it has no rows. */
  readonly empty: string;
  items(trace: InspectedTrace): LensItem[];
  detail(trace: InspectedTrace, key: string, focus: string | undefined, go: GoTo): Child[];
}
