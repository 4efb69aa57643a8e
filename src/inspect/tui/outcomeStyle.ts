/** How the inspector shows what became of a state: a short label and an Ink colour. */
export interface OutcomeStyle {
  label: string;
  color: string;
}

import type { StateCategory } from "../model/stateRows.ts";

/**
 * Outcome label and colour: converged green, violations, errors and failing reconcilers red, livelocks magenta,
 * other aborts (depth, limits) yellow — the same everywhere a state is named.
 */
export function outcomeStyle(category: StateCategory, reason: string): OutcomeStyle {
  switch (category) {
    case "converged":
      return { label: "converged", color: "green" };
    case "non-converging":
      return { label: "non-converging", color: "magenta" };
    case "keeps-failing":
      return { label: "keeps failing", color: "red" };
    case "violation":
      return { label: "violation", color: "red" };
    case "aborted":
      return { label: `aborted: ${reason}`, color: reason === "error" ? "red" : "yellow" };
  }
}
