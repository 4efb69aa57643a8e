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
  /** Distinct reconciler errors listed per livelock (default 10). */
  errorsPerLivelock?: number;
}

const count = new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 });

const STOP_REASONS: Record<string, string> = {
  signal: "interrupted: partial results",
  timeout: "stopped by the timeout: partial results",
  maxStates: "stopped at the state limit: partial results",
  walks: "a walk strategy made its walks (walks never cover every state): partial results",
  runaway: "stopped by the watchdog: partial results",
};

function plural(n: number | bigint, one: string, many = one + "s"): string {
  // Intl formats a bigint exactly: 2,385,526,097,726 rather than 2385526097726.
  return `${count.format(n)} ${n === 1 || n === 1n ? one : many}`;
}

function requestText(r: { namespace: string; name: string }): string {
  return `${r.namespace ? r.namespace + "/" : ""}${r.name}`;
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
    out += `  in ${reconcilerId} ${requestText(request)}`;
  }
  if (s.error !== undefined) out += `${out ? ": " : "  "}${s.error.split("\n")[0]}`;
  if (s.errorLocation !== undefined) out += ` (at ${s.errorLocation})`;
  return out;
}

/**
 * Names the errors of a livelock, which its signatures only mark with "!": those of its cycle's
 * failing steps first, in cycle order, then those of the other failing steps in its component
 * (`ResultState.errors`; a reconciler that fails off the chosen cycle keeps it from converging
 * too), each distinct error once, at most `limit`.
 */
function listLivelockErrors(lines: string[], s: ResultState, limit: number): void {
  const listed = new Set<string>();
  const found: string[] = [];
  const add = (e: { reconcilerId: string; error?: string; errorLocation?: string }, where: string) => {
    if (e.error === undefined) return;
    const text = `${e.error.split("\n")[0]}${e.errorLocation ? ` (at ${e.errorLocation})` : ""}`;
    const key = `${e.reconcilerId}\n${text}`;
    if (listed.has(key)) return;
    listed.add(key);
    found.push(`    ${e.reconcilerId} fails ${where}: ${text}`);
  };
  for (const step of s.cycle ?? []) add(step, "in the cycle");
  for (const e of s.errors ?? []) add(e, "elsewhere in the livelock");
  for (const line of found.slice(0, limit)) lines.push(line);
  if (found.length > limit) lines.push(`    … and ${plural(found.length - limit, "more error")} (see --json)`);
}

