/**
 * What the shortening search cost and how it ended (`ExploreStats.shortening`).
 *
 * @example
 * ```ts
 * const { shortening } = (await explorer.explore(initial)).stats;
 * if (shortening?.exhausted) console.log(`budget of ${shortening.uniqueStates} states ran out`);
 * ```
 */
export interface ShorteningStats {
  /** Distinct states of the full graph it explored (0 when every counterexample was already as short as it can be). */
  uniqueStates: number;
  transitions: number;
  /** The depth it was bounded by: the longest it had to beat, less one. */
  maxDepth: number;
  durationMs: number;
  /** The state budget (`shorteningMaxStates`) or a stop ended it before every counterexample was settled: those left get `shortest: false`. */
  exhausted: boolean;
}
