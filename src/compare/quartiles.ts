/**
 * The median and interquartile range of a sample, for the strategy comparison.
 *
 * @example
 * ```ts
 * quartiles([1, 2, 3, 4]); // { q1: 1.75, median: 2.5, q3: 3.25 }
 * ```
 */
export interface Quartiles {
  q1: number;
  median: number;
  q3: number;
}

/** Quartiles by linear interpolation between order statistics (R's type 7); Infinity (a run that found nothing) sorts last. */
export function quartiles(values: readonly number[]): Quartiles {
  const sorted = [...values].sort((a, b) => a - b);
  return { q1: quantile(sorted, 0.25), median: quantile(sorted, 0.5), q3: quantile(sorted, 0.75) };
}

function quantile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const a = sorted[lo]!;
  const b = sorted[Math.min(lo + 1, sorted.length - 1)]!;
  if (h === lo || a === b) return a;
  return a + (h - lo) * (b - a);
}
