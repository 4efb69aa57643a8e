import type { ResultState } from "../explore/exploreResult.ts";
import { pathSignature } from "../explore/pathSignature.ts";
import type { RunSubject, SummarizedResult } from "./summarizedResult.ts";

/** How much of a large result the plain summary lists before saying how many it left out. */
export interface PlainSummaryLimits {
  /** Unique path signatures listed per state (default 10). */
  pathsPerState?: number;
  /** Aborted states listed per abort reason (default 20). */
  abortedPerReason?: number;
  /** Non-converging states listed (default 50). */
  nonConverging?: number;
}

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

const STOP_REASONS: Record<string, string> = {
  signal: "interrupted: partial results",
  timeout: "stopped by the timeout: partial results",
  maxStates: "stopped at the state limit: partial results",
};

function plural(n: number | bigint, one: string, many = one + "s"): string {
  return `${typeof n === "bigint" ? n.toString() : count.format(n)} ${n === 1 || n === 1n ? one : many}`;
}

function pathCountText(s: ResultState): string {
  return s.pathCountInfinite ? "unboundedly many paths (a cycle lies on a path)" : plural(s.pathCount, "path");
}

function signatureText(signature: string): string {
  return signature === "" ? "(no writes)" : signature;
}

function listPaths(lines: string[], s: ResultState, limit: number): void {
  const signatures = s.paths.map(pathSignature);
  for (const sig of signatures.slice(0, limit)) lines.push(`    ${signatureText(sig)}`);
  const more = signatures.length - limit;
  if (more > 0) lines.push(`    … ${plural(more, "more unique path")}`);
  if (s.pathsTruncated) lines.push("    … more unique paths exist beyond the path cap");
}

function failedText(s: ResultState): string {
  let out = "";
  if (s.failedReconcile) {
    const { reconcilerId, request } = s.failedReconcile;
    out += `  in ${reconcilerId} ${request.namespace ? request.namespace + "/" : ""}${request.name}`;
  }
  if (s.error !== undefined) out += `${out ? ": " : "  "}${s.error.split("\n")[0]}`;
  return out;
}

/**
 * The summary printed without a terminal (or with `--no-interactive`): how the search ended and
 * its counters, then per converged state its id, path count and unique paths; aborted and
 * non-converging states with their reasons; violations with their paths; and reconcilers found
 * nondeterministic. Order follows the result, which is deterministic.
 *
 * @example
 * ```ts
 * process.stdout.write(formatPlainSummary(result, { name: "trivial" }));
 * ```
 */
export function formatPlainSummary(result: SummarizedResult, subject?: RunSubject, limits: PlainSummaryLimits = {}): string {
  const pathsPerState = limits.pathsPerState ?? 10;
  const abortedPerReason = limits.abortedPerReason ?? 20;
  const nonConvergingLimit = limits.nonConverging ?? 50;
  const st = result.stats;
  const lines: string[] = [];

  const ending = result.complete ? "complete" : (STOP_REASONS[result.stopReason ?? ""] ?? "stopped early: partial results");
  lines.push(`Exploration${subject ? ` of ${subject.name}` : ""}: ${ending}`);
  lines.push(
    `  ${plural(st.uniqueStates, "state")}, ${plural(st.transitions, "transition")}, ${plural(st.reconcilesExecuted, "reconcile")}` +
      (st.reconcilesReplayed > 0 ? ` run (+${count.format(st.reconcilesReplayed)} replayed)` : "") +
      `, depth ${st.maxDepth}, ${count.format(st.durationMs)} ms, ${count.format(Number.isFinite(st.statesPerSecond) ? st.statesPerSecond : 0)} states/s` +
      `, ${st.engine} core`,
  );
  lines.push(`  fingerprint collision probability ${st.collisionProbability.toExponential(1)}`);

  lines.push("", `Converged states: ${result.convergedStates.length}`);
  for (const s of result.convergedStates) {
    lines.push(`  ${s.id}  ${pathCountText(s)}, ${plural(s.paths.length, "unique path")}${s.pathsTruncated ? "+" : ""}`);
    listPaths(lines, s, pathsPerState);
  }

  lines.push("", `Aborted states: ${result.abortedStates.length}`);
  const byReason = new Map<string, ResultState[]>();
  for (const s of result.abortedStates) {
    const group = byReason.get(s.reason);
    if (group) group.push(s);
    else byReason.set(s.reason, [s]);
  }
  // Reasons in a fixed order, so the text does not depend on which reason happened to come first.
  for (const reason of [...byReason.keys()].sort()) {
    const group = byReason.get(reason)!;
    lines.push(`  ${reason}: ${group.length}`);
    for (const s of group.slice(0, abortedPerReason)) lines.push(`    ${s.id}  ${pathCountText(s)}${failedText(s)}`);
    if (group.length > abortedPerReason) lines.push(`    … ${plural(group.length - abortedPerReason, "more state")} (see --json or a dump)`);
  }

  lines.push("", `Non-converging states (livelocks): ${result.nonConverging.length}`);
  for (const s of result.nonConverging.slice(0, nonConvergingLimit)) {
    lines.push(`  ${s.id}  ${s.reason}`);
    if (s.paths[0]) lines.push(`    reached by ${signatureText(pathSignature(s.paths[0]))}`);
    if (s.cycle) lines.push(`    cycle ${signatureText(pathSignature(s.cycle))}`);
  }
  if (result.nonConverging.length > nonConvergingLimit) {
    lines.push(`  … ${plural(result.nonConverging.length - nonConvergingLimit, "more state")} (see --json or a dump)`);
  }

  lines.push("", `Violations: ${result.violations.length}`);
  for (const v of result.violations) {
    lines.push(`  ${v.invariant}: ${v.message}`);
    lines.push(`    at ${v.stateId} after ${plural(v.path.length, "step")}: ${signatureText(pathSignature(v.path))}`);
  }

  const nondeterministic = result.nondeterministic ?? [];
  if (nondeterministic.length > 0) {
    lines.push("", `Nondeterministic reconcilers: ${nondeterministic.length}`);
    for (const r of nondeterministic) {
      const req = `${r.request.namespace ? r.request.namespace + "/" : ""}${r.request.name}`;
      lines.push(
        r.kind === "reads"
          ? `  ${r.reconcilerId} ${req} at ${r.stateId}: after the same reads, two runs read different things next (${r.first.replace(/^.*: /, "")} / ${r.second.replace(/^.*: /, "")})`
          : `  ${r.reconcilerId} ${req} at ${r.stateId}: two runs on the same view wrote differently`,
      );
    }
  }
  return lines.join("\n") + "\n";
}
