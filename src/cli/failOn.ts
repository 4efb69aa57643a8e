import type { SummarizedResult } from "./summarizedResult.ts";

/** Exit status of a run that found what `--fail-on` (or the default) counts as a failure. */
export const EXIT_FINDINGS = 3;

/**
 * Outcomes a run can be made to fail on (`--fail-on`): `violation` (an invariant failed),
 * `livelock` (a non-converging cycle), `keeps-failing` (a reconciler failing on every retry),
 * `aborted` (any aborted state), `max-depth` and `error` (aborted for that reason),
 * `nondeterministic` (a reconciler found nondeterministic) and `incomplete` (the search was
 * stopped by --timeout or --max-states before it finished).
 */
export const FAIL_ON_OUTCOMES = ["violation", "livelock", "keeps-failing", "aborted", "max-depth", "error", "nondeterministic", "incomplete"] as const;

/** One outcome `--fail-on` can name. */
export type FailOnOutcome = (typeof FAIL_ON_OUTCOMES)[number];

/** What a run always fails on: the outcomes that mean the controllers are wrong. */
export const DEFAULT_FAIL_ON: readonly FailOnOutcome[] = ["violation", "livelock", "keeps-failing"];

function counted(n: number, one: string, many: string): string {
  return `${n.toLocaleString("en-US")} ${n === 1 ? one : many}`;
}

/**
 * What a result holds that the run should fail on, one phrase per outcome ("2 violations"), in
 * the order of `FAIL_ON_OUTCOMES`; empty when the run passes. The default outcomes always count;
 * `failOn` adds to them.
 *
 * @example
 * ```ts
 * findings(result, ["max-depth"]); // ["1 livelock", "3 states cut off at max depth"]
 * ```
 */
export function findings(result: SummarizedResult, failOn: readonly FailOnOutcome[] = []): string[] {
  const wanted = new Set<FailOnOutcome>([...DEFAULT_FAIL_ON, ...failOn]);
  // A reconciler or invariant that never returns is a bug in it, like a livelock: always a failure.
  const out: string[] = result.stopReason === "runaway" ? ["a reconciler or invariant that did not return"] : [];
  const aborted = (reason: string) => result.abortedStates.filter((s) => s.reason === reason).length;
  const counts: Record<FailOnOutcome, () => string | undefined> = {
    violation: () => (result.violations.length ? counted(result.violations.length, "violation", "violations") : undefined),
    livelock: () => (result.nonConverging.length ? counted(result.nonConverging.length, "livelock", "livelocks") : undefined),
    "keeps-failing": () => {
      const n = (result.keepsFailing ?? []).length;
      return n ? counted(n, "failing reconciler", "failing reconcilers") : undefined;
    },
    aborted: () => (result.abortedStates.length ? counted(result.abortedStates.length, "aborted state", "aborted states") : undefined),
    "max-depth": () => (aborted("max-depth") ? counted(aborted("max-depth"), "state cut off at max depth", "states cut off at max depth") : undefined),
    error: () => (aborted("error") ? counted(aborted("error"), "state aborted by an error", "states aborted by an error") : undefined),
    nondeterministic: () => {
      const n = (result.nondeterministic ?? []).length;
      return n ? counted(n, "nondeterministic reconciler", "nondeterministic reconcilers") : undefined;
    },
    incomplete: () => (result.complete ? undefined : "an incomplete search"),
  };
  for (const outcome of FAIL_ON_OUTCOMES) {
    if (!wanted.has(outcome)) continue;
    const text = counts[outcome]();
    if (text !== undefined) out.push(text);
  }
  return out;
}
