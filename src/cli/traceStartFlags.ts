import type { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KameraError } from "../kameraError.ts";
import { initialStateFromTrace } from "../trace/traceInitialState.ts";
import { readTraceFile } from "../trace/traceReader.ts";
import { traceProblemLine, type Trace } from "../trace/traceParser.ts";
import { nearestName } from "../nearestName.ts";
import { givenFile } from "./givenFile.ts";
import { UsageError } from "./usageError.ts";

/** Where `--from-trace` starts, and what the trace gave reason to warn about (the command adds it to the result's warnings). */
export interface TraceStart {
  initial: InitialState;
  warnings: string[];
}

/**
 * `kamera explore --from-trace <file> [--at <event>]`: the initial state from the trace, or
 * undefined when `--from-trace` was not given; flag mistakes are usage errors. The warnings name
 * the trace's damaged lines (as `kamera trace` does) and its controllers that are no reconciler of
 * the scenario: their reconciles cannot count as done, so what they had reconciled is pending again.
 */
export async function initialStateFromTraceFlags(builder: ExplorerBuilder, opts: Record<string, unknown>, cwd: string): Promise<TraceStart | undefined> {
  const help = "kamera explore --help";
  if (typeof opts.fromTrace !== "string") {
    if (opts.at !== undefined) throw new UsageError("--at needs --from-trace: it names an event of that trace", help);
    return undefined;
  }
  if (typeof opts.from === "string") throw new UsageError("--from and --from-trace both choose the starting objects; give one", help);
  const trace = await readTraceFile(await givenFile(opts.fromTrace, cwd, { flag: "--from-trace", expected: "a trace file", help }));
  let initial: InitialState;
  try {
    initial = initialStateFromTrace(builder, trace, opts.at as string | undefined);
  } catch (e) {
    if (e instanceof KameraError && /^--at /.test(e.message)) throw new UsageError(e.message, help);
    throw e;
  }
  // Listed among warnings, so a kept line's own "warning:" label is left out.
  const warnings = trace.problems.map((p) => (p.kept ? `${opts.fromTrace as string}:${p.line}: ${p.message}` : traceProblemLine(opts.fromTrace as string, p)));
  warnings.push(...unmatchedControllerWarnings(trace, builder.build().config.registrations.map((r) => r.id)));
  return { initial, warnings };
}

function unmatchedControllerWarnings(trace: Trace, reconcilers: readonly string[]): string[] {
  const controllers = [...new Set([...trace.reconciles.values()].map((r) => r.controller))].sort();
  const unmatched = controllers.filter((c) => !reconcilers.includes(c));
  if (unmatched.length === 0) return [];
  const known = `the scenario's reconcilers are ${reconcilers.join(", ") || "(none)"}`;
  if (unmatched.length === controllers.length) {
    return [`none of the trace's controllers (${controllers.join(", ")}) is a reconciler of this scenario (${known}): was it recorded from another one? Every reconcile its objects imply is pending, as if no controller had run`];
  }
  return unmatched.map((c) => {
    const near = nearestName(c, reconcilers);
    return `the trace's controller "${c}" is no reconciler of this scenario${near !== undefined ? ` (did you mean "${near}"?)` : ` (${known})`}: what it reconciled is pending again`;
  });
}
