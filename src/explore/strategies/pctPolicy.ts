import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";
import { SeededRandom } from "./seededRandom.ts";

/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, "A
 * Randomized Scheduler with Probabilistic Guarantees of Finding Bugs", ASPLOS 2010). A "thread" is
 * a pending reconcile (reconciler and request), which keeps its priority when it is enqueued again.
 * Each walk draws fresh priorities: a reconcile first seen gets a random priority above `depth`
 * (the paper's random permutation d..d+n−1, extended to threads that appear as the walk goes); the
 * pending reconcile of highest priority runs; at the d−1 change points k₁..k_{d−1}, drawn
 * uniformly from 1..k, the reconcile that ran step kᵢ drops to priority i, below every other. For
 * a bug of depth d in a run of k steps with n threads, one walk finds it with probability at least
 * 1/(n·k^(d−1)). Which outcome of the reconcile to follow (a staleness view, a `ctx.choose`
 * combination) is drawn uniformly, as the paper leaves data nondeterminism to the program.
 */
export class PctPolicy implements WalkPolicy {
  private readonly random: SeededRandom;
  private readonly priorities = new Map<string, number>();
  private changePoints: number[] = [];
  private longest = 0;

  constructor(
    seed: number,
    private readonly depth: number,
    /** k; by default the longest walk so far, at least 10 (the paper takes it as a known bound). */
    private readonly steps: number | undefined,
  ) {
    this.random = new SeededRandom(seed);
  }

  beginWalk(): boolean {
    this.priorities.clear();
    const k = this.steps ?? Math.max(10, this.longest);
    this.changePoints = [];
    for (let i = 1; i < this.depth; i++) this.changePoints.push(1 + this.random.below(k));
    return true;
  }

  async choose(step: WalkStep): Promise<WalkMove | undefined> {
    let best = -1;
    let bestPriority = -Infinity;
    step.labels.forEach((label, i) => {
      let p = this.priorities.get(label);
      if (p === undefined) this.priorities.set(label, (p = this.depth + this.random.unit()));
      if (p > bestPriority) {
        bestPriority = p;
        best = i;
      }
    });
    const moves = await step.moves(best);
    if (moves.length === 0) return undefined;
    const executed = step.step + 1;
    this.changePoints.forEach((k, i) => {
      if (k === executed) this.priorities.set(step.labels[best]!, i + 1);
    });
    return this.random.pick(moves);
  }

  endWalk(steps: number): void {
    if (steps > this.longest) this.longest = steps;
  }
}
