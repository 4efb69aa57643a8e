/**
 * vitest matchers for exploration results. Importing this module registers them with vitest's
 * `expect` (in a setup file, or at the top of a test file):
 *
 * ```ts
 * import "kamera/vitest";
 * const result = await eb.build().explore(initial);
 * expect(result).toConverge();            // complete, no violations, livelocks, failing reconcilers or aborted states
 * expect(result).toHaveNoViolations();
 * expect(result).toHaveNoLivelocks();
 * ```
 *
 * A failure prints a short report, not the result: each distinct violation once (with how many
 * states it failed at) and the shortest path to it as numbered steps; each livelock or failing
 * reconciler with the path into it and the cycle it repeats.
 */
import { expect } from "vitest";
import type { ExploreResult } from "./explore/exploreResult.ts";
import type { OutcomeStopReason } from "./explore/explorer.ts";
import { KameraError } from "./kameraError.ts";
import { abortedReport, failingReport, livelocksReport, violationsReport } from "./results/failureReport.ts";

interface MatcherResult {
  pass: boolean;
  message: () => string;
}

function isExploreResult(value: unknown): value is ExploreResult {
  const r = value as Partial<ExploreResult> | null;
  return typeof r === "object" && r !== null && Array.isArray(r.convergedStates) && Array.isArray(r.violations) && Array.isArray(r.nonConverging) && typeof r.stats === "object";
}

function isThenable(value: unknown): boolean {
  return (typeof value === "object" || typeof value === "function") && value !== null && typeof (value as { then?: unknown }).then === "function";
}

/** Throws: a failed match would pass under `.not`, and `expect(undefined).not.toConverge()` must fail. */
function notAResult(matcher: string, value: unknown): never {
  const got = isThenable(value) ? "a Promise: did you forget await?" : value === null ? "null" : Array.isArray(value) ? "an array" : typeof value;
  throw new KameraError(`${matcher}: expected the result of explorer.explore(...) (an ExploreResult), got ${got}`);
}

/** Why a result is not complete, from its stop reason (an outcome of `explore` has one; a bare `ExploreResult` may not). */
function incompleteReason(stopReason: OutcomeStopReason | undefined): string {
  switch (stopReason) {
    case "walks":
      return "the search did not complete: a walk strategy samples executions and never covers every state; check convergence with an exhaustive strategy (dfs, bfs or random)";
    case "maxStates":
      return "the search did not complete (stopped at maxStates): not every path was explored";
    case "timeout":
      return "the search did not complete (stopped by timeoutMs): not every path was explored";
    case "signal":
      return "the search did not complete (stopped by a signal): not every path was explored";
    case "runaway":
      return "the search did not complete (a reconciler or invariant did not return and its worker was stopped): not every path was explored";
    default:
      return "the search did not complete (stopped by maxStates, timeoutMs or a signal): not every path was explored";
  }
}

function report(title: string, sections: string[][]): string {
  return [title, ...sections.filter((s) => s.length > 0).flatMap((s) => s.map((l) => `  ${l}`))].join("\n");
}

/**
 * The matchers, for `expect.extend` in a setup of your own (importing this module already
 * registers them).
 *
 * @example
 * ```ts
 * import { kameraMatchers } from "kamera/vitest";
 * expect.extend(kameraMatchers);
 * ```
 */
export const kameraMatchers = {
  /** Passes when the search completed and every path reached a converged state: no violations, livelocks, failing reconcilers or aborted states, and at least one converged state. */
  toConverge(received: unknown): MatcherResult {
    if (!isExploreResult(received)) return notAResult("toConverge", received);
    const r = received;
    const problems: string[][] = [
      violationsReport(r),
      failingReport(r),
      livelocksReport(r),
      // Violations abort their states: listed above already.
      abortedReport({ ...r, abortedStates: r.abortedStates.filter((s) => s.reason !== "invariant") }),
      r.complete ? [] : [incompleteReason((r as { stopReason?: OutcomeStopReason }).stopReason)],
      r.convergedStates.length === 0 ? ["no converged state was reached"] : [],
    ];
    const pass = problems.every((p) => p.length === 0);
    return {
      pass,
      message: () =>
        pass
          ? `expected the exploration not to converge, but all paths converged (${r.convergedStates.length} converged state${r.convergedStates.length === 1 ? "" : "s"})`
          : report("expected every path of the exploration to converge, but:", problems),
    };
  },

  /** Passes when no invariant failed in any explored state. */
  toHaveNoViolations(received: unknown): MatcherResult {
    if (!isExploreResult(received)) return notAResult("toHaveNoViolations", received);
    const r = received;
    return {
      pass: r.violations.length === 0,
      message: () => (r.violations.length === 0 ? "expected invariant violations, but there were none" : report("expected no invariant violations, but found", [violationsReport(r)])),
    };
  },

  /** Passes when no livelock (a cycle of reconciles that never converges) was found. Failing reconcilers are not livelocks: `toConverge` checks them. */
  toHaveNoLivelocks(received: unknown): MatcherResult {
    if (!isExploreResult(received)) return notAResult("toHaveNoLivelocks", received);
    const r = received;
    return {
      pass: r.nonConverging.length === 0,
      message: () => (r.nonConverging.length === 0 ? "expected a livelock, but there was none" : report("expected no livelocks, but found", [livelocksReport(r)])),
    };
  },
};

expect.extend(kameraMatchers);

/** The matchers' types on vitest's `expect(...)`. */
export interface KameraMatchers<R = unknown> {
  /** The search completed and every path converged: no violations, livelocks, failing reconcilers or aborted states. */
  toConverge(): R;
  /** No invariant failed in any explored state. */
  toHaveNoViolations(): R;
  /** No livelock was found. */
  toHaveNoLivelocks(): R;
}

declare module "vitest" {
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-explicit-any
  interface Matchers<T = any> extends KameraMatchers<T> {}
}
