import { once } from "node:events";
import packageJson from "../../package.json" with { type: "json" };
import { KameraError } from "../kameraError.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import type { Effect } from "../apiserver/effect.ts";
import type { ExploreResult, ExploreStats, Path, PendingReconcile } from "../explore/exploreResult.ts";
import type { OutcomeStopReason } from "../explore/explorer.ts";
import { stepOutcomeFields, type StepRecord } from "../explore/stepRecord.ts";
import {
  DUMP_FORMAT,
  DUMP_VERSION,
  SHORTENING_NUMBER_FIELDS,
  STATS_NUMBER_FIELDS,
  splitKind,
  type DumpCounterexample,
  type DumpEffect,
  type DumpKey,
  type DumpPathStep,
  type DumpPending,
  type DumpScenario,
  type DumpState,
  type DumpStep,
  type DumpDocument,
} from "./dumpFormat.ts";
import { canonicalJson } from "../objects/canonicalJson.ts";
import { digestText } from "./objectDigest.ts";
import { DumpChecksum, headerChecksumText } from "./dumpChecksum.ts";
import { groupOfApiVersion } from "../kinds.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";

/** Options of `writeDump`. */
export interface WriteDumpOptions {
  /** What was explored (scenario name, description, options); stored as given. */
  scenario?: DumpScenario;
  /** Overrides the build stamp (default `kamera <version>`, plus the engine when stats name one). */
  createdBy?: string;
  stats?: ExploreStats;
  /** Whether the search ran to completion; defaults to the graph's own `isComplete`, else true. */
  complete?: boolean;
  /** For a partial search: why it stopped (`ExploreOutcome.stopReason`); ignored for a complete one. */
  stopReason?: OutcomeStopReason;
  /** For a partial search: what the watchdog stopped (`ExploreOutcome.stopDetail`). */
  stopDetail?: string;
  /** The result's warnings (`ExploreOutcome.warnings`); none are written when empty. */
  warnings?: readonly string[];
  /**
   * The result's counterexamples. Those with a `shortest` claim are stored with their paths: under
   * a reduction their paths are the full graph's, which the graph alone cannot give back.
   */
  counterexamples?: Pick<ExploreResult, "violations" | "nonConverging" | "keepsFailing">;
}

/** An exploration's result with what a dump records beyond the result's own fields. */
export type DumpedResult = ExploreResult & { stopReason?: OutcomeStopReason; stopDetail?: string; warnings?: readonly string[] };

/**
 * The `WriteDumpOptions` a result gives (stats, completeness, stop reason and detail, warnings,
 * counterexamples), so every writer of a result's dump records the same fields.
 *
 * @example
 * ```ts
 * await writeDump(result.graph, out, { scenario: { name: "trivial" }, ...resultDumpOptions(result) });
 * ```
 */
export function resultDumpOptions(result: DumpedResult): WriteDumpOptions {
  return {
    stats: result.stats,
    complete: result.complete,
    ...(result.stopReason === undefined ? {} : { stopReason: result.stopReason }),
    ...(result.stopDetail === undefined ? {} : { stopDetail: result.stopDetail }),
    ...(result.warnings === undefined ? {} : { warnings: result.warnings }),
    counterexamples: result,
  };
}

/** What `writeDump` wrote. */
export interface DumpSummary {
  objects: number;
  keys: number;
  states: number;
  steps: number;
  edges: number;
  /** Characters written (bytes for ASCII content). */
  chars: number;
}

/** The sink a dump streams into: a Node writable stream (a file, stdout, a socket). */
export type DumpSink = NodeJS.WritableStream;

/** Flush to the sink once this many characters are buffered: large enough to amortize writes, small enough to keep memory flat. */
const CHUNK_CHARS = 1 << 16;

/** Buffers text and writes it in chunks, waiting for `drain` when the sink asks for it. */
class ChunkedSink {
  private buffer = "";
  private failure: unknown;
  private readonly onError = (e: unknown): void => {
    this.failure ??= e;
  };
  chars = 0;

  constructor(private readonly sink: DumpSink) {
    sink.on("error", this.onError);
  }

  async write(text: string): Promise<void> {
    this.buffer += text;
    this.chars += text.length;
    if (this.buffer.length >= CHUNK_CHARS) await this.flush();
  }

