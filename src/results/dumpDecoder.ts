import { KameraError } from "../kameraError.ts";
import { kindOf, parseKind } from "../kinds.ts";
import { deepFreeze } from "../objects/deepFreeze.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { Request } from "../reconciler.ts";
import { ArrayResultGraph, type ArrayGraphState } from "./arrayResultGraph.ts";
import { DumpChecksum, headerChecksumText } from "./dumpChecksum.ts";
import {
  DUMP_FORMAT,
  DUMP_VERSION,
  DUMP_VERSIONS_READ,
  SHORTENING_NUMBER_FIELDS,
  STATS_NUMBER_FIELDS,
  STOP_REASONS,
  joinKind,
  type DumpScenario,
} from "./dumpFormat.ts";
import { graphInconsistency } from "./dumpGraphCheck.ts";
import type { Effect, EffectOp } from "../apiserver/effect.ts";
import type { ExploreStats, Path, PendingReconcile, Step } from "../explore/exploreResult.ts";
import type { OutcomeStopReason } from "../explore/explorer.ts";
import type { ShorteningStats } from "../explore/shorteningStats.ts";
import { STATE_ABORT_REASONS, type OutcomeKind, type StateAbortReason, type StateOutcome } from "../explore/stateOutcome.ts";
import type { StepRecord } from "../explore/stepRecord.ts";

/**
 * Decoding a dump section by section, in file order (header, objects, keys, states, steps, edges),
 * so a reader can feed it one element at a time from a stream or all at once from a parsed
 * document. Every reference is checked as it arrives; nothing is re-hashed. Problems are thrown
 * as a `KameraError` naming the file and the JSON location.
 */

/** A stored counterexample (`DumpCounterexample`), its paths decoded into steps. */
export interface DecodedCounterexample {
  kind: "violation" | "loop";
  stateId: string;
  invariant?: string;
  shortest: boolean;
  path?: Path;
  cycle?: Path;
}

/** A dump decoded into a graph, with what the file says about itself. */
export interface DecodedDump {
  graph: ArrayResultGraph;
  createdBy: string;
  scenario: DumpScenario;
  complete: boolean;
  stopReason?: OutcomeStopReason;
  stopDetail?: string;
  stats?: ExploreStats;
  /** The result's warnings (empty when the dump has none: older dumps do not store them). */
  warnings: string[];
  /** Counterexamples whose paths the result gives rather than the graph, in file order (empty when the dump has none). */
  counterexamples: DecodedCounterexample[];
}

const OUTCOMES: readonly OutcomeKind[] = ["converged", "aborted", "expanded", "unexpanded"];
const EFFECT_OPS: readonly EffectOp[] = ["CREATE", "UPDATE", "PATCH", "DELETE", "REMOVE"];

/** Thrown inside decoding with the JSON location of the problem; turned into a KameraError naming the file. */
class DumpProblem extends Error {}

/*
 * Validators take the location as a base and a field, and join them only on failure: a dump of a
 * million states must not build millions of location strings that are never shown.
 */
type Field = string | number | undefined;

function where(at: string, field: Field): string {
  if (field === undefined) return at;
  return typeof field === "number" ? `${at}[${field}]` : `${at}.${field}`;
}

