import type { ExploreResult, Path, ResultState, Step, Violation } from "../explore/exploreResult.ts";
import { pathSignature } from "../explore/pathSignature.ts";

/** How much of a result a failure report shows. */
export interface FailureReportLimits {
  /** Distinct violations (by invariant and message), livelocks or failing reconcilers shown per section (default 5). */
  perSection?: number;
  /** Steps of a path shown before the rest is cut (default 12). */
  stepsPerPath?: number;
}

const count = new Intl.NumberFormat("en-US");

function plural(n: number, one: string, many = `${one}s`): string {
  return `${count.format(n)} ${n === 1 ? one : many}`;
}

function requestText(r: { namespace: string; name: string }): string {
  return `${r.namespace ? `${r.namespace}/` : ""}${r.name}`;
}

function stepText(step: Step): string {
  const who = `${step.reconcilerId} ${requestText(step.request)}`;
  if (step.error !== undefined) return `${who} failed: ${step.error.split("\n")[0]}${step.errorLocation ? ` (at ${step.errorLocation})` : ""}`;
  if (step.effects.length === 0) return `${who}: no writes`;
  return `${who}: ${step.effects.map((e) => `${e.op} ${e.kind} ${requestText(e)}`).join(", ")}`;
}

/** A path as numbered steps, each saying who ran and what it wrote (or how it failed). */
function pathLines(path: Path, indent: string, limit: number): string[] {
  if (path.length === 0) return [`${indent}(the initial state)`];
  const lines = path.slice(0, limit).map((s, i) => `${indent}${i + 1}. ${stepText(s)}`);
  if (path.length > limit) lines.push(`${indent}… ${plural(path.length - limit, "more step")}`);
  return lines;
}

/**
 * Violations grouped by invariant and message: a failing invariant usually fails at many states,
 * and one example of each distinct failure (the one with the shortest path) is what a reader needs.
 */
function violationLines(violations: readonly Violation[], limits: Required<FailureReportLimits>): string[] {
  const groups = new Map<string, Violation[]>();
  for (const v of violations) {
    const key = `${v.invariant}\u0000${v.message}`;
    const g = groups.get(key);
    if (g) g.push(v);
    else groups.set(key, [v]);
  }
  const lines = [`${plural(violations.length, "violation")}${groups.size < violations.length ? ` (${plural(groups.size, "distinct one")})` : ""}:`];
  let shown = 0;
  for (const group of groups.values()) {
    if (shown++ === limits.perSection) {
      lines.push(`  … ${plural(groups.size - limits.perSection, "more distinct violation")}`);
      break;
    }
    const shortest = group.reduce((a, b) => (b.path.length < a.path.length ? b : a));
    lines.push(`  "${shortest.invariant}": ${shortest.message}`);
    lines.push(`    ${group.length > 1 ? `at ${plural(group.length, "state")}; shortest` : "at"} ${shortest.stateId} after ${plural(shortest.path.length, "step")}:`);
    lines.push(...pathLines(shortest.path, "      ", limits.stepsPerPath));
  }
  return lines;
}

function stuckLines(
  title: string,
  states: readonly ResultState[],
  limits: Required<FailureReportLimits>,
  head: (s: ResultState) => string[],
  tail: (s: ResultState) => string[] = () => [],
): string[] {
  const lines = [`${plural(states.length, title)}:`];
  for (const s of states.slice(0, limits.perSection)) {
    lines.push(...head(s));
    lines.push(`    reached after ${plural(s.paths[0]?.length ?? 0, "step")}:`);
    lines.push(...pathLines(s.paths[0] ?? [], "      ", limits.stepsPerPath));
    if (s.cycle) {
      lines.push(`    then repeats ${pathSignature(s.cycle) || "(no writes)"}:`);
      lines.push(...pathLines(s.cycle, "      ", limits.stepsPerPath));
    }
    lines.push(...tail(s));
  }
  if (states.length > limits.perSection) lines.push(`  … ${plural(states.length - limits.perSection, `more ${title}`)}`);
  return lines;
}

/** Violations, grouped, each with the shortest path to it as steps. Empty when there are none. */
export function violationsReport(result: ExploreResult, limits: FailureReportLimits = {}): string[] {
  return result.violations.length ? violationLines(result.violations, fill(limits)) : [];
}

/** Livelocks, each with the path into it and its cycle as steps. Empty when there are none. */
export function livelocksReport(result: ExploreResult, limits: FailureReportLimits = {}): string[] {
  if (result.nonConverging.length === 0) return [];
  const l = fill(limits);
  return stuckLines("livelock", result.nonConverging, l, (s) => [`  ${s.id}: a cycle of reconciles that never converges`], (s) => offCycleErrorLines(s, l));
}

/** The errors of a livelock's failing steps that its cycle does not show (`ResultState.errors`), at most `perSection`. */
function offCycleErrorLines(s: ResultState, limits: Required<FailureReportLimits>): string[] {
  const errorText = (e: { error?: string; errorLocation?: string }) => `${(e.error ?? "").split("\n")[0]}${e.errorLocation ? ` (at ${e.errorLocation})` : ""}`;
  const shown = new Set((s.cycle ?? []).filter((step) => step.error !== undefined).map((step) => `${step.reconcilerId}: ${errorText(step)}`));
  const off = [...new Set((s.errors ?? []).map((e) => `${e.reconcilerId}: ${errorText(e)}`))].filter((e) => !shown.has(e));
  if (off.length === 0) return [];
  const lines = ["    elsewhere in the livelock, failing too:", ...off.slice(0, limits.perSection).map((e) => `      ${e}`)];
  if (off.length > limits.perSection) lines.push(`      … ${plural(off.length - limits.perSection, "more error")}`);
  return lines;
}

/** Failing reconcilers, each with its error, the line that threw and the path to it. Empty when there are none. */
export function failingReport(result: ExploreResult, limits: FailureReportLimits = {}): string[] {
  const failing = result.keepsFailing ?? [];
  if (failing.length === 0) return [];
  return stuckLines("failing reconciler", failing, fill(limits), (s) => [
    `  ${s.failedReconcile ? `${s.failedReconcile.reconcilerId} ${requestText(s.failedReconcile.request)}` : s.id} fails on every retry: ${(s.error ?? "").split("\n")[0]}`,
    ...(s.errorLocation ? [`    thrown at ${s.errorLocation}`] : []),
  ]);
}

/** Aborted states by reason, with the first of each reason's error when it has one. Empty when there are none. */
export function abortedReport(result: ExploreResult): string[] {
  if (result.abortedStates.length === 0) return [];
  const byReason = new Map<string, ResultState[]>();
  for (const s of result.abortedStates) byReason.set(s.reason, [...(byReason.get(s.reason) ?? []), s]);
  const lines = [`${plural(result.abortedStates.length, "aborted state")}:`];
  for (const reason of [...byReason.keys()].sort()) {
    const group = byReason.get(reason)!;
    const first = group[0]!;
    const detail = first.error !== undefined ? `, e.g. ${first.failedReconcile ? `${first.failedReconcile.reconcilerId}: ` : ""}${first.error.split("\n")[0]}` : "";
    lines.push(`  ${reason}: ${group.length}${detail}`);
  }
  return lines;
}

function fill(limits: FailureReportLimits): Required<FailureReportLimits> {
  return { perSection: limits.perSection ?? 5, stepsPerPath: limits.stepsPerPath ?? 12 };
}