  async flush(): Promise<void> {
    this.check();
    if (this.buffer === "") return;
    const chunk = this.buffer;
    this.buffer = "";
    if (!this.sink.write(chunk)) await once(this.sink, "drain");
    this.check();
  }

  /** Stops listening; the caller owns the sink and ends it. */
  release(): void {
    this.sink.off("error", this.onError);
  }

  private check(): void {
    if (this.failure !== undefined) throw this.failure;
  }
}

/**
 * Gives every distinct object version a digest label. Versions are recognized by identity first
 * (a graph shares one frozen instance per version), then by content; two different contents with
 * the same digest get distinct labels, so a collision can never merge objects.
 */
class ObjectLabels {
  private readonly byInstance = new Map<KubeObject, string>();
  private readonly byLabel = new Map<string, KubeObject>();
  /** In order of first appearance: the order the objects section lists them. */
  readonly ordered: [string, KubeObject][] = [];

  label(obj: KubeObject): string {
    const known = this.byInstance.get(obj);
    if (known !== undefined) return known;
    const canonical = canonicalJson(obj);
    const digest = digestText(canonical);
    let label = digest;
    for (let n = 1; ; n++) {
      const holder = this.byLabel.get(label);
      if (holder === undefined) {
        this.byLabel.set(label, obj);
        this.ordered.push([label, obj]);
        break;
      }
      if (canonicalJson(holder) === canonical) break;
      label = `${digest}-${n}`;
    }
    this.byInstance.set(obj, label);
    return label;
  }
}

function pendingOf(p: PendingReconcile): DumpPending {
  return { reconcilerId: p.reconcilerId, request: { namespace: p.request.namespace, name: p.request.name } };
}

/** Numbers object keys in order of first appearance; each object version has one key, remembered by identity. */
class KeyTable {
  private readonly byKey = new Map<string, number>();
  private readonly byInstance = new Map<KubeObject, number>();
  readonly ordered: DumpKey[] = [];

  index(obj: KubeObject): number {
    const known = this.byInstance.get(obj);
    if (known !== undefined) return known;
    const key: DumpKey = {
      group: groupOfApiVersion(obj.apiVersion ?? ""),
      kind: obj.kind ?? "",
      namespace: obj.metadata?.namespace ?? "",
      name: obj.metadata?.name ?? "",
    };
    const text = objectKeyString(`${key.group}/${key.kind}`, key.namespace, key.name);
    let i = this.byKey.get(text);
    if (i === undefined) {
      i = this.ordered.length;
      this.ordered.push(key);
      this.byKey.set(text, i);
    }
    this.byInstance.set(obj, i);
    return i;
  }
}

function effectOf(e: Effect, labels: ObjectLabels): DumpEffect {
  const { group, kind } = splitKind(e.kind);
  const out: DumpEffect = { op: e.op, group, kind, namespace: e.namespace, name: e.name };
  if (e.before) out.before = labels.label(e.before);
  if (e.after) out.after = labels.label(e.after);
  return out;
}

/** Stats in a fixed field order, whatever order the explorer built them in. */
function stringifyStats(stats: ExploreStats): string {
  const ordered: Record<string, unknown> = {};
  for (const key of STATS_NUMBER_FIELDS) ordered[key] = stats[key];
  ordered.engine = stats.engine;
  if (stats.reduction !== undefined) ordered.reduction = stats.reduction;
  if (stats.reducedStates !== undefined) ordered.reducedStates = stats.reducedStates;
  if (stats.shortening !== undefined) {
    const shortening: Record<string, unknown> = {};
    for (const key of SHORTENING_NUMBER_FIELDS) shortening[key] = stats.shortening[key];
    shortening.exhausted = stats.shortening.exhausted;
    ordered.shortening = shortening;
  }
  return JSON.stringify(ordered);
}

function stepOf(rec: StepRecord, labels: ObjectLabels): DumpStep {
  const step: DumpStep = {
    reconcilerId: rec.reconcilerId,
    request: { namespace: rec.request.namespace, name: rec.request.name },
    effects: rec.effects.map((e) => effectOf(e, labels)),
    ...stepOutcomeFields(rec),
  };
  return step;
}

