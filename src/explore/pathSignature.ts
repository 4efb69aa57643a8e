import type { Path, Step } from "./exploreResult.ts";

/** Whether a step counts in a path's signature: it wrote something or threw. */
export function isEffectful(step: Pick<Step, "effects" | "error">): boolean {
  return step.effects.length > 0 || step.error !== undefined;
}

/** The signature part of one step: `Foo@1`, with `!` when it threw. */
export function stepSignature(step: Pick<Step, "reconcilerId" | "effects" | "error">): string {
  return `${step.reconcilerId}@${step.effects.length}${step.error !== undefined ? "!" : ""}`;
}

/**
 * The signature of a path: its effectful steps as `reconcilerId@<number of writes>`, with `!` on a
 * step that threw, joined by commas. Paths with equal signatures count as one unique path.
 *
 * @example
 * ```ts
 * pathSignature(result.convergedStates[0].paths[0]); // "FooController@1,BarController@1"
 * ```
 */
export function pathSignature(path: Path): string {
  let out = "";
  for (const step of path) {
    if (!isEffectful(step)) continue;
    out += (out ? "," : "") + stepSignature(step);
  }
  return out;
}
