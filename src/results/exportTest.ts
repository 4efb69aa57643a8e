import type { ExploreResult, Path, PendingReconcile, ResultState, Violation } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";
import type { Replay } from "../explore/replay.ts";
import { pathToSchedule, type Schedule } from "../explore/schedule.ts";
import { formatSchedule } from "../explore/scheduleText.ts";
import { shrinkSchedule } from "../explore/shrink.ts";
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { isPathSpecifier, relativeImport } from "./relativeImport.ts";
import { shortestFailingPathTo, shortestPathTo, stateIndexOf } from "./shortestPath.ts";

/**
 * Options of `exportTest`. Paths are absolute, or relative to one same directory.
 *
 * @example
 * ```ts
 * const opts: ExportTestOptions = { file: "test/regressions/dup.test.ts", scenarioModule: "src/scenario.ts", replay: (s) => explorer.replay(initial, s) };
 * ```
 */
export interface ExportTestOptions {
  /** Where the test will be written: its imports are relative to it. */
  file: string;
  /** The module exporting the scenario the test replays. */
  scenarioModule: string;
  /** The export holding the `Scenario`: "scenario" (default), "default", or another name. */
  scenarioExport?: string;
  /** How the test imports kamera: "kamera" (default), or a path to kamera's entry module. */
  kameraModule?: string;
  /** The scenario's name, for the test's title. */
  scenarioName?: string;
  /**
   * Replays a schedule on the scenario (`(s) => explorer.replay(initial, s, options)`). With it the
   * schedule is checked to reproduce the outcome, shrunk, and the test asserts what the shrunk
   * schedule shows; without it the schedule is the result's path as it is.
   */
  replay?: (schedule: Schedule) => Promise<Replay>;
  /** At most this many candidate replays while shrinking (default 500). */
  maxShrinkAttempts?: number;
  /** The explored graph, when `result` does not carry it (a result rebuilt with `buildExploreResult`). */
  graph?: ResultGraph;
  /** A paragraph added to the file's header comment (e.g. what to check before running it). */
  note?: string;
}

/**
 * What the generated test asserts about the state its schedule ends in.
 *
 * @example
 * ```ts
 * const outcome: ExportedOutcome = { kind: "violation", invariant: "one pod", message: "foo has 2 pods" };
 * ```
 */
export type ExportedOutcome =
  | { kind: "violation"; invariant: string; message: string }
  | { kind: "livelock" | "keeps-failing"; intoCycle: number; cycle: number; reconcilerId?: string }
  | { kind: "converged"; objects: string[] }
  | { kind: "error"; reconcilerId: string; namespace: string; name: string };

/**
 * A generated regression test.
 *
 * @example
 * ```ts
 * const t = await exportTest(result, result.violations[0]!, { file, scenarioModule });
 * await writeFile(t.file, t.text);
 * console.log(`${t.originalLength} steps shrunk to ${t.shrunkLength}`);
 * ```
 */
export interface ExportedTest {
  file: string;
  text: string;
  outcome: ExportedOutcome;
  schedule: Schedule;
  /** Steps of the path the result holds, and of the schedule the test replays (equal when not shrunk). */
  originalLength: number;
  shrunkLength: number;
  /** Whether a replay was given, so the schedule was checked and shrunk. */
  shrunk: boolean;
}

/** What is exported: the schedule (with the cycle last for a livelock) and the outcome to assert. */
interface Target {
  stateId: string;
  path: Path;
  cycle: Path;
  outcome: ExportedOutcome;
  summary: string;
}

const objectLine = (o: KubeObject): string => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : ""}${o.metadata?.name ?? ""}`;

function isViolation(x: ResultState | Violation): x is Violation {
  return typeof (x as Violation).invariant === "string";
}

/**
 * The full path to a state of the result's graph (a converged or aborted state's `paths` skip
 * no-op steps); for a state aborted by an error, one that ends with the reconcile failing there.
 */
function fullPath(result: ExploreResult, stateId: string, graph: ResultGraph | undefined, failed?: PendingReconcile): Path {
  if (!graph) throw new KameraError(`exporting state ${stateId} needs the explored graph: pass the result of explorer.explore() (or of a loaded dump), not a copy of it`);
  const s = stateIndexOf(graph, stateId);
  const path = s < 0 ? undefined : failed ? shortestFailingPathTo(graph, s, failed) : shortestPathTo(graph, s);
  if (!path) throw new KameraError(`state ${stateId} is not in the result's graph`);
  return path;
}

