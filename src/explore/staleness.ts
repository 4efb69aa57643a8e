/**
 * Options of `eb.withStaleness(reconcilerId, opts)`: how far back a restarted view may lag, per
 * kind (`0` = any history position), and how many restarts one execution path may take.
 */
export interface StalenessOptions {
  lookback: Record<string, number>;
  maxRestarts?: number;
}
