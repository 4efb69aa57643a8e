import { KameraError } from "../kameraError.ts";

/**
 * What one run of a strategy may spend before it gives up: reconciles (transitions computed,
 * whether the reconcile ran or was replayed from the memo), distinct states, or wall-clock seconds.
 *
 * @example
 * ```ts
 * const budget: Budget = { reconciles: 5000 };
 * ```
 */
export type Budget = { reconciles: number } | { states: number } | { seconds: number };

const UNITS: Record<string, "reconciles" | "states" | "seconds"> = {
  r: "reconciles",
  reconciles: "reconciles",
  s: "seconds",
  seconds: "seconds",
  states: "states",
};

/**
 * Reads a budget as the command line writes it: `5000r` or `reconciles=5000`, `states=5000`,
 * `30s` or `seconds=30`. Throws a KameraError that says what it takes.
 *
 * @example
 * ```ts
 * parseBudget("5000r"); // { reconciles: 5000 }
 * parseBudget("states=20000"); // { states: 20000 }
 * ```
 */
export function parseBudget(text: string): Budget {
  const m = /^\s*(?:(reconciles|states|seconds)\s*=\s*([0-9.eE+_]+)|([0-9.eE+_]+)\s*(r|s|reconciles|seconds)?)\s*$/.exec(text);
  const amount = m ? Number((m[2] ?? m[3] ?? "").replaceAll("_", "")) : NaN;
  const unit = m ? (m[1] ?? (m[4] !== undefined ? UNITS[m[4]] : undefined)) : undefined;
  if (!m || unit === undefined || !Number.isFinite(amount)) {
    throw new KameraError(`budget ${JSON.stringify(text)} is not one of: <N>r or reconciles=<N>, states=<N>, <N>s or seconds=<N> (e.g. 5000r, states=20000, 30s)`);
  }
  const budget = { [unit]: amount } as Budget;
  checkBudget(budget);
  return budget;
}

/** Throws a KameraError unless the budget names one unit with a positive amount. */
export function checkBudget(budget: Budget): void {
  const entries = budget !== null && typeof budget === "object" ? Object.entries(budget) : [];
  const [unit, amount] = entries[0] ?? [];
  if (entries.length !== 1 || !["reconciles", "states", "seconds"].includes(unit ?? "")) {
    throw new KameraError(`a budget is one of { reconciles: N }, { states: N }, { seconds: N }, got ${JSON.stringify(budget)}`);
  }
  if (typeof amount !== "number" || !(amount > 0) || !Number.isFinite(amount) || (unit !== "seconds" && !Number.isInteger(amount))) {
    throw new KameraError(`the budget's ${unit} must be a positive ${unit === "seconds" ? "number" : "integer"}, got ${JSON.stringify(amount)}: a run with no budget finds nothing`);
  }
}

/**
 * The budget in words, as tables print it.
 *
 * @example
 * ```ts
 * budgetText({ reconciles: 5000 }); // "5000 reconciles"
 * ```
 */
export function budgetText(budget: Budget): string {
  if ("reconciles" in budget) return `${budget.reconciles} reconciles`;
  if ("states" in budget) return `${budget.states} states`;
  return `${budget.seconds} s`;
}