function targetOf(result: ExploreResult, state: ResultState | Violation, graph: ResultGraph | undefined): Target {
  if (isViolation(state)) {
    return {
      stateId: state.stateId,
      path: state.path,
      cycle: [],
      outcome: { kind: "violation", invariant: state.invariant, message: state.message },
      summary: `the invariant "${state.invariant}" failed: ${state.message}`,
    };
  }
  switch (state.reason) {
    case "livelock":
    case "keeps-failing": {
      const path = state.paths[0] ?? [];
      const cycle = state.cycle ?? [];
      const outcome: ExportedOutcome = { kind: state.reason, intoCycle: path.length, cycle: cycle.length };
      if (state.reason === "keeps-failing" && state.failedReconcile) outcome.reconcilerId = state.failedReconcile.reconcilerId;
      const summary =
        state.reason === "livelock"
          ? `a livelock: ${cycle.length} reconciles that lead back to where they started`
          : `${state.failedReconcile?.reconcilerId ?? "a reconciler"} fails on every retry: ${state.error ?? ""}`;
      return { stateId: state.id, path, cycle, outcome, summary };
    }
    case "converged": {
      const objects = state.objects.map(objectLine);
      return {
        stateId: state.id,
        path: fullPath(result, state.id, graph),
        cycle: [],
        outcome: { kind: "converged", objects },
        summary: `the controllers converged to ${objects.length} object(s): ${objects.join(", ") || "none"}`,
      };
    }
    case "invariant": {
      const v = result.violations.find((x) => x.stateId === state.id);
      if (!v) throw new KameraError(`state ${state.id} was aborted by an invariant, but the result lists no violation for it`);
      return targetOf(result, v, graph);
    }
    case "error": {
      const f = state.failedReconcile;
      if (!f) throw new KameraError(`state ${state.id} was aborted by an error, but the result does not say which reconcile failed`);
      return {
        stateId: state.id,
        path: fullPath(result, state.id, graph, f),
        cycle: [],
        outcome: { kind: "error", reconcilerId: f.reconcilerId, namespace: f.request.namespace, name: f.request.name },
        summary: `${f.reconcilerId} failed (abortOnError): ${state.error ?? ""}`,
      };
    }
    default:
      throw new KameraError(
        `state ${state.id} is ${state.reason === "limit" ? "unexplored (the search stopped)" : "cut off at max depth"}: there is no outcome to turn into a test; export a violation, livelock, failing reconciler, error or converged state`,
      );
  }
}

/** Whether a replay shows the outcome (its values may differ: a shrunk schedule can fail the same invariant with another message). */
function shows(run: Replay, outcome: ExportedOutcome): boolean {
  const final = run.final;
  switch (outcome.kind) {
    case "violation":
      return final.violations.some((v) => v.invariant === outcome.invariant);
    case "livelock":
    case "keeps-failing": {
      const start = outcome.intoCycle === 0 ? run.initial : run.steps[outcome.intoCycle - 1]?.state;
      if (!start || start.id !== final.id || final.outcome.kind !== "expanded") return false;
      if (outcome.kind === "livelock") return true;
      return run.steps.slice(outcome.intoCycle).every((s) => s.step.error !== undefined && s.step.reconcilerId === outcome.reconcilerId);
    }
    case "converged":
      return final.outcome.kind === "converged" && JSON.stringify(final.objects.map(objectLine)) === JSON.stringify(outcome.objects);
    case "error": {
      const f = final.outcome.failedReconcile;
      return final.outcome.reason === "error" && f?.reconcilerId === outcome.reconcilerId && f.request.namespace === outcome.namespace && f.request.name === outcome.name;
    }
  }
}

/** The outcome as the (shrunk) replay shows it: a violation's message may have changed. */
function observed(run: Replay, outcome: ExportedOutcome, intoCycle: number): ExportedOutcome {
  if (outcome.kind === "violation") {
    const v = run.final.violations.find((x) => x.invariant === outcome.invariant)!;
    return { kind: "violation", invariant: v.invariant, message: v.message };
  }
  if (outcome.kind === "livelock" || outcome.kind === "keeps-failing") return { ...outcome, intoCycle };
  return outcome;
}

