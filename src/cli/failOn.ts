import type { ExploreOptions } from "../explore/exploreOptions.ts";
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

/**
 * What `--fail-on` outcomes cannot (fully) report under these explore options, one sentence each:
 * a CI job that asks for them would otherwise believe it checks something it does not. States
 * are aborted with reason "error" only under `abortOnError`; without `determinismCheck`, only
 * reconcile memoization finds nondeterminism (a run that read differently after the same
 * answers), and a reconciler that writes `Math.random()` but reads the same is not caught.
 *
 * @example
 * ```ts
 * for (const w of failOnWarnings(["error"], {})) io.stderr.write(`Warning: ${w}\n`);
 * ```
 */
export function failOnWarnings(failOn: readonly FailOnOutcome[], options: Pick<ExploreOptions, "abortOnError" | "determinismCheck" | "memoizeReconciles">): string[] {
  const out: string[] = [];
  if (failOn.includes("error") && options.abortOnError !== true) {
    out.push("--fail-on error never fires without --abort-on-error (abortOnError): a failing reconcile is requeued, not aborted (a reconciler that keeps failing fails the run anyway)");
  }
  if (failOn.includes("nondeterministic") && options.determinismCheck !== true) {
    out.push(
      options.memoizeReconciles === false
        ? "--fail-on nondeterministic never fires with --no-memoize and without --determinism-check (determinismCheck): nothing compares runs"
        : "--fail-on nondeterministic without --determinism-check (determinismCheck) only catches reconcilers that reconcile memoization sees read differently after the same answers, not ones that read the same and write differently",
    );
  }
  return out;
}