/**
 * The summary printed without a terminal (or with `--no-interactive`): how the search ended and
 * its counters, then per converged state its id, path count and unique paths; aborted states
 * with their reasons; failing reconcilers with their error and the line that threw; livelocks;
 * violations with their paths; reconcilers found nondeterministic; and a legend for the paths. Order follows the result, which is deterministic.
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
  const errorsPerLivelock = limits.errorsPerLivelock ?? 10;
  const st = result.stats;
  const lines: string[] = [];

  const ending = result.complete ? "complete" : (STOP_REASONS[result.stopReason ?? ""] ?? "stopped early: partial results");
  lines.push(`Exploration${subject ? ` of ${subject.name}` : ""}: ${ending}`);
  if (result.stopDetail !== undefined) lines.push(`  ${result.stopDetail}`);
  lines.push(
    `  ${plural(st.uniqueStates, "state")}, ${plural(st.transitions, "transition")}, ${plural(st.reconcilesExecuted, "reconcile")}` +
      (st.reconcilesReplayed > 0 ? ` run (+${count.format(st.reconcilesReplayed)} replayed)` : "") +
      `, depth ${st.maxDepth}, ${count.format(st.durationMs)} ms, ${count.format(Number.isFinite(st.statesPerSecond) ? st.statesPerSecond : 0)} states/s` +
      `, ${st.engine} core`,
  );
  lines.push(`  fingerprint collision probability ${st.collisionProbability.toExponential(1)}`);
  // Counterexamples were given the full graph's shortest paths (`shortenCounterexamples`): say so, and what it cost.
  const shortened = st.shortening
    ? `, except counterexamples: the full graph's shortest (${plural(st.shortening.uniqueStates, "state")} searched${st.shortening.exhausted ? "; its budget ran out, see the warning" : ""})`
    : "";
  if (st.reduction === "por") {
    lines.push(`  partial-order reduction: ${plural(st.reducedStates ?? 0, "state")} expanded with part of ${(st.reducedStates ?? 0) === 1 ? "its" : "their"} pending reconciles; counts and paths describe the reduced graph${shortened}`);
  } else if (st.reduction === "noops") {
    lines.push(`  no-op reduction: counts and paths describe the reduced graph${shortened}`);
  }

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

  const keepsFailing = result.keepsFailing ?? [];
  if (keepsFailing.length > 0) {
    lines.push("", `Failing reconcilers (fail on every retry): ${keepsFailing.length}`);
    for (const s of keepsFailing.slice(0, nonConvergingLimit)) {
      const who = s.failedReconcile ? `${s.failedReconcile.reconcilerId} ${requestText(s.failedReconcile.request)}` : "a reconciler";
      lines.push(`  ${s.id}  ${who} keeps failing: ${(s.error ?? "").split("\n")[0]}`);
      if (s.errorLocation !== undefined) lines.push(`    at ${s.errorLocation}`);
      if (s.paths[0]) lines.push(`    reached by ${signatureText(pathSignature(s.paths[0]))}`);
      if (s.cycle) lines.push(`    cycle ${signatureText(pathSignature(s.cycle))}`);
    }
    if (keepsFailing.length > nonConvergingLimit) {
      lines.push(`  … ${plural(keepsFailing.length - nonConvergingLimit, "more state")} (see --json or a dump)`);
    }
  }

  lines.push("", `Non-converging states (livelocks): ${result.nonConverging.length}`);
  for (const s of result.nonConverging.slice(0, nonConvergingLimit)) {
    lines.push(`  ${s.id}  ${s.reason}${s.shortest === false ? " (path and cycle maybe not the shortest)" : ""}`);
    if (s.paths[0]) lines.push(`    reached by ${signatureText(pathSignature(s.paths[0]))}`);
    if (s.cycle) lines.push(`    cycle ${signatureText(pathSignature(s.cycle))}`);
    listLivelockErrors(lines, s, errorsPerLivelock);
  }
  if (result.nonConverging.length > nonConvergingLimit) {
    lines.push(`  … ${plural(result.nonConverging.length - nonConvergingLimit, "more state")} (see --json or a dump)`);
  }

  lines.push("", `Violations: ${result.violations.length}`);
  for (const v of result.violations) {
    lines.push(`  ${v.invariant}: ${v.message}`);
    lines.push(`    at ${v.stateId} after ${plural(v.path.length, "step")}${v.shortest === false ? " (maybe not the shortest)" : ""}: ${signatureText(pathSignature(v.path))}`);
  }

  const nondeterministic = result.nondeterministic ?? [];
  if (nondeterministic.length > 0) {
    lines.push("", `Nondeterministic reconcilers: ${nondeterministic.length}`);
    for (const r of nondeterministic) {
      const req = requestText(r.request);
      lines.push(
        r.kind === "reads"
          ? `  ${r.reconcilerId} ${req} at ${r.stateId}: after the same reads, two runs read different things next (${r.first.replace(/^.*: /, "")} / ${r.second.replace(/^.*: /, "")})`
          : `  ${r.reconcilerId} ${req} at ${r.stateId}: two runs on the same view wrote differently`,
      );
    }
  }
  const warnings = result.warnings ?? [];
  if (warnings.length > 0) {
    lines.push("", `Warnings: ${warnings.length}`);
    for (const w of warnings) lines.push(`  ${w}`);
  }

  lines.push("", PATH_LEGEND);
  return lines.join("\n") + "\n";
}

/** How to read paths, for `kamera explore --help`. */
export const PATH_NOTATION_HELP = [
  "Paths are written as signatures such as FooController@1,BarController@2!:",
  "  Reconciler@<n>  a reconcile of Reconciler that made <n> writes",
  "  !               the reconcile failed (threw, rejected or timed out); it is retried",
  "  reconciles that wrote nothing and did not fail are left out of paths, so a path lists",
  "  what changed the cluster; two paths with the same signature count as one unique path.",
].join("\n");

/** How to read the path signatures above, printed under every summary. */
export const PATH_LEGEND =
  "Paths are written Reconciler@<writes>: one entry per reconcile that wrote something or failed, " +
  "\"!\" marking a failed reconcile (it threw, rejected or timed out); reconciles that wrote nothing are left out.";
