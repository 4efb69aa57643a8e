/** The largest path count the core represents (2^64 − 1); a count that reaches it has saturated. */
export const MAX_PATH_COUNT = (1n << 64n) - 1n;

/**
 * How a state's path count reads in the inspectors: `∞` behind a cycle, `≥ 18,446,744,073,709,551,615`
 * when it saturated (the true number is at least that), else the exact number with thousands
 * separators (`2,385,526,097,726`).
 *
 * @example
 * ```ts
 * pathCountText({ pathCount: MAX_PATH_COUNT, pathCountInfinite: false, pathCountOverflow: true }); // "≥ 18,446,744,073,709,551,615"
 * ```
 */
export function pathCountText(state: { pathCount: bigint; pathCountInfinite: boolean; pathCountOverflow?: boolean }): string {
  if (state.pathCountInfinite) return "∞";
  if (state.pathCountOverflow) return `≥ ${groupDigits(MAX_PATH_COUNT)}`;
  return groupDigits(state.pathCount);
}

function groupDigits(n: bigint): string {
  return n.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}
