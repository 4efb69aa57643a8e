import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";
import { SeededRandom } from "./seededRandom.ts";

/**
 * POS, partial order sampling (Yuan, Yang, Gu, "Partial Order Aware Concurrency Sampling", CAV
 * 2018). An event is one pending reconcile: a request becoming pending is a new event, and so is
 * a request pending again after it ran. Every event gets an independent random priority in [0, 1)
 * when it first becomes pending; at each step the pending event of highest priority runs. After it
 * runs, every pending event that races with it gets a fresh random priority (the paper's
 * "reassign the priorities of events racing with the executed one"), which is what lets POS sample
 * partial orders far more evenly than a random walk or PCT: of two racing events, either may come
 * first next, while an event independent of what ran keeps its place.
 *
 * Races: two events race when they access a common object and one of them writes it. What a
 * pending reconcile will access is not known before it runs, and running it to find out would
 * spend the budget the strategy is measured by; so the accesses of a request are approximated by
 * every object any run of that request wrote so far in this run (all walks together, the way the
 * partial-order reduction's bound grows), and an event races with the one that ran when that set
 * meets what the run wrote. A request no run has written anything for yet races with nothing,
 * which makes the first walks the paper's BasicPOS (random priorities, no reassignment).
 * Which outcome of the reconcile to follow (a staleness view, a `ctx.choose` combination) is drawn
 * uniformly, as for PCT.
 */
export class PosPolicy implements WalkPolicy {
  private readonly random: SeededRandom;
  /** The priority of each pending event, by its request's label. */
  private readonly priorities = new Map<string, number>();
  /** Per label: the key ids its runs have written so far (all walks). */
  private readonly written = new Map<string, Set<number>>();

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  beginWalk(): boolean {
    this.priorities.clear();
    return true;
  }

  async choose(step: WalkStep): Promise<WalkMove | undefined> {
    const pending = new Set(step.labels);
    for (const label of [...this.priorities.keys()]) if (!pending.has(label)) this.priorities.delete(label);
    let best = -1;
    let bestPriority = -Infinity;
    // Events are given priorities in the order their requests are listed, so a seed fixes every one.
    step.labels.forEach((label, i) => {
      let p = this.priorities.get(label);
      if (p === undefined) this.priorities.set(label, (p = this.random.unit()));
      if (p > bestPriority) {
        bestPriority = p;
        best = i;
      }
    });
    const moves = await step.moves(best);
    if (moves.length === 0) return undefined;
    const ran = step.labels[best]!;
    for (const m of moves) this.learn(m);
    const move = this.random.pick(moves);
    // The event that ran is over: if its request is pending again, that is a new event.
    this.priorities.delete(ran);
    for (const label of step.labels) {
      if (label !== ran && this.races(move, label)) this.priorities.delete(label);
    }
    return move;
  }

  endWalk(): void {}

  /** The priority the pending event of `label` holds now; undefined when it has none yet (it is drawn when the event is next seen). */
  priorityOf(label: string): number | undefined {
    return this.priorities.get(label);
  }

  private learn(m: WalkMove): void {
    let keys = this.written.get(m.label);
    if (keys === undefined) this.written.set(m.label, (keys = new Set()));
    for (let i = 0; i < m.changed.length; i += 2) keys.add(m.changed[i]!);
  }

  private races(move: WalkMove, label: string): boolean {
    const keys = this.written.get(label);
    if (keys === undefined) return false;
    for (let i = 0; i < move.changed.length; i += 2) if (keys.has(move.changed[i]!)) return true;
    return false;
  }
}