function pathOf(path: Path, labels: ObjectLabels): DumpPathStep[] {
  return path.map((step) => ({ ...stepOf(step, labels), stateBefore: step.stateBefore, stateAfter: step.stateAfter }));
}

/**
 * The counterexamples that carry a `shortest` claim, with their paths, in the result's order.
 * Labels the objects their steps wrote, which may be in no state of the graph.
 */
function counterexamplesOf(result: WriteDumpOptions["counterexamples"], labels: ObjectLabels): DumpCounterexample[] {
  if (result === undefined) return [];
  const out: DumpCounterexample[] = [];
  for (const v of result.violations) {
    if (v.shortest === undefined) continue;
    out.push({ kind: "violation", stateId: v.stateId, invariant: v.invariant, shortest: v.shortest, path: pathOf(v.path, labels) });
  }
  for (const state of [...result.nonConverging, ...result.keepsFailing]) {
    if (state.shortest === undefined) continue;
    const loop: DumpCounterexample = { kind: "loop", stateId: state.id, shortest: state.shortest };
    if (state.paths[0] !== undefined) loop.path = pathOf(state.paths[0], labels);
    if (state.cycle !== undefined) loop.cycle = pathOf(state.cycle, labels);
    out.push(loop);
  }
  return out;
}

function stopFields(opts: WriteDumpOptions): { stopReason?: OutcomeStopReason; stopDetail?: string } {
  const out: { stopReason?: OutcomeStopReason; stopDetail?: string } = {};
  if (opts.stopReason !== undefined) out.stopReason = opts.stopReason;
  if (opts.stopDetail !== undefined) out.stopDetail = opts.stopDetail;
  return out;
}

/** Undefined when there are none, so a result without warnings dumps as before. A dump that could not be read back is refused here. */
function warningsOf(warnings: readonly string[] | undefined): string[] | undefined {
  if (warnings === undefined) return undefined;
  if (!Array.isArray(warnings) || warnings.some((w) => typeof w !== "string")) {
    const bad = Array.isArray(warnings) ? warnings.find((w) => typeof w !== "string") : warnings;
    throw new KameraError(`dump warnings must be an array of strings, got ${Array.isArray(warnings) ? "an element that is " : ""}${bad === null ? "null" : typeof bad}`);
  }
  return warnings.length > 0 ? [...warnings] : undefined;
}

function stringifyScenario(scenario: DumpScenario): string {
  if (scenario === null || typeof scenario !== "object" || Array.isArray(scenario)) {
    throw new KameraError(`dump scenario must be a plain object, got ${Array.isArray(scenario) ? "an array" : typeof scenario}`);
  }
  try {
    return JSON.stringify(scenario);
  } catch (e) {
    throw new KameraError(`dump scenario cannot be written as JSON: ${(e as Error).message}`);
  }
}

/**
 * Streams `graph` into `sink` as a dump document (see `DumpDocument`), one array element per
 * line, never holding more than a chunk of text at once. Does not end the sink.
 *
 * @example
 * ```ts
 * const out = fs.createWriteStream("dump.json");
 * await writeDump(result.graph, out, { scenario: { name: "trivial" }, stats: result.stats, complete: result.complete });
 * out.end();
 * ```
 */
