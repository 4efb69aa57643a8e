/**
 * Outcome colours shared by the graph, the states list and the legend, so a colour means the same
 * thing everywhere on the page. Keys are the graph's node classes.
 */
export const OUTCOME_COLOURS = {
  converged: "#16a34a",
  aborted: "#ea580c",
  violation: "#dc2626",
  livelock: "#9333ea",
  failing: "#db2777",
  expanded: "#94a3b8",
  unexpanded: "#e2e8f0",
} as const;

/** A node class of the graph. */
export type OutcomeClass = keyof typeof OUTCOME_COLOURS;

/** Legend text per class. */
export const OUTCOME_LEGEND: Record<OutcomeClass, string> = {
  converged: "converged",
  aborted: "aborted",
  violation: "violation",
  livelock: "livelock",
  failing: "keeps failing",
  expanded: "intermediate",
  unexpanded: "unexplored",
};
