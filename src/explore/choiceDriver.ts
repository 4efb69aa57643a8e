import { KameraError } from "../kameraError.ts";

/**
 * Replays `ctx.choose` decisions for one run of a reconcile: the first `prefix.length` calls take
 * the given option indexes, later calls take option 0 and record how many options there were, so
 * the explorer can enumerate every combination as its own transition.
 */
export class ChoiceDriver {
  readonly taken: number[] = [];
  readonly counts: number[] = [];
  readonly labels: string[] = [];

  /** `scheduled`: the prefix is a user's schedule (`kamera replay`), not the option counts of an earlier run. */
  constructor(
    private readonly prefix: readonly number[],
    private readonly scheduled = false,
  ) {}

  choose<T>(label: string, options: readonly T[]): T {
    if (!Array.isArray(options) || options.length === 0) {
      throw new KameraError(`ctx.choose("${label}") needs a non-empty array of options`);
    }
    const i = this.taken.length;
    const pick = i < this.prefix.length ? this.prefix[i]! : 0;
    if (pick >= options.length) {
      if (this.scheduled) {
        throw new KameraError(`ctx.choose("${label}") offered ${options.length} option${options.length === 1 ? "" : "s"} (${label}=0${options.length > 1 ? ` to ${label}=${options.length - 1}` : ""}); the schedule asks for ${label}=${pick}`);
      }
      // The reconcile offered different options on a replay of the same view: it is nondeterministic.
      throw new KameraError(
        `ctx.choose("${label}") offered ${options.length} options on a replay where it had offered more: the reconciler is nondeterministic`,
      );
    }
    this.taken.push(pick);
    this.counts.push(options.length);
    this.labels.push(label);
    return options[pick]!;
  }

  /** Choice labels as shown on a step: `label=index`. */
  describe(): string[] {
    return this.labels.map((l, i) => `${l}=${this.taken[i]}`);
  }
}

/**
 * The choice vectors still to run after running `prefix` and seeing the option counts: every
 * vector that agrees up to position i and takes a later option there. Ordered for use as a stack
 * (pop from the end), which visits all combinations in lexicographic order.
 */
export function siblingPrefixes(prefixLength: number, taken: readonly number[], counts: readonly number[]): number[][] {
  const out: number[][] = [];
  for (let i = prefixLength; i < taken.length; i++) {
    for (let alt = counts[i]! - 1; alt >= 1; alt--) out.push([...taken.slice(0, i), alt]);
  }
  return out;
}