/**
 * Turns a counterexample of `result` into a vitest file that replays it on the scenario and
 * asserts what was observed: `state` is a violation, a livelock or failing reconciler (the path in
 * and one turn of the cycle; the test asserts the cycle returns to its start), an aborted state,
 * or a converged state the user judged wrong (the test asserts the replay converges to the same
 * objects). The test passes while the bug is there and fails once it is fixed. With
 * `opts.replay`, the schedule is first checked to reproduce the outcome, then shrunk (see
 * `shrinkSchedule`). The same inputs give the same file, byte for byte.
 *
 * @example
 * ```ts
 * const { builder, initial, options } = scenario.build();
 * const explorer = builder.build();
 * const result = await explorer.explore(initial, options);
 * const t = await exportTest(result, result.violations[0]!, {
 *   file: "test/regressions/duplicate-pods.test.ts",
 *   scenarioModule: "src/scenario.ts",
 *   replay: (s) => explorer.replay(initial, s, options),
 * });
 * await writeFile(t.file, t.text);
 * ```
 */
export async function exportTest(result: ExploreResult, state: ResultState | Violation, opts: ExportTestOptions): Promise<ExportedTest> {
  const target = targetOf(result, state, opts.graph ?? (result as { graph?: ResultGraph }).graph);
  const prefix = pathToSchedule(target.path);
  const cycle = pathToSchedule(target.cycle);
  const originalLength = prefix.length + cycle.length;
  let schedule = [...prefix, ...cycle];
  let outcome = target.outcome;
  if (opts.replay) {
    const replay = opts.replay;
    const full = await replay(schedule).catch((e: unknown) => {
      throw new KameraError(`replaying the path to state ${target.stateId} failed, so no test was exported: ${e instanceof Error ? e.message : String(e)}`);
    });
    if (!shows(full, outcome)) {
      throw new KameraError(`replaying the path to state ${target.stateId} did not show ${target.summary}: the reconcilers are not deterministic, or the result is not of this scenario`);
    }
    // A livelock's cycle is kept whole: only the way into it is shrunk.
    const keeps = async (candidate: Schedule): Promise<boolean> => {
      const run = await replay([...candidate, ...cycle]).catch(() => undefined);
      return run !== undefined && shows(run, { ...outcome, ...(cycle.length > 0 ? { intoCycle: candidate.length } : {}) } as ExportedOutcome);
    };
    const shrunk = cycle.length > 0 ? await shrinkSchedule(prefix, keeps, { maxAttempts: opts.maxShrinkAttempts }) : await shrinkSchedule(schedule, keeps, { maxAttempts: opts.maxShrinkAttempts });
    schedule = cycle.length > 0 ? [...shrunk.schedule, ...cycle] : shrunk.schedule;
    const intoCycle = schedule.length - cycle.length;
    outcome = observed(await replay(schedule), outcome, intoCycle);
  }
  const text = testText({ ...target, outcome }, schedule, originalLength, opts);
  return { file: opts.file, text, outcome, schedule, originalLength, shrunkLength: schedule.length, shrunk: opts.replay !== undefined };
}

/** A JavaScript string literal: JSON's, with double quotes. */
const str = (s: string): string => JSON.stringify(s);