export async function writeDump(graph: ResultGraph, sink: DumpSink, opts: WriteDumpOptions = {}): Promise<DumpSummary> {
  const scenarioJson = stringifyScenario(opts.scenario ?? {});
  const complete = opts.complete ?? (graph as { isComplete?: unknown }).isComplete !== false;
  const createdBy =
    opts.createdBy ?? `kamera ${packageJson.version}${opts.stats?.engine ? ` (engine ${opts.stats.engine})` : ""}`;
  const n = graph.stateCount();
  const edgeCount = graph.edgeCount();

  // First pass: label every object version and renumber the steps the edges use (ascending,
  // so the order is the graph's own), so the header can state exact counts.
  const labels = new ObjectLabels();
  const keys = new KeyTable();
  for (let s = 0; s < n; s++) {
    for (const o of graph.objects(s)) {
      labels.label(o);
      keys.index(o);
    }
  }
  const usedSteps = new Set<number>();
  for (let e = 0; e < edgeCount; e++) usedSteps.add(graph.edge(e)[2]);
  const stepIds = [...usedSteps].sort((a, b) => a - b);
  const stepIndex = new Map<number, number>();
  stepIds.forEach((id, i) => stepIndex.set(id, i));
  const steps: DumpStep[] = stepIds.map((id) => stepOf(graph.step(id), labels));
  const counterexamples = counterexamplesOf(opts.counterexamples, labels);
  const stop = complete ? {} : stopFields(opts);
  const warnings = warningsOf(opts.warnings);

  const out = new ChunkedSink(sink);
  const checksum = new DumpChecksum();
  /** Writes one element of a section, feeding its text to the checksum. */
  const element = async (first: boolean, text: string): Promise<void> => {
    checksum.update(text);
    await out.write(`${first ? "\n" : ",\n"}${text}`);
  };
  try {
    const counts: DumpDocument["counts"] = { objects: labels.ordered.length, keys: keys.ordered.length, states: n, steps: steps.length, edges: edgeCount };
    // Written only when there are some, so a result without a shortest claim dumps as before.
    if (counterexamples.length > 0) counts.counterexamples = counterexamples.length;
    const statsJson = opts.stats ? stringifyStats(opts.stats) : undefined;
    checksum.update(
      headerChecksumText({
        format: DUMP_FORMAT,
        version: DUMP_VERSION,
        createdBy,
        scenario: JSON.parse(scenarioJson),
        complete,
        ...stop,
        warnings,
        stats: statsJson === undefined ? undefined : JSON.parse(statsJson),
        counts,
      }),
    );
    await out.write(
      `{"format":${JSON.stringify(DUMP_FORMAT)},"version":${DUMP_VERSION},"createdBy":${JSON.stringify(createdBy)},` +
        `"scenario":${scenarioJson},"complete":${complete},` +
        (stop.stopReason !== undefined ? `"stopReason":${JSON.stringify(stop.stopReason)},` : "") +
        (stop.stopDetail !== undefined ? `"stopDetail":${JSON.stringify(stop.stopDetail)},` : "") +
        (warnings !== undefined ? `"warnings":${JSON.stringify(warnings)},` : "") +
        (statsJson ? `"stats":${statsJson},` : "") +
        `"counts":${JSON.stringify(counts)},\n"objects":[`,
    );
    let first = true;
    for (const [hash, object] of labels.ordered) {
      await element(first, `{"hash":${JSON.stringify(hash)},"object":${JSON.stringify(object)}}`);
      first = false;
    }
    await out.write(`\n],\n"keys":[`);
    for (let k = 0; k < keys.ordered.length; k++) await element(k === 0, JSON.stringify(keys.ordered[k]));
    await out.write(`\n],\n"states":[`);
    for (let s = 0; s < n; s++) {
      const outcome = graph.outcome(s);
      const state: DumpState = { id: graph.stateId(s), depth: graph.depth(s), outcome: outcome.kind } as DumpState;
      if (outcome.reason !== undefined) state.reason = outcome.reason;
      if (outcome.error !== undefined) state.error = outcome.error;
      if (outcome.failedReconcile) state.failedReconcile = pendingOf(outcome.failedReconcile);
      if (outcome.violations?.length) {
        state.violations = outcome.violations.map((v) => ({ invariant: v.invariant, message: v.message }));
      }
      state.objects = graph.objects(s).map((o) => [keys.index(o), labels.label(o)]);
      state.pending = graph.pending(s).map(pendingOf);
      await element(s === 0, JSON.stringify(state));
    }
    await out.write(`\n],\n"steps":[`);
    for (let i = 0; i < steps.length; i++) await element(i === 0, JSON.stringify(steps[i]));
    await out.write(`\n],\n"edges":[`);
    for (let e = 0; e < edgeCount; e++) {
      const [from, to, step] = graph.edge(e);
      await element(e === 0, `[${from},${to},${stepIndex.get(step)}]`);
    }
    if (counterexamples.length > 0) {
      await out.write(`\n],\n"counterexamples":[`);
      for (let i = 0; i < counterexamples.length; i++) await element(i === 0, JSON.stringify(counterexamples[i]));
    }
    await out.write(`\n],\n"checksum":${JSON.stringify(checksum.digest())}}\n`);
    await out.flush();
    return { ...counts, chars: out.chars };
  } finally {
    out.release();
  }
}