function describe(value: unknown): string {
  if (value === undefined) return "nothing (the field is missing)";
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function fail(at: string, field: Field, what: string): never {
  throw new DumpProblem(`${where(at, field)}: ${what}`);
}

function record(value: unknown, at: string, field?: Field): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(at, field, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

/**
 * Rejects fields the format does not have: a misspelt or renamed field (`resourceVersiom` in an
 * edited dump's stats, a flipped byte in `outcome`) is damage, not something to ignore.
 */
function onlyFields(r: Record<string, unknown>, allowed: ReadonlySet<string>, at: string, field?: Field): void {
  for (const key of Object.keys(r)) {
    if (!allowed.has(key)) fail(where(at, field), key, `is not a field of the dump format (damaged or edited file); expected only ${[...allowed].join(", ")}`);
  }
}

const fields = (...names: string[]): ReadonlySet<string> => new Set(names);
const REQUEST_FIELDS = fields("namespace", "name");
const PENDING_FIELDS = fields("reconcilerId", "request");
const STATE_FIELDS = fields("id", "depth", "outcome", "reason", "error", "failedReconcile", "violations", "objects", "pending");
const VIOLATION_FIELDS = fields("invariant", "message");
const STEP_FIELDS = fields("reconcilerId", "request", "effects", "error", "errorLocation", "requeue", "requeueAfter", "choices", "staleView");
const EFFECT_FIELDS = fields("op", "group", "kind", "namespace", "name", "before", "after");
const KEY_FIELDS = fields("group", "kind", "namespace", "name");
const OBJECT_FIELDS = fields("hash", "object");
const STATS_FIELDS = fields(...STATS_NUMBER_FIELDS, "engine", "reduction", "reducedStates", "shortening");
const SHORTENING_FIELDS = fields(...SHORTENING_NUMBER_FIELDS, "exhausted");
const COUNTEREXAMPLE_FIELDS = fields("kind", "stateId", "invariant", "shortest", "path", "cycle");
const PATH_STEP_FIELDS = fields(...STEP_FIELDS, "stateBefore", "stateAfter");
const HEADER_FIELDS = fields(
  ...["format", "version", "createdBy", "scenario", "complete", "stopReason", "stopDetail", "warnings", "stats", "counts", "checksum"],
  ...["objects", "keys", "states", "steps", "edges", "counterexamples"],
);

function array(value: unknown, at: string, field?: Field): unknown[] {
  if (!Array.isArray(value)) fail(at, field, `expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, at: string, field?: Field): string {
  if (typeof value !== "string") fail(at, field, `expected a string, got ${describe(value)}`);
  return value;
}

function optionalString(value: unknown, at: string, field: Field): string | undefined {
  return value === undefined ? undefined : string(value, at, field);
}

function index(value: unknown, limit: number, what: string, at: string, field: Field): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(at, field, `expected a ${what} number, got ${describe(value)}`);
  }
  if (value >= limit) fail(at, field, `${what} ${value} does not exist (the dump has ${limit})`);
  return value;
}

function request(value: unknown, at: string, field: Field): Request {
  const r = record(value, at, field);
  const base = where(at, field);
  onlyFields(r, REQUEST_FIELDS, base);
  return { namespace: string(r.namespace, base, "namespace"), name: string(r.name, base, "name") };
}

function pending(value: unknown, at: string, field: Field): PendingReconcile {
  const p = record(value, at, field);
  const base = where(at, field);
  onlyFields(p, PENDING_FIELDS, base);
  return { reconcilerId: string(p.reconcilerId, base, "reconcilerId"), request: request(p.request, base, "request") };
}

function kindAt(group: unknown, kind: unknown, at: string): string {
  const canonical = joinKind(string(group, at, "group"), string(kind, at, "kind"));
  try {
    return parseKind(canonical).kind;
  } catch (e) {
    return fail(at, undefined, (e as Error).message);
  }
}

function decodeStats(value: unknown): ExploreStats | undefined {
  if (value === undefined) return undefined;
  const s = record(value, "stats");
  onlyFields(s, STATS_FIELDS, "stats");
  const stats = {} as ExploreStats;
  for (const key of STATS_NUMBER_FIELDS) {
    const v = s[key];
    // JSON writes Infinity and NaN as null; a rate of a zero-length run is such a number.
    if (v !== undefined && v !== null && typeof v !== "number") fail("stats", key, `expected a number, got ${describe(v)}`);
    stats[key] = typeof v === "number" ? v : 0;
  }
  stats.engine = optionalString(s.engine, "stats", "engine") ?? "unknown";
  // A reduced graph says so: its counts and paths are those of the reduced graph.
  const reduction = optionalString(s.reduction, "stats", "reduction");
  if (reduction !== undefined) {
    if (reduction !== "por" && reduction !== "noops") fail("stats", "reduction", `expected "por" or "noops", got ${describe(reduction)}`);
    stats.reduction = reduction;
  }
  if (s.reducedStates !== undefined) {
    if (typeof s.reducedStates !== "number") fail("stats", "reducedStates", `expected a number, got ${describe(s.reducedStates)}`);
    stats.reducedStates = s.reducedStates;
  }
  if (s.shortening !== undefined) stats.shortening = decodeShortening(s.shortening);
  return stats;
}

function decodeShortening(value: unknown): ShorteningStats {
  const at = "stats.shortening";
  const s = record(value, at);
  onlyFields(s, SHORTENING_FIELDS, at);
  const out = {} as ShorteningStats;
  for (const key of SHORTENING_NUMBER_FIELDS) {
    const v = s[key];
    if (typeof v !== "number") fail(at, key, `expected a number, got ${describe(v)}`);
    out[key] = v;
  }
  if (typeof s.exhausted !== "boolean") fail(at, "exhausted", `expected a boolean, got ${describe(s.exhausted)}`);
  out.exhausted = s.exhausted;
  return out;
}

/** An object of the dump, with its key as `objectKeyString` writes it (computed once per object). */
interface StoredObject {
  object: KubeObject;
  key: string;
}

function keyText(obj: KubeObject): string {
  return objectKeyString(kindOf(obj), obj.metadata?.namespace ?? "", obj.metadata?.name ?? "");
}

function lookup(objects: Map<string, StoredObject>, hash: unknown, at: string, field: Field): StoredObject {
  const h = string(hash, at, field);
  const found = objects.get(h);
  if (found === undefined) fail(at, field, `object "${h}" is not in the dump's objects`);
  return found;
}

/** Decodes states; `stamp` marks, per key, the last state that listed it, to catch a key listed twice in one state. */
function decodeState(
  value: unknown,
  i: number,
  objects: Map<string, StoredObject>,
  keys: { key: string; label: string }[],
  stamp: Int32Array,
): ArrayGraphState {
  const at = `states[${i}]`;
  const s = record(value, at);
  onlyFields(s, STATE_FIELDS, at);
  const id = string(s.id, at, "id");
  if (id === "") fail(at, "id", "is empty");
  const depth = s.depth;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) {
    fail(at, "depth", `expected a non-negative integer, got ${describe(depth)}`);
  }
  const kind = string(s.outcome, at, "outcome") as OutcomeKind;
  if (!OUTCOMES.includes(kind)) fail(at, "outcome", `expected one of ${OUTCOMES.join(", ")}, got "${kind}"`);
  const outcome: StateOutcome = { kind };
  const reason = optionalString(s.reason, at, "reason") as StateAbortReason | undefined;
  if (reason !== undefined) {
    if (!STATE_ABORT_REASONS.includes(reason)) fail(at, "reason", `expected one of ${STATE_ABORT_REASONS.join(", ")}, got "${reason}"`);
    outcome.reason = reason;
  }
  const error = optionalString(s.error, at, "error");
  if (error !== undefined) outcome.error = error;
  if (s.failedReconcile !== undefined) outcome.failedReconcile = pending(s.failedReconcile, at, "failedReconcile");
  if (s.violations !== undefined) {
    outcome.violations = array(s.violations, at, "violations").map((v, j) => {
      const vat = `${at}.violations[${j}]`;
      const r = record(v, vat);
      onlyFields(r, VIOLATION_FIELDS, vat);
      return Object.freeze({ invariant: string(r.invariant, vat, "invariant"), message: string(r.message, vat, "message") });
    });
    Object.freeze(outcome.violations);
  }
  const refs = array(s.objects, at, "objects");
  const stateObjects: KubeObject[] = new Array(refs.length);
  for (let j = 0; j < refs.length; j++) {
    const ref = refs[j];
    if (!Array.isArray(ref) || ref.length !== 2) fail(`${at}.objects`, j, `expected [key, hash], got ${describe(ref)}`);
    const k = index(ref[0], keys.length, "key", `${at}.objects[${j}]`, 0);
    const stored = lookup(objects, ref[1], `${at}.objects[${j}]`, 1);
    if (stamp[k] === i) fail(`${at}.objects`, j, `${keys[k]!.label} is listed twice in one state`);
    stamp[k] = i;
    // The key is stored beside the reference so a reader can list a state without the objects;
    // it must agree with the object it points at.
    if (stored.key !== keys[k]!.key) {
      fail(`${at}.objects`, j, `key ${k} (${keys[k]!.label}) does not match object "${String(ref[1])}" (${keyLabel(stored.object)})`);
    }
    stateObjects[j] = stored.object;
  }
  // Shallow freezes: these small records are made here, and the deep walk would cost more than the decoding.
  const statePending = array(s.pending, at, "pending").map((p, j) => {
    const entry = pending(p, `${at}.pending`, j);
    Object.freeze(entry.request);
    return Object.freeze(entry);
  });
  if (outcome.failedReconcile) Object.freeze(outcome.failedReconcile.request);
  return { id, depth, outcome: Object.freeze(outcome), objects: stateObjects, pending: statePending };
}

function keyLabel(obj: KubeObject): string {
  const ns = obj.metadata?.namespace ?? "";
  return `${kindOf(obj)} ${ns ? `${ns}/` : ""}${obj.metadata?.name}`;
}

function decodeStep(value: unknown, at: string, objects: Map<string, StoredObject>): StepRecord {
  const s = record(value, at);
  onlyFields(s, STEP_FIELDS, at);
  return freezeStep(stepFields(s, at, objects));
}

/** A step of a stored counterexample path: a step with the ids of the states around it. */
function decodePathStep(value: unknown, at: string, objects: Map<string, StoredObject>): Step {
  const s = record(value, at);
  onlyFields(s, PATH_STEP_FIELDS, at);
  const step: Step = { ...stepFields(s, at, objects), stateBefore: string(s.stateBefore, at, "stateBefore"), stateAfter: string(s.stateAfter, at, "stateAfter") };
  return freezeStep(step);
}

/**
 * A stored path: steps that chain (each starts where the previous ended) from `start` (when
 * given) to `end`. An edited path that skips or reorders a step fails here.
 */
function decodePath(value: unknown, at: string, field: string, objects: Map<string, StoredObject>, start: string | undefined, end: string): Path {
  const base = where(at, field);
  const path = array(value, at, field).map((step, j) => decodePathStep(step, `${base}[${j}]`, objects));
  let expected = start;
  for (let j = 0; j < path.length; j++) {
    if (expected !== undefined && path[j]!.stateBefore !== expected) fail(`${base}[${j}]`, "stateBefore", `expected "${expected}", where the path is at this step, got "${path[j]!.stateBefore}"`);
    expected = path[j]!.stateAfter;
  }
  if ((expected ?? end) !== end) fail(base, undefined, `ends at state "${expected}", not at "${end}", the state it is the path to`);
  return Object.freeze(path) as Path;
}

function stepFields(s: Record<string, unknown>, at: string, objects: Map<string, StoredObject>): StepRecord {
  const effects: Effect[] = array(s.effects, at, "effects").map((v, j) => {
    const eat = `${at}.effects[${j}]`;
    const e = record(v, eat);
    onlyFields(e, EFFECT_FIELDS, eat);
    const op = string(e.op, eat, "op") as EffectOp;
    if (!EFFECT_OPS.includes(op)) fail(eat, "op", `expected one of ${EFFECT_OPS.join(", ")}, got "${op}"`);
    const effect: Effect = {
      op,
      kind: kindAt(e.group, e.kind, eat),
      namespace: string(e.namespace, eat, "namespace"),
      name: string(e.name, eat, "name"),
    };
    if (e.before !== undefined) effect.before = lookup(objects, e.before, eat, "before").object;
    if (e.after !== undefined) effect.after = lookup(objects, e.after, eat, "after").object;
    return effect;
  });
  const step: StepRecord = {
    reconcilerId: string(s.reconcilerId, at, "reconcilerId"),
    request: request(s.request, at, "request"),
    effects,
  };
  const error = optionalString(s.error, at, "error");
  if (error !== undefined) step.error = error;
  const errorLocation = optionalString(s.errorLocation, at, "errorLocation");
  if (errorLocation !== undefined) step.errorLocation = errorLocation;
  if (s.requeue !== undefined) {
    if (typeof s.requeue !== "boolean") fail(at, "requeue", `expected a boolean, got ${describe(s.requeue)}`);
    if (s.requeue) step.requeue = true;
  }
  if (s.requeueAfter !== undefined) {
    if (typeof s.requeueAfter !== "number") fail(at, "requeueAfter", `expected a number, got ${describe(s.requeueAfter)}`);
    step.requeueAfter = s.requeueAfter;
  }
  if (s.choices !== undefined) step.choices = array(s.choices, at, "choices").map((c, j) => string(c, `${at}.choices`, j));
  if (s.staleView !== undefined) {
    const view = record(s.staleView, at, "staleView");
    const staleView: Record<string, number> = {};
    for (const k of Object.keys(view).sort()) {
      const v = view[k];
      if (typeof v !== "number") fail(`${at}.staleView`, k, `expected a number, got ${describe(v)}`);
      staleView[k] = v;
    }
    step.staleView = staleView;
  }
  return step;
}

function freezeStep<T extends StepRecord>(step: T): T {
  // Shallow freezes: the objects effects point at are frozen already, and walking into them again costs.
  for (const e of step.effects) Object.freeze(e);
  Object.freeze(step.effects);
  Object.freeze(step.request);
  if (step.choices) Object.freeze(step.choices);
  if (step.staleView) Object.freeze(step.staleView);
  return Object.freeze(step);
}

/**
 * Decodes a stored counterexample. Its state must be one of the dump's, a violation's invariant
 * one that fails there, and its paths must chain: from the initial state to its state, and a
 * cycle from its state back to it. (Whether a "loop" names a livelock or failing reconciler is
 * known only once the graph is analysed: `loadDump` checks it.)
 */
function decodeCounterexample(
  value: unknown,
  i: number,
  objects: Map<string, StoredObject>,
  states: readonly ArrayGraphState[],
  ids: ReadonlyMap<string, number>,
): DecodedCounterexample {
  const at = `counterexamples[${i}]`;
  const c = record(value, at);
  onlyFields(c, COUNTEREXAMPLE_FIELDS, at);
  const kind = string(c.kind, at, "kind");
  if (kind !== "violation" && kind !== "loop") fail(at, "kind", `expected "violation" or "loop", got ${describe(kind)}`);
  const stateId = string(c.stateId, at, "stateId");
  const state = ids.get(stateId);
  if (state === undefined) fail(at, "stateId", `state "${stateId}" is not in the dump's states`);
  if (typeof c.shortest !== "boolean") fail(at, "shortest", `expected a boolean, got ${describe(c.shortest)}`);
  const out: DecodedCounterexample = { kind, stateId, shortest: c.shortest };
  const initial = states[0]!.id;
  if (kind === "violation") {
    const invariant = string(c.invariant, at, "invariant");
    if (!states[state]!.outcome.violations?.some((v) => v.invariant === invariant)) {
      fail(at, "invariant", `"${invariant}" does not fail at state "${stateId}" in the dump's states`);
    }
    if (c.cycle !== undefined) fail(at, "cycle", "is not a field of a violation");
    out.invariant = invariant;
    out.path = decodePath(c.path, at, "path", objects, initial, stateId);
  } else {
    if (c.invariant !== undefined) fail(at, "invariant", "is not a field of a loop");
    if (c.path !== undefined) out.path = decodePath(c.path, at, "path", objects, initial, stateId);
    if (c.cycle !== undefined) out.cycle = decodePath(c.cycle, at, "cycle", objects, stateId, stateId);
  }
  return Object.freeze(out);
}

/** The sections of a dump, in the order they are decoded. */
export const DUMP_SECTIONS = ["objects", "keys", "states", "steps", "edges", "counterexamples"] as const;
/** One of `DUMP_SECTIONS`. */
export type DumpSection = (typeof DUMP_SECTIONS)[number];

/** Whether a dump may leave `section` out (and its count with it): the sections added since version 2. */
export function isOptionalSection(section: DumpSection): boolean {
  return section === "counterexamples";
}

const COUNTED: readonly DumpSection[] = DUMP_SECTIONS;
const COUNT_FIELDS: ReadonlySet<string> = new Set(DUMP_SECTIONS);

/**
 * Decodes one dump: `header` first, then `add` each element of each section in `DUMP_SECTIONS`
 * order, then `finish`.
 *
 * @example
 * ```ts
 * const d = new DumpDecoder("dump.json");
 * d.header(doc);
 * for (const section of DUMP_SECTIONS) doc[section].forEach((e, i) => d.add(section, e, i));
 * const { graph } = d.finish();
 * ```
 */
export class DumpDecoder {
  private createdBy = "";
  private scenario: DumpScenario = {};
  private complete = true;
  private stopReason: OutcomeStopReason | undefined;
  private stopDetail: string | undefined;
  private warnings: string[] = [];
  private stats: ExploreStats | undefined;
  private counts: Record<string, unknown> = {};
  private readonly objects = new Map<string, StoredObject>();
  private readonly keys: { key: string; label: string }[] = [];
  private readonly keySeen = new Map<string, number>();
  private stamp: Int32Array | undefined;
  private readonly states: ArrayGraphState[] = [];
  private readonly ids = new Map<string, number>();
  private readonly steps: StepRecord[] = [];
  private readonly edges: (readonly [number, number, number])[] = [];
  private readonly counterexamples: DecodedCounterexample[] = [];
  private section = -1;
  private version = DUMP_VERSION;
  /** Fed the header and every element as they arrive; compared with the dump's own at the end (version 2). */
  private readonly checksum: DumpChecksum | undefined = new DumpChecksum();

  constructor(private readonly source: string) {}

  /** A `KameraError` about this dump. */
  problem(what: string): KameraError {
    return new KameraError(`cannot load dump ${this.source}: ${what}`);
  }

  /** Checks format and version first (a wrong version says so, whatever else is wrong), then the header fields. */
  header(document: unknown): void {
    if (document === null || typeof document !== "object" || Array.isArray(document)) {
      throw this.problem(`not a kamera dump (the file holds ${describe(document)}, not a JSON object)`);
    }
    const doc = document as Record<string, unknown>;
    if (doc.format !== DUMP_FORMAT) {
      throw this.problem(
        doc.format === undefined
          ? `not a kamera dump (no "format" field; expected "format": "${DUMP_FORMAT}")`
          : `not a kamera dump (format is ${describe(doc.format)}, expected "${DUMP_FORMAT}")`,
      );
    }
    if (!DUMP_VERSIONS_READ.includes(doc.version as number)) {
      const v = doc.version;
      throw this.problem(
        typeof v === "number" && Number.isInteger(v) && v > DUMP_VERSION
          ? `dump version ${v} was written by a newer kamera; this build reads versions ${DUMP_VERSIONS_READ.join(" and ")}`
          : `unsupported dump version ${describe(v)}; this build reads versions ${DUMP_VERSIONS_READ.join(" and ")}`,
      );
    }
    this.version = doc.version as number;
    this.guard(() => {
      this.createdBy = string(doc.createdBy, "createdBy");
      this.scenario = deepFreeze(record(doc.scenario ?? {}, "scenario"));
      if (typeof doc.complete !== "boolean") fail("complete", undefined, `expected a boolean, got ${describe(doc.complete)}`);
      this.complete = doc.complete;
      if (doc.stopReason !== undefined) {
        const reason = string(doc.stopReason, "stopReason") as OutcomeStopReason;
        if (!STOP_REASONS.includes(reason)) fail("stopReason", undefined, `expected one of ${STOP_REASONS.join(", ")}, got ${describe(reason)}`);
        if (this.complete) fail("stopReason", undefined, "is not a field of a complete dump (complete is true)");
        this.stopReason = reason;
      }
      this.stopDetail = optionalString(doc.stopDetail, "stopDetail", undefined);
      if (this.stopDetail !== undefined && this.complete) fail("stopDetail", undefined, "is not a field of a complete dump (complete is true)");
      if (doc.warnings !== undefined) this.warnings = array(doc.warnings, "warnings").map((w, i) => string(w, "warnings", i));
      this.stats = decodeStats(doc.stats);
      this.counts = record(doc.counts, "counts");
      onlyFields(this.counts, COUNT_FIELDS, "counts");
      for (const what of COUNTED) {
        const c = this.counts[what];
        if (c === undefined && isOptionalSection(what)) continue;
        if (typeof c !== "number" || !Number.isInteger(c) || c < 0) fail("counts", what, `expected a count, got ${describe(c)}`);
      }
      onlyFields(doc, HEADER_FIELDS, "$");
      if (this.version === 1 && doc.checksum !== undefined) fail("checksum", undefined, "is not a field of a version 1 dump");
      this.checksum?.update(headerChecksumText(doc as Parameters<typeof headerChecksumText>[0]));
    });
  }

  /** Decodes element `i` of `section`; sections must come in `DUMP_SECTIONS` order. */
  add(section: DumpSection, element: unknown, i: number): void {
    const order = DUMP_SECTIONS.indexOf(section);
    if (order < this.section) throw new Error(`dump sections out of order: ${section} after ${DUMP_SECTIONS[this.section]}`);
    this.guard(() => {
      // A section is complete when the next one starts: its count must match before anything refers to it.
      for (let done = Math.max(0, this.section); done < order; done++) this.checkCount(DUMP_SECTIONS[done]!);
      this.section = order;
      if (this.received(section) >= this.expected(section)) {
        fail(section, i, `the header says ${this.expected(section)} ${section}, but there are more (damaged or edited file)`);
      }
      this.checksum?.update(JSON.stringify(element));
      switch (section) {
        case "objects":
          this.addObject(element, i);
          break;
        case "keys":
          this.addKey(element, i);
          break;
        case "states": {
          this.stamp ??= new Int32Array(this.keys.length).fill(-1);
          const state = decodeState(element, i, this.objects, this.keys, this.stamp);
          const other = this.ids.get(state.id);
          if (other !== undefined) fail(`states[${i}]`, "id", `"${state.id}" is also the id of states[${other}]`);
          this.ids.set(state.id, i);
          this.states.push(state);
          break;
        }
        case "steps":
          this.steps.push(decodeStep(element, `steps[${i}]`, this.objects));
          break;
        case "counterexamples":
          this.counterexamples.push(decodeCounterexample(element, i, this.objects, this.states, this.ids));
          break;
        case "edges": {
          const at = `edges[${i}]`;
          const e = element;
          if (!Array.isArray(e) || e.length !== 3) {
            fail(at, undefined, `expected [from, to, stepId], got ${Array.isArray(e) ? `${e.length} numbers` : describe(e)}`);
          }
          this.edges.push([
            index(e[0], this.states.length, "state", at, 0),
            index(e[1], this.states.length, "state", at, 1),
            index(e[2], this.steps.length, "step", at, 2),
          ]);
          break;
        }
      }
    });
  }

  /** Checks the counts against what arrived and builds the graph. */
  finish(checksum?: unknown): DecodedDump {
    return this.guard(() => {
      for (const what of COUNTED) this.checkCount(what);
      if (this.states.length === 0) fail("states", undefined, "is empty: a dump holds at least the initial state");
      const inconsistent = graphInconsistency(this.states, this.steps, this.edges, this.complete);
      if (inconsistent !== undefined) fail(inconsistent.at, undefined, `${inconsistent.problem} (damaged or edited file)`);
      if (this.version >= 2) {
        if (typeof checksum !== "string") fail("checksum", undefined, `expected the checksum a version ${this.version} dump ends with, got ${describe(checksum)}`);
        const actual = this.checksum!.digest();
        if (checksum !== actual) {
          fail("checksum", undefined, `the content does not match the checksum (${checksum} recorded, ${actual} computed): the file was damaged or edited after it was written`);
        }
      }
      const decoded: DecodedDump = {
        graph: new ArrayResultGraph({ states: this.states, steps: this.steps, edges: this.edges, complete: this.complete }),
        createdBy: this.createdBy,
        scenario: this.scenario,
        complete: this.complete,
        warnings: this.warnings,
        counterexamples: this.counterexamples,
      };
      if (this.stopReason !== undefined) decoded.stopReason = this.stopReason;
      if (this.stopDetail !== undefined) decoded.stopDetail = this.stopDetail;
      if (this.stats) decoded.stats = this.stats;
      return decoded;
    });
  }

  private received(section: DumpSection): number {
    switch (section) {
      case "objects":
        return this.objects.size;
      case "keys":
        return this.keys.length;
      case "states":
        return this.states.length;
      case "steps":
        return this.steps.length;
      case "edges":
        return this.edges.length;
      case "counterexamples":
        return this.counterexamples.length;
    }
  }

  /** What the header says `section` holds; an optional section without a count holds none. */
  private expected(section: DumpSection): number {
    const count = this.counts[section];
    return count === undefined && isOptionalSection(section) ? 0 : (count as number);
  }

  private checkCount(section: DumpSection): void {
    const actual = this.received(section);
    if (this.expected(section) !== actual) {
      fail("counts", section, `the header says ${describe(this.counts[section])} but the file holds ${actual} (damaged or edited file)`);
    }
  }

  private addObject(element: unknown, i: number): void {
    const at = `objects[${i}]`;
    const e = record(element, at);
    onlyFields(e, OBJECT_FIELDS, at);
    const hash = string(e.hash, at, "hash");
    if (hash === "") fail(at, "hash", "is empty");
    if (this.objects.has(hash)) fail(at, "hash", `"${hash}" is listed twice`);
    const object = record(e.object, at, "object") as KubeObject;
    try {
      kindOf(object);
    } catch (err) {
      fail(at, "object", (err as Error).message);
    }
    if (typeof object.metadata?.name !== "string") fail(at, "object.metadata.name", "is missing");
    this.objects.set(hash, { object: deepFreeze(object), key: keyText(object) });
  }

  private addKey(element: unknown, i: number): void {
    const at = `keys[${i}]`;
    const k = record(element, at);
    onlyFields(k, KEY_FIELDS, at);
    const kind = kindAt(k.group, k.kind, at);
    const namespace = string(k.namespace, at, "namespace");
    const name = string(k.name, at, "name");
    if (name === "") fail(at, "name", "is empty");
    const key = objectKeyString(kind, namespace, name);
    const other = this.keySeen.get(key);
    if (other !== undefined) fail(at, undefined, `is the same key as keys[${other}]`);
    this.keySeen.set(key, i);
    this.keys.push({ key, label: `${kind} ${namespace ? `${namespace}/` : ""}${name}` });
  }

  private guard<T>(run: () => T): T {
    try {
      return run();
    } catch (e) {
      if (e instanceof DumpProblem) throw this.problem(e.message);
      throw e;
    }
  }
}
