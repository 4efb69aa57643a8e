import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";
import { SeededRandom } from "./seededRandom.ts";

/** Random walk with restarts: a uniformly random pending reconcile, then a uniformly random outcome of it. */
export class RandomWalkPolicy implements WalkPolicy {
  private readonly random: SeededRandom;

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  beginWalk(): boolean {
    return true;
  }

  async choose(step: WalkStep): Promise<WalkMove | undefined> {
    const moves = await step.moves(this.random.below(step.labels.length));
    return moves.length > 0 ? this.random.pick(moves) : undefined;
  }

  endWalk(): void {}
}
