import type { ExploreStats } from "../explore/exploreResult.ts";
import type { TextOutput } from "./cliIO.ts";

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

/**
 * The progress line's text: distinct states, states per second, frontier size, depth, and the
 * converged and aborted counts so far.
 *
 * @example
 * ```ts
 * formatProgress(stats); // "exploring: 12,345 states  4,321/s  frontier 120  depth 17  converged 3  aborted 0"
 * ```
 */
export function formatProgress(stats: ExploreStats, label = "exploring"): string {
  const rate = Number.isFinite(stats.statesPerSecond) ? count.format(stats.statesPerSecond) : "-";
  return (
    `${label}: ${count.format(stats.uniqueStates)} states  ${rate}/s  frontier ${count.format(stats.frontierSize)}` +
    `  depth ${stats.maxDepth}  converged ${count.format(stats.convergedCount)}  aborted ${count.format(stats.abortedCount)}`
  );
}

/**
 * A progress line on a stream. On a terminal the line is rewritten in place (and cut to the
 * terminal's width, since a wrapped line cannot be rewritten); elsewhere each update is a new line.
 * How often it updates is up to the caller (the explorer's `progressIntervalMs`).
 */
export class ProgressLine {
  private shown = false;

  constructor(private readonly out: TextOutput) {}

  /** Shows the latest counters. */
  update(stats: ExploreStats): void {
    this.show(formatProgress(stats));
  }

  /** Shows the final counters with how the search ended, and moves to a fresh line. */
  finish(stats: ExploreStats, ending: string): void {
    this.show(formatProgress(stats, ending));
    if (this.out.isTTY) this.out.write("\n");
    this.shown = false;
  }

  private show(line: string): void {
    if (!this.out.isTTY) {
      this.out.write(line + "\n");
      return;
    }
    const width = (this.out.columns ?? 80) - 1;
    const text = line.length > width ? line.slice(0, Math.max(0, width - 1)) + "…" : line;
    // \r returns to column 0 and ESC[K erases the rest of the previous, possibly longer, line.
    this.out.write(`\r${text}\x1b[K`);
    this.shown = true;
  }

  /** Whether a line is on screen that has not been ended with a newline. */
  get pending(): boolean {
    return this.shown;
  }
}
