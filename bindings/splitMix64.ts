/**
 * SplitMix64 (Steele, Lea and Flood), the generator behind the `random` frontier. The Wasm engine
 * (`assembly/frontier.ts`) runs the same recurrence, so both engines pick the same states.
 *
 * ```
 * state += 0x9E3779B97F4A7C15
 * z = state
 * z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9
 * z = (z ^ (z >> 27)) * 0x94D049BB133111EB
 * return z ^ (z >> 31)
 * ```
 * A uniform index below n is `((r >> 32) * n) >> 32` (Lemire's multiply-shift on the high word),
 * exact in both engines because both factors are below 2^32.
 */
export class SplitMix64 {
  private state: bigint;

  /** Starts the sequence at `seed` (reduced mod 2^64; negative seeds wrap). */
  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }

  /** The next 64-bit output. */
  next(): bigint {
    this.state = BigInt.asUintN(64, this.state + 0x9e3779b97f4a7c15n);
    let z = this.state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  }

  /** A uniform index in [0, n) for 0 < n < 2^32. */
  below(n: number): number {
    const hi = this.next() >> 32n;
    return Number((hi * BigInt(n)) >> 32n);
  }
}
