import { KameraError } from "../kameraError.ts";
import { kindOf, parseKind } from "../kinds.ts";
import { deepFreeze } from "../objects/deepFreeze.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { Request } from "../reconciler.ts";
import { jsonSyntaxError } from "./jsonSyntaxError.ts";
import { ArrayResultGraph, type ArrayGraphState } from "./arrayResultGraph.ts";
import { DUMP_FORMAT, DUMP_VERSION, STATS_NUMBER_FIELDS, joinKind, type DumpScenario } from "./dumpFormat.ts";
import type { Effect, EffectOp } from "./effect.ts";
import type { ExploreStats, PendingReconcile } from "./exploreResult.ts";
import type { OutcomeKind, StateOutcome, StepRecord } from "./resultGraph.ts";

/** A dump decoded into a graph, with what the file says about itself. */
export interface DecodedDump {
  graph: ArrayResultGraph;
  createdBy: string;
  scenario: DumpScenario;
  complete: boolean;
  stats?: ExploreStats;
}

const OUTCOMES: readonly OutcomeKind[] = ["converged", "aborted", "expanded", "unexpanded"];
const EFFECT_OPS: readonly EffectOp[] = ["CREATE", "UPDATE", "PATCH", "DELETE", "REMOVE"];

/** Thrown inside decoding with the JSON location of the problem; turned into a KameraError naming the file. */
class DumpProblem extends Error {}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  if (typeof value === "string") return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

function fail(at: string, what: string): never {
  throw new DumpProblem(`${at}: ${what}`);
}

function record(value: unknown, at: string): Record<string, unknown> {
  if (value === null || typeof value !== "object" || Array.isArray(value)) fail(at, `expected an object, got ${describe(value)}`);
  return value as Record<string, unknown>;
}

function array(value: unknown, at: string): unknown[] {
  if (!Array.isArray(value)) fail(at, `expected an array, got ${describe(value)}`);
  return value;
}

function string(value: unknown, at: string): string {
  if (typeof value !== "string") fail(at, `expected a string, got ${describe(value)}`);
  return value;
}

function optionalString(value: unknown, at: string): string | undefined {
  return value === undefined ? undefined : string(value, at);
}

function index(value: unknown, at: string, limit: number, what: string): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < 0) {
    fail(at, `expected a ${what} number, got ${describe(value)}`);
  }
  if (value >= limit) fail(at, `${what} ${value} does not exist (the dump has ${limit})`);
  return value;
}

function request(value: unknown, at: string): Request {
  const r = record(value, at);
  return { namespace: string(r.namespace, `${at}.namespace`), name: string(r.name, `${at}.name`) };
}

function pending(value: unknown, at: string): PendingReconcile {
  const p = record(value, at);
  return { reconcilerId: string(p.reconcilerId, `${at}.reconcilerId`), request: request(p.request, `${at}.request`) };
}

function kindAt(group: unknown, kind: unknown, at: string): string {
  const canonical = joinKind(string(group, `${at}.group`), string(kind, `${at}.kind`));
  try {
    return parseKind(canonical).kind;
  } catch (e) {
    return fail(at, (e as Error).message);
  }
}

function decodeStats(value: unknown): ExploreStats | undefined {
  if (value === undefined) return undefined;
  const s = record(value, "stats");
  const stats = {} as ExploreStats;
  for (const key of STATS_NUMBER_FIELDS) {
    const v = s[key];
    // JSON writes Infinity and NaN as null; a rate of a zero-length run is such a number.
    if (v !== undefined && v !== null && typeof v !== "number") fail(`stats.${key}`, `expected a number, got ${describe(v)}`);
    stats[key] = typeof v === "number" ? v : 0;
  }
  stats.engine = optionalString(s.engine, "stats.engine") ?? "unknown";
  return stats;
}

function decodeObjects(value: unknown): Map<string, KubeObject> {
  const objects = new Map<string, KubeObject>();
  array(value, "objects").forEach((entry, i) => {
    const at = `objects[${i}]`;
    const e = record(entry, at);
    const hash = string(e.hash, `${at}.hash`);
    if (hash === "") fail(`${at}.hash`, "is empty");
    if (objects.has(hash)) fail(`${at}.hash`, `"${hash}" is listed twice`);
    const object = record(e.object, `${at}.object`) as KubeObject;
    try {
      kindOf(object);
    } catch (err) {
      fail(`${at}.object`, (err as Error).message);
    }
    if (typeof object.metadata?.name !== "string") fail(`${at}.object.metadata.name`, "is missing");
    objects.set(hash, deepFreeze(object));
  });
  return objects;
}

function lookup(objects: Map<string, KubeObject>, hash: unknown, at: string): KubeObject {
  const h = string(hash, at);
  const found = objects.get(h);
  if (found === undefined) fail(at, `object "${h}" is not in the dump's objects`);
  return found;
}

