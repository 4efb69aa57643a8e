import { KameraError } from "../kameraError.ts";
import { kindOf, parseKind } from "../kinds.ts";
import { deepFreeze } from "../objects/deepFreeze.ts";
import type { KubeObject } from "../objects/kubeObject.ts";
import { objectKeyString } from "../objects/objectKey.ts";
import type { Request } from "../reconciler.ts";
import { ArrayResultGraph, type ArrayGraphState } from "./arrayResultGraph.ts";
import { DUMP_FORMAT, DUMP_VERSION, STATS_NUMBER_FIELDS, joinKind, type DumpScenario } from "./dumpFormat.ts";
import type { Effect, EffectOp } from "./effect.ts";
import type { ExploreStats, PendingReconcile } from "./exploreResult.ts";
import { jsonSyntaxError } from "./jsonSyntaxError.ts";
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
  return { namespace: string(r.namespace, base, "namespace"), name: string(r.name, base, "name") };
}

function pending(value: unknown, at: string, field: Field): PendingReconcile {
  const p = record(value, at, field);
  const base = where(at, field);
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
  const stats = {} as ExploreStats;
  for (const key of STATS_NUMBER_FIELDS) {
    const v = s[key];
    // JSON writes Infinity and NaN as null; a rate of a zero-length run is such a number.
    if (v !== undefined && v !== null && typeof v !== "number") fail("stats", key, `expected a number, got ${describe(v)}`);
    stats[key] = typeof v === "number" ? v : 0;
  }
  stats.engine = optionalString(s.engine, "stats", "engine") ?? "unknown";
  return stats;
}

/** An object of the dump, with its key as `objectKeyString` writes it (computed once per object). */
interface StoredObject {
  object: KubeObject;
  key: string;
}

function keyText(obj: KubeObject): string {
  return objectKeyString(kindOf(obj), obj.metadata?.namespace ?? "", obj.metadata?.name ?? "");
}

function decodeObjects(value: unknown): Map<string, StoredObject> {
  const objects = new Map<string, StoredObject>();
  array(value, "objects").forEach((entry, i) => {
    const at = `objects[${i}]`;
    const e = record(entry, at);
    const hash = string(e.hash, at, "hash");
    if (hash === "") fail(at, "hash", "is empty");
    if (objects.has(hash)) fail(at, "hash", `"${hash}" is listed twice`);
    const object = record(e.object, at, "object") as KubeObject;
    try {
      kindOf(object);
    } catch (err) {
      fail(at, "object", (err as Error).message);
    }
    if (typeof object.metadata?.name !== "string") fail(at, "object.metadata.name", "is missing");
    objects.set(hash, { object: deepFreeze(object), key: keyText(object) });
  });
  return objects;
}

/** Keys as `objectKeyString` writes them, with a readable form for messages. */
function decodeKeys(value: unknown): { key: string; label: string }[] {
  const seen = new Map<string, number>();
  return array(value, "keys").map((entry, i) => {
    const at = `keys[${i}]`;
    const k = record(entry, at);
    const kind = kindAt(k.group, k.kind, at);
    const namespace = string(k.namespace, at, "namespace");
    const name = string(k.name, at, "name");
    if (name === "") fail(at, "name", "is empty");
    const key = objectKeyString(kind, namespace, name);
    const other = seen.get(key);
    if (other !== undefined) fail(at, undefined, `is the same key as keys[${other}]`);
    seen.set(key, i);
    return { key, label: `${kind} ${namespace ? `${namespace}/` : ""}${name}` };
  });
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
  const id = string(s.id, at, "id");
  if (id === "") fail(at, "id", "is empty");
  const depth = s.depth;
  if (typeof depth !== "number" || !Number.isInteger(depth) || depth < 0) {
    fail(at, "depth", `expected a non-negative integer, got ${describe(depth)}`);
  }
  const kind = string(s.outcome, at, "outcome") as OutcomeKind;
  if (!OUTCOMES.includes(kind)) fail(at, "outcome", `expected one of ${OUTCOMES.join(", ")}, got "${kind}"`);
  const outcome: StateOutcome = { kind };
  const reason = optionalString(s.reason, at, "reason");
  if (reason !== undefined) outcome.reason = reason;
  const error = optionalString(s.error, at, "error");
  if (error !== undefined) outcome.error = error;
  if (s.failedReconcile !== undefined) outcome.failedReconcile = pending(s.failedReconcile, at, "failedReconcile");
  if (s.violations !== undefined) {
    outcome.violations = array(s.violations, at, "violations").map((v, j) => {
      const vat = `${at}.violations[${j}]`;
      const r = record(v, vat);
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

function decodeStep(value: unknown, i: number, objects: Map<string, StoredObject>): StepRecord {
  const at = `steps[${i}]`;
  const s = record(value, at);
  const effects: Effect[] = array(s.effects, at, "effects").map((v, j) => {
    const eat = `${at}.effects[${j}]`;
    const e = record(v, eat);
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
  return deepFreeze(step);
}

/**
 * Checks a parsed dump document and turns it into an array-backed graph. Every reference (object
 * digests, key, state and step numbers) is checked; nothing is re-hashed. Throws a `KameraError`
 * that names `source` and the JSON location of the first problem.
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
    if (typeof doc.complete !== "boolean") fail("complete", undefined, `expected a boolean, got ${describe(doc.complete)}`);
    const stats = decodeStats(doc.stats);
    const counts = record(doc.counts, "counts");
    const objects = decodeObjects(doc.objects);
    const keys = decodeKeys(doc.keys);
    const rawStates = array(doc.states, "states");
    const rawSteps = array(doc.steps, "steps");
    const rawEdges = array(doc.edges, "edges");
    for (const [what, actual] of [
      ["objects", objects.size],
      ["keys", keys.length],
      ["states", rawStates.length],
      ["steps", rawSteps.length],
      ["edges", rawEdges.length],
    ] as const) {
      if (counts[what] !== actual) {
        fail("counts", what, `the header says ${describe(counts[what])} but the file holds ${actual} (damaged or edited file)`);
      }
    }
    if (rawStates.length === 0) fail("states", undefined, "is empty: a dump holds at least the initial state");
    const ids = new Map<string, number>();
    const stamp = new Int32Array(keys.length).fill(-1);
    const states = rawStates.map((s, i) => {
      const state = decodeState(s, i, objects, keys, stamp);
      const other = ids.get(state.id);
      if (other !== undefined) fail(`states[${i}]`, "id", `"${state.id}" is also the id of states[${other}]`);
      ids.set(state.id, i);
      return state;
    });
    const steps = rawSteps.map((s, i) => decodeStep(s, i, objects));
    const edges = rawEdges.map((e, i) => {
      const at = `edges[${i}]`;
      if (!Array.isArray(e) || e.length !== 3) fail(at, undefined, `expected [from, to, stepId], got ${Array.isArray(e) ? `${e.length} numbers` : describe(e)}`);
      return [
        index(e[0], states.length, "state", at, 0),
        index(e[1], states.length, "state", at, 1),
        index(e[2], steps.length, "step", at, 2),
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
