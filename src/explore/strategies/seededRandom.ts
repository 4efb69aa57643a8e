import { SplitMix64 } from "../../../bindings/splitMix64.ts";

/** The random choices of a walk strategy: SplitMix64 from the run's seed, so one seed gives one sequence of walks. */
export class SeededRandom {
  private readonly generator: SplitMix64;

  constructor(seed: number) {
    this.generator = new SplitMix64(BigInt(seed));
  }

  /** A uniform index in [0, n). */
  below(n: number): number {
    return this.generator.below(n);
  }

  /** A uniform number in [0, 1). */
  unit(): number {
    return Number(this.generator.next() >> 11n) / 2 ** 53;
  }

  /** A uniformly chosen element of a non-empty list. */
  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)]!;
  }
}