function decodeState(value: unknown, i: number, objects: Map<string, KubeObject>): ArrayGraphState {
  const at = `states[${i}]`;
  const s = record(value, at);
  const id = string(s.id, `${at}.id`);
  if (id === "") fail(`${at}.id`, "is empty");
  const depth = s.depth;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) {
    fail(`${at}.depth`, `expected a non-negative integer, got ${describe(depth)}`);
  }
  const kind = string(s.outcome, `${at}.outcome`) as OutcomeKind;
  if (!OUTCOMES.includes(kind)) fail(`${at}.outcome`, `expected one of ${OUTCOMES.join(", ")}, got "${kind}"`);
  const outcome: StateOutcome = { kind };
  const reason = optionalString(s.reason, `${at}.reason`);
  if (reason !== undefined) outcome.reason = reason;
  const error = optionalString(s.error, `${at}.error`);
  if (error !== undefined) outcome.error = error;
  if (s.failedReconcile !== undefined) outcome.failedReconcile = pending(s.failedReconcile, `${at}.failedReconcile`);
  if (s.violations !== undefined) {
    outcome.violations = array(s.violations, `${at}.violations`).map((v, j) => {
      const r = record(v, `${at}.violations[${j}]`);
      return {
        invariant: string(r.invariant, `${at}.violations[${j}].invariant`),
        message: string(r.message, `${at}.violations[${j}].message`),
      };
    });
  }
  const seen = new Set<string>();
  const stateObjects = array(s.objects, `${at}.objects`).map((ref, j) => {
    const rat = `${at}.objects[${j}]`;
    const r = record(ref, rat);
    const canonicalKind = kindAt(r.group, r.kind, rat);
    const namespace = string(r.namespace, `${rat}.namespace`);
    const name = string(r.name, `${rat}.name`);
    const key = objectKeyString(canonicalKind, namespace, name);
    if (seen.has(key)) fail(rat, `${canonicalKind} ${namespace}/${name} is listed twice in one state`);
    seen.add(key);
    const object = lookup(objects, r.hash, `${rat}.hash`);
    // The key is stored beside the reference so a reader can list a state without the objects;
    // it must agree with the object it points at.
    if (kindOf(object) !== canonicalKind || object.metadata?.name !== name || (object.metadata?.namespace ?? "") !== namespace) {
      fail(rat, `key ${canonicalKind} ${namespace}/${name} does not match object "${String(r.hash)}" (${kindOf(object)} ${object.metadata?.namespace ?? ""}/${object.metadata?.name})`);
    }
    return object;
  });
  const statePending = array(s.pending, `${at}.pending`).map((p, j) => deepFreeze(pending(p, `${at}.pending[${j}]`)));
  return { id, depth, outcome: deepFreeze(outcome), objects: stateObjects, pending: statePending };
}

function decodeStep(value: unknown, i: number, objects: Map<string, KubeObject>): StepRecord {
  const at = `steps[${i}]`;
  const s = record(value, at);
  const effects: Effect[] = array(s.effects, `${at}.effects`).map((v, j) => {
    const eat = `${at}.effects[${j}]`;
    const e = record(v, eat);
    const op = string(e.op, `${eat}.op`) as EffectOp;
    if (!EFFECT_OPS.includes(op)) fail(`${eat}.op`, `expected one of ${EFFECT_OPS.join(", ")}, got "${op}"`);
    const effect: Effect = {
      op,
      kind: kindAt(e.group, e.kind, eat),
      namespace: string(e.namespace, `${eat}.namespace`),
      name: string(e.name, `${eat}.name`),
    };
    if (e.before !== undefined) effect.before = lookup(objects, e.before, `${eat}.before`);
    if (e.after !== undefined) effect.after = lookup(objects, e.after, `${eat}.after`);
    return effect;
  });
  const step: StepRecord = {
    reconcilerId: string(s.reconcilerId, `${at}.reconcilerId`),
    request: request(s.request, `${at}.request`),
    effects,
  };
  const error = optionalString(s.error, `${at}.error`);
  if (error !== undefined) step.error = error;
  if (s.requeue !== undefined) {
    if (typeof s.requeue !== "boolean") fail(`${at}.requeue`, `expected a boolean, got ${describe(s.requeue)}`);
    if (s.requeue) step.requeue = true;
  }
  if (s.requeueAfter !== undefined) {
    if (typeof s.requeueAfter !== "number") fail(`${at}.requeueAfter`, `expected a number, got ${describe(s.requeueAfter)}`);
    step.requeueAfter = s.requeueAfter;
  }
  if (s.choices !== undefined) step.choices = array(s.choices, `${at}.choices`).map((c, j) => string(c, `${at}.choices[${j}]`));
  if (s.staleView !== undefined) {
    const view = record(s.staleView, `${at}.staleView`);
    const staleView: Record<string, number> = {};
    for (const k of Object.keys(view).sort()) {
      const v = view[k];
      if (typeof v !== "number") fail(`${at}.staleView.${k}`, `expected a number, got ${describe(v)}`);
      staleView[k] = v;
    }
    step.staleView = staleView;
  }
  return deepFreeze(step);
}

