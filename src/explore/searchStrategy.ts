/** What a custom search strategy sees of a state about to enter the frontier. */
export interface FrontierEntry {
  /** The state's stable id (fingerprint). */
  stateId: string;
  depth: number;
  pendingCount: number;
  objectCount: number;
  /** Reconciler id of the step that discovered the state. */
  reconcilerId: string;
  /** Number of writes of that step. */
  effectCount: number;
}

/**
 * A user-defined search order, for people who benchmark search strategies: states with a higher
 * priority are expanded first (ties: the earlier discovered first). The explored state set of a
 * complete exploration is the same for every strategy; only the order (and so which paths are
 * found first and the representative timestamps) changes.
 *
 * @example
 * ```ts
 * const fewestPendingFirst: SearchStrategy = { name: "fewest-pending", priority: (e) => -e.pendingCount };
 * await explorer.explore(initial, { strategy: fewestPendingFirst });
 * ```
 */
export interface SearchStrategy {
  name?: string;
  priority(entry: FrontierEntry): number;
}
