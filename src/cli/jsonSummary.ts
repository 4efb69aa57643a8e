import type { NondeterminismReport } from "../explore/exploreOptions.ts";
import type { ExploreStats, PendingReconcile, ReconcileError, ResultState } from "../explore/exploreResult.ts";
import { pathSignature } from "../explore/pathSignature.ts";
import type { RunSubject, SummarizedResult } from "./summarizedResult.ts";

/** One state in the JSON summary. Path counts are decimal strings: they can exceed 2⁵³. */
export interface JsonSummaryState {
  id: string;
  reason: string;
  error?: string;
  /** Where the user's code threw, `file:line:col`. */
  errorLocation?: string;
  failedReconcile?: PendingReconcile;
  objectCount: number;
  pendingCount: number;
  pathCount: string;
  pathCountInfinite: boolean;
  /** Signatures of the unique effectful paths (converged and non-converging states). */
  uniquePaths?: string[];
  pathsTruncated?: boolean;
  /** Signature of the cycle a non-converging state is stuck in. */
  cycle?: string;
  /** For a livelock with failing steps: every distinct error in its component (`ResultState.errors`). */
  errors?: ReconcileError[];
  /** Under a reduction, for a livelock or failing reconciler: whether its path and cycle are the full graph's shortest (`ResultState.shortest`). */
  shortest?: boolean;
}

/** An invariant failure in the JSON summary, with the signature of its shortest known path. */
export interface JsonSummaryViolation {
  invariant: string;
  message: string;
  stateId: string;
  path: string;
  pathLength: number;
  /** Under a reduction: whether the path is the full graph's shortest (`Violation.shortest`). */
  shortest?: boolean;
}

/**
 * The machine-readable summary printed by `--json`: versioned, bigints as strings, everything in
 * the result's (deterministic) order. For objects and full paths, write a dump instead.
 */
export interface JsonSummary {
  format: "kamera-summary";
  version: 1;
  scenario?: RunSubject;
  complete: boolean;
  stopReason?: string;
  /** What an isolated run's watchdog stopped: the reconcile or invariant that did not return, its state and request. */
  stopDetail?: string;
  stats: ExploreStats;
  converged: JsonSummaryState[];
  aborted: JsonSummaryState[];
  nonConverging: JsonSummaryState[];
  /** Failing reconcilers: states left only by the same reconciler failing again (reason "keeps-failing"). */
  keepsFailing: JsonSummaryState[];
  violations: JsonSummaryViolation[];
  nondeterministic: NondeterminismReport[];
  /** Likely misconfigurations (`ExploreOutcome.warnings`); empty when none. */
  warnings: string[];
}

function stateSummary(s: ResultState, withPaths: boolean): JsonSummaryState {
  const out: JsonSummaryState = {
    id: s.id,
    reason: s.reason,
    objectCount: s.objects.length,
    pendingCount: s.pending.length,
    pathCount: s.pathCount.toString(),
    pathCountInfinite: s.pathCountInfinite,
  };
  if (s.error !== undefined) out.error = s.error;
  if (s.errorLocation !== undefined) out.errorLocation = s.errorLocation;
  if (s.failedReconcile) out.failedReconcile = s.failedReconcile;
  // Aborted states carry no paths: after a stop there can be thousands, each costly to enumerate.
  if (withPaths) {
    out.uniquePaths = s.paths.map(pathSignature);
    out.pathsTruncated = s.pathsTruncated;
  }
  if (s.cycle) out.cycle = pathSignature(s.cycle);
  if (s.errors?.length) out.errors = s.errors;
  if (s.shortest !== undefined) out.shortest = s.shortest;
  return out;
}

/**
 * Builds the JSON summary of a result.
 *
 * @example
 * ```ts
 * const summary = jsonSummary(result, { name: "trivial" });
 * summary.converged[0].uniquePaths; // ["FooController@1,BarController@1", ...]
 * ```
 */
export function jsonSummary(result: SummarizedResult, subject?: RunSubject): JsonSummary {
  const summary: JsonSummary = {
    format: "kamera-summary",
    version: 1,
    complete: result.complete,
    stats: { ...result.stats },
    converged: result.convergedStates.map((s) => stateSummary(s, true)),
    aborted: result.abortedStates.map((s) => stateSummary(s, false)),
    nonConverging: result.nonConverging.map((s) => stateSummary(s, true)),
    keepsFailing: (result.keepsFailing ?? []).map((s) => stateSummary(s, true)),
    violations: result.violations.map((v) => ({
      invariant: v.invariant,
      message: v.message,
      stateId: v.stateId,
      path: pathSignature(v.path),
      pathLength: v.path.length,
      ...(v.shortest === undefined ? {} : { shortest: v.shortest }),
    })),
    nondeterministic: result.nondeterministic ?? [],
    warnings: result.warnings ?? [],
  };
  if (subject) summary.scenario = { ...subject };
  if (result.stopReason !== undefined) summary.stopReason = result.stopReason;
  if (result.stopDetail !== undefined) summary.stopDetail = result.stopDetail;
  return summary;
}

/** The JSON summary as text (two-space indented, newline-terminated); any stray bigint becomes a string. */
export function formatJsonSummary(result: SummarizedResult, subject?: RunSubject): string {
  return JSON.stringify(jsonSummary(result, subject), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value), 2) + "\n";
}