/**
 * Checks a parsed dump document and turns it into an array-backed graph. Every reference (object
 * digests, state and step numbers) is checked; nothing is re-hashed. Throws a `KameraError` that
 * names `source` and the JSON location of the first problem.
 *
 * Works without Node (the browser inspector opens dumps with it).
 *
 * @example
 * ```ts
 * const { graph, scenario } = decodeDump(JSON.parse(text), "dump.json");
 * const result = buildExploreResult(graph, { complete: graph.isComplete });
 * ```
 */
export function decodeDump(document: unknown, source: string): DecodedDump {
  const problem = (what: string): KameraError => new KameraError(`cannot load dump ${source}: ${what}`);
  if (document === null || typeof document !== "object" || Array.isArray(document)) {
    throw problem(`not a kamera dump (the file holds ${describe(document)}, not a JSON object)`);
  }
  const doc = document as Record<string, unknown>;
  if (doc.format !== DUMP_FORMAT) {
    throw problem(
      doc.format === undefined
        ? `not a kamera dump (no "format" field; expected "format": "${DUMP_FORMAT}")`
        : `not a kamera dump (format is ${describe(doc.format)}, expected "${DUMP_FORMAT}")`,
    );
  }
  if (doc.version !== DUMP_VERSION) {
    const v = doc.version;
    throw problem(
      typeof v === "number" && Number.isInteger(v) && v > DUMP_VERSION
        ? `dump version ${v} was written by a newer kamera; this build reads version ${DUMP_VERSION}`
        : `unsupported dump version ${describe(v)}; this build reads version ${DUMP_VERSION}`,
    );
  }
  try {
    const createdBy = string(doc.createdBy, "createdBy");
    const scenario = record(doc.scenario ?? {}, "scenario");
    if (typeof doc.complete !== "boolean") fail("complete", `expected a boolean, got ${describe(doc.complete)}`);
    const stats = decodeStats(doc.stats);
    const counts = record(doc.counts, "counts");
    const objects = decodeObjects(doc.objects);
    const rawStates = array(doc.states, "states");
    const rawSteps = array(doc.steps, "steps");
    const rawEdges = array(doc.edges, "edges");
    for (const [what, actual] of [
      ["objects", objects.size],
      ["states", rawStates.length],
      ["steps", rawSteps.length],
      ["edges", rawEdges.length],
    ] as const) {
      if (counts[what] !== actual) {
        fail(`counts.${what}`, `the header says ${describe(counts[what])} but the file holds ${actual} (damaged or edited file)`);
      }
    }
    if (rawStates.length === 0) fail("states", "is empty: a dump holds at least the initial state");
    const ids = new Map<string, number>();
    const states = rawStates.map((s, i) => {
      const state = decodeState(s, i, objects);
      const other = ids.get(state.id);
      if (other !== undefined) fail(`states[${i}].id`, `"${state.id}" is also the id of states[${other}]`);
      ids.set(state.id, i);
      return state;
    });
    const steps = rawSteps.map((s, i) => decodeStep(s, i, objects));
    const edges = rawEdges.map((e, i) => {
      const at = `edges[${i}]`;
      const triple = array(e, at);
      if (triple.length !== 3) fail(at, `expected [from, to, stepId], got ${triple.length} numbers`);
      return [
        index(triple[0], `${at}[0]`, states.length, "state"),
        index(triple[1], `${at}[1]`, states.length, "state"),
        index(triple[2], `${at}[2]`, steps.length, "step"),
      ] as const;
    });
    const decoded: DecodedDump = {
      graph: new ArrayResultGraph({ states, steps, edges, complete: doc.complete }),
      createdBy,
      scenario: deepFreeze(scenario),
      complete: doc.complete,
    };
    if (stats) decoded.stats = stats;
    return decoded;
  } catch (e) {
    if (e instanceof DumpProblem) throw problem(e.message);
    throw e;
  }
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/**
 * Parses and decodes the text of a dump. A file cut short (an interrupted save, a partial copy)
 * is reported as truncated; other JSON errors give the line and column; never a parser stack.
 *
 * @example
 * ```ts
 * const { graph } = parseDump(await file.text(), file.name);
 * ```
 */
export function parseDump(text: string, source: string): DecodedDump {
  const problem = (what: string): KameraError => new KameraError(`cannot load dump ${source}: ${what}`);
  if (text.trim() === "") throw problem("the file is empty");
  if (!text.trimStart().startsWith("{")) {
    throw problem(`not a kamera dump (it does not start with a JSON object; it starts with ${JSON.stringify(text.trimStart().slice(0, 20))})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    // JSON.parse's message may not say where; find the spot ourselves.
    const found = jsonSyntaxError(text);
    if (found === undefined) throw problem(`the file is not valid JSON: ${(e as Error).message}`);
    if (found.atEnd) {
      throw problem(
        `the file is truncated: its JSON stops after ${text.length} characters, before the document is complete (an interrupted save or a partial copy?)`,
      );
    }
    throw problem(`the file is not valid JSON at ${lineColumn(text, found.offset)}: ${found.message}`);
  }
  return decodeDump(document, source);
}