/** The schedule as a template literal's body. */
function templateBody(text: string): string {
  return text.replace(/\\/g, "\\\\").replace(/`/g, "\\`").replace(/\$\{/g, "\\${");
}

function comment(lines: string[]): string {
  return ["/*", ...lines.map((l) => (l === "" ? " *" : ` * ${l.replace(/\*\//g, "* /")}`)), " */"].join("\n");
}

/** Wraps `text` at spaces to lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const out: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      out.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") out.push(line);
  return out;
}

function assertions(outcome: ExportedOutcome): { title: string; body: string[] } {
  switch (outcome.kind) {
    case "violation":
      return {
        title: `the invariant ${str(outcome.invariant)} fails`,
        body: [
          "expect(run.final.violations).toContainEqual({",
          `  invariant: ${str(outcome.invariant)},`,
          `  message: ${str(outcome.message)},`,
          "});",
        ],
      };
    case "livelock":
    case "keeps-failing": {
      const body = [
        `// The last ${outcome.cycle} step(s) are one turn of the cycle: they lead back to the state they started from.`,
        `const cycleStart = ${outcome.intoCycle === 0 ? "run.initial" : `run.steps[${outcome.intoCycle - 1}]!.state`};`,
        'expect(run.final.outcome.kind).toBe("expanded");',
        "expect(run.final.id).toBe(cycleStart.id);",
      ];
      if (outcome.kind === "keeps-failing") {
        body.push(
          `const retries = run.steps.slice(${outcome.intoCycle});`,
          `expect(retries.map((s) => s.step.reconcilerId)).toEqual(Array(${outcome.cycle}).fill(${str(outcome.reconcilerId ?? "")}));`,
          "for (const s of retries) expect(s.step.error).toBeDefined();",
        );
      }
      return { title: outcome.kind === "livelock" ? "the reconciles cycle without converging" : `${outcome.reconcilerId} fails on every retry`, body };
    }
    case "converged":
      return {
        title: "the controllers converge to this state",
        body: [
          'expect(run.final.outcome.kind).toBe("converged");',
          "const objects = run.final.objects.map((o) => `${o.kind} ${o.metadata?.namespace ? `${o.metadata.namespace}/` : \"\"}${o.metadata?.name}`);",
          outcome.objects.length === 0 ? "expect(objects).toEqual([]);" : ["expect(objects).toEqual([", ...outcome.objects.map((o) => `  ${str(o)},`), "]);"].join("\n"),
        ],
      };
    case "error":
      return {
        title: `${outcome.reconcilerId} fails`,
        body: [
          'expect(run.final.outcome).toMatchObject({ kind: "aborted", reason: "error" });',
          `expect(run.final.outcome.failedReconcile).toEqual({ reconcilerId: ${str(outcome.reconcilerId)}, request: { namespace: ${str(outcome.namespace)}, name: ${str(outcome.name)} } });`,
        ],
      };
  }
}

function testText(target: Target, schedule: Schedule, originalLength: number, opts: ExportTestOptions): string {
  const scenarioImport = relativeImport(opts.file, opts.scenarioModule);
  const kamera = opts.kameraModule ?? "kamera";
  const kameraImport = isPathSpecifier(kamera) ? relativeImport(opts.file, kamera) : kamera;
  const exportName = opts.scenarioExport ?? "scenario";
  const importScenario =
    exportName === "default"
      ? `import scenario from ${str(scenarioImport)};`
      : exportName === "scenario"
        ? `import { scenario } from ${str(scenarioImport)};`
        : `import { ${exportName} as scenario } from ${str(scenarioImport)};`;
  const { title, body } = assertions(target.outcome);
  const lengths =
    schedule.length === originalLength ? `${schedule.length} step(s)` : `${schedule.length} step(s), shrunk from the ${originalLength} of the path kamera found`;
  const header = comment([
    "A regression test exported by kamera from a counterexample (README: \"Turning a",
    "counterexample into a test\").",
    "",
    ...wrap(`Found: ${target.summary}`, 96),
    `In state ${target.stateId}; the schedule below has ${lengths}.`,
    "",
    "It replays the schedule on the scenario and asserts what kamera observed, so it passes while",
    "the bug is there and fails once it is fixed: the schedule then no longer leads there, or no",
    "longer fits the reconcilers (a ScheduleDriftError names the step).",
    ...(opts.note ? ["", ...wrap(opts.note, 96)] : []),
  ]);
  const name = opts.scenarioName ? `${opts.scenarioName}: ` : "";
  const lines = [
    header,
    'import { expect, it } from "vitest";',
    `import { parseSchedule, replayScenario } from ${str(kameraImport)};`,
    importScenario,
    "",
    `const schedule = parseSchedule(\`\n${templateBody(formatSchedule(schedule))}\`);`,
    "",
    `it(${str(`${name}${title} after ${schedule.length} step(s)`)}, async () => {`,
    "  const run = await replayScenario(scenario, schedule);",
    ...body.flatMap((b) => b.split("\n")).map((l) => `  ${l}`),
    "});",
    "",
  ];
  return lines.join("\n");
}
