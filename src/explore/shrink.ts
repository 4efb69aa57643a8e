import type { Schedule } from "./schedule.ts";

/**
 * What `shrinkSchedule` found: the shortest schedule it could keep, and how hard it tried.
 *
 * @example
 * ```ts
 * const { originalLength, shrunkLength, attempts } = await shrinkSchedule(schedule, keeps);
 * ```
 */
export interface ShrinkResult {
  schedule: Schedule;
  originalLength: number;
  shrunkLength: number;
  /** Candidates tried (each one replay). */
  attempts: number;
  /** The attempt budget ran out before no single removal helped any more. */
  exhausted: boolean;
}

/**
 * Shortens a counterexample the way fast-check shrinks one: it tries removing runs of steps,
 * halving the run length from half the schedule down to one step, and keeps any candidate for
 * which `keeps` still holds (the bug still shows), starting over until no removal helps or
 * `maxAttempts` candidates were tried. Candidates are tried in a fixed order, so the result is
 * deterministic. `keeps` should return false (not throw) for a candidate that does not replay.
 *
 * @example
 * ```ts
 * const { schedule, originalLength, shrunkLength } = await shrinkSchedule(long, async (s) =>
 *   (await explorer.replay(initial, s).catch(() => undefined))?.final.violations.length > 0);
 * ```
 */
export async function shrinkSchedule(
  schedule: Schedule,
  keeps: (candidate: Schedule) => Promise<boolean>,
  opts: { maxAttempts?: number } = {},
): Promise<ShrinkResult> {
  const maxAttempts = opts.maxAttempts ?? 500;
  let current = schedule;
  let attempts = 0;
  let exhausted = false;
  let improved = true;
  search: while (improved) {
    improved = false;
    for (let size = Math.max(1, Math.floor(current.length / 2)); size >= 1; size = size === 1 ? 0 : Math.max(1, Math.floor(size / 2))) {
      // From the end first: a bug usually shows before the path's last steps, and dropping a suffix is the cheapest win.
      for (let start = current.length - size; start >= 0; start--) {
        if (attempts >= maxAttempts) {
          exhausted = true;
          break search;
        }
        attempts++;
        const candidate = [...current.slice(0, start), ...current.slice(start + size)];
        if (await keeps(candidate)) {
          current = candidate;
          improved = true;
          continue search;
        }
      }
    }
  }
  return { schedule: current, originalLength: schedule.length, shrunkLength: current.length, attempts, exhausted };
}
