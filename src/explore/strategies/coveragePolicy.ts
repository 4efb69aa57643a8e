import type { WalkMove, WalkPolicy, WalkStep } from "../walker.ts";
import { SeededRandom } from "./seededRandom.ts";

/**
 * Coverage-guided walks, in the spirit of greybox fuzzing: at each step every pending reconcile
 * runs (its outcomes are remembered, so a later walk through the same state costs nothing), and
 * the walk moves to the successor that is most novel: one point per object version it writes that
 * no walk has moved through yet, and one more when it is the first time this reconcile writes
 * exactly this set of objects. Ties, and steps where nothing is novel, are broken by the seed.
 * Coverage is of what reconciles write; what they read is not visible at the model seam, so read
 * sets are approximated by the written (reconcile, object set) pairs.
 */
export class CoveragePolicy implements WalkPolicy {
  private readonly random: SeededRandom;
  private readonly versions = new Set<string>();
  private readonly writeSets = new Set<string>();

  constructor(seed: number) {
    this.random = new SeededRandom(seed);
  }

  beginWalk(): boolean {
    return true;
  }

  async choose(step: WalkStep): Promise<WalkMove | undefined> {
    const all: WalkMove[] = [];
    for (let t = 0; t < step.labels.length; t++) all.push(...(await step.moves(t)));
    if (all.length === 0) return undefined;
    let best = 0;
    let ties: WalkMove[] = [];
    for (const m of all) {
      const n = this.novelty(m);
      if (n > best) {
        best = n;
        ties = [m];
      } else if (n === best && n > 0) ties.push(m);
    }
    const move = this.random.pick(best > 0 ? ties : all);
    this.cover(move);
    return move;
  }

  endWalk(): void {}

  private novelty(m: WalkMove): number {
    let n = this.writeSets.has(writeSetOf(m)) ? 0 : 1;
    for (let i = 0; i + 1 < m.changed.length; i += 2) if (!this.versions.has(`${m.changed[i]}:${m.changed[i + 1]}`)) n++;
    return n;
  }

  private cover(m: WalkMove): void {
    this.writeSets.add(writeSetOf(m));
    for (let i = 0; i + 1 < m.changed.length; i += 2) this.versions.add(`${m.changed[i]}:${m.changed[i + 1]}`);
  }
}

function writeSetOf(m: WalkMove): string {
  const keys: number[] = [];
  for (let i = 0; i < m.changed.length; i += 2) keys.push(m.changed[i]!);
  return `${m.label}|${keys.sort((a, b) => a - b).join(",")}`;
}
