import type { LevelView } from "./levelView.ts";

/** The rows of a list that pass a filter, by position: `at(i)` is the view's own row index. */
export interface VisibleRows {
  length: number;
  at(i: number): number;
}

const cache = new WeakMap<LevelView, { filter: string; rows: VisibleRows }>();

/**
 * The rows of `view` whose filter text contains `filter` (case-insensitive). Without a filter no
 * array is built, so a list of a million states costs nothing; a filtered list is computed once
 * per (view, filter).
 */
export function visibleRows(view: LevelView, filter: string): VisibleRows {
  if (filter === "") return { length: view.count, at: (i) => i };
  const hit = cache.get(view);
  if (hit && hit.filter === filter) return hit.rows;
  const needle = filter.toLowerCase();
  const kept: number[] = [];
  for (let i = 0; i < view.count; i++) if (view.filterText(i).toLowerCase().includes(needle)) kept.push(i);
  const rows: VisibleRows = { length: kept.length, at: (i) => kept[i]! };
  cache.set(view, { filter, rows });
  return rows;
}
