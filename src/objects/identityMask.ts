import { KameraError } from "../kameraError.ts";

/** What a masked timestamp becomes: its presence is kept, its value is not. */
export const MASKED_TIMESTAMP = "<timestamp>";

/**
 * A full RFC 3339 date-time (`2024-05-01T10:00:00Z`, `…T10:00:00.123+02:00`). Only whole
 * date-times, so a date-like name or a bare year is not taken for a timestamp.
 */
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Fields of `metadata` that the server generates and that differ only by the path taken. */
const DROPPED_METADATA = ["resourceVersion", "managedFields", "creationTimestamp", "generation"] as const;

type Json = unknown;
type JsonObject = Record<string, Json>;

function isObject(v: unknown): v is JsonObject {
  return typeof v === "object" && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A copy of `value` in which every RFC 3339 string and every `Date` is `MASKED_TIMESTAMP`. */
function maskTimestamps(value: Json): Json {
  if (typeof value === "string") return RFC3339.test(value) ? MASKED_TIMESTAMP : value;
  if (typeof value !== "object" || value === null) return value;
  if (value instanceof Date) return MASKED_TIMESTAMP;
  if (Array.isArray(value)) return value.map(maskTimestamps);
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = (value as JsonObject)[key];
    if (v !== undefined) out[key] = maskTimestamps(v);
  }
  return out;
}

const DROPPED_METADATA_SET: ReadonlySet<string> = new Set(DROPPED_METADATA);

/**
 * `maskTimestamps` of an object, with `metadata` (when it is an object) copied without the
 * server-generated fields: left out while copying rather than deleted after, since a deletion
 * turns the copy into a slow dictionary object for everything that reads it next.
 */
function maskTopLevel(value: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (v === undefined) continue;
    if (key !== "metadata" || !isObject(v)) {
      out[key] = maskTimestamps(v);
      continue;
    }
    const meta: JsonObject = {};
    for (const k of Object.keys(v)) {
      const m = v[k];
      if (m !== undefined && !DROPPED_METADATA_SET.has(k)) meta[k] = maskTimestamps(m);
    }
    out[key] = meta;
  }
  return out;
}

/**
 * Replaces, in place on a copy, every numeric `observedGeneration` under `status` (at the top of
 * status, in conditions, or deeper) by `generation − observedGeneration`.
 */
function relativizeObservedGenerations(value: Json, generation: number): void {
  if (Array.isArray(value)) {
    for (const v of value) relativizeObservedGenerations(v, generation);
    return;
  }
  if (!isObject(value)) return;
  for (const key of Object.keys(value)) {
    const v = value[key];
    if (key === "observedGeneration" && typeof v === "number") value[key] = generation - v;
    else relativizeObservedGenerations(v, generation);
  }
}

// ---- User masks ----

/** One step of a mask path: a literal key (or array index), or `*` for every key/element. */
export type MaskSegment = { wildcard: true } | { wildcard: false; key: string };

const parsedMasks = new Map<string, readonly MaskSegment[]>();

/**
 * Parses a dotted mask path. `.` separates segments; `\.` is a literal dot, `\*` a literal star,
 * `\\` a backslash; a segment that is exactly an unescaped `*` matches every key of an object
 * and every element of an array.
 */
export function parseMaskPath(mask: string): readonly MaskSegment[] {
  const cached = parsedMasks.get(mask);
  if (cached !== undefined) return cached;
  if (typeof mask !== "string" || mask === "") throw new KameraError(`a mask must be a non-empty dotted path such as "status.lastProbe", got ${JSON.stringify(mask)}`);
  const segments: MaskSegment[] = [];
  let key = "";
  let escapedStar = false;
  const finish = (): void => {
    if (key === "") throw new KameraError(`mask ${JSON.stringify(mask)} has an empty segment; write a literal dot as "\\."`);
    segments.push(key === "*" && !escapedStar ? { wildcard: true } : { wildcard: false, key });
    key = "";
    escapedStar = false;
  };
  for (let i = 0; i < mask.length; i++) {
    const ch = mask[i]!;
    if (ch === "\\") {
      const next = mask[i + 1];
      if (next !== "." && next !== "*" && next !== "\\") {
        throw new KameraError(`mask ${JSON.stringify(mask)} has a bad escape at offset ${i}: only "\\.", "\\*" and "\\\\" are allowed`);
      }
      if (next === "*") escapedStar = true;
      key += next;
      i++;
    } else if (ch === ".") {
      finish();
    } else {
      key += ch;
    }
  }
  finish();
  parsedMasks.set(mask, segments);
  return segments;
}

/**
 * The identity field (`metadata.name` or `metadata.namespace`) a mask path would remove, if any:
 * `metadata`, `metadata.name`, `*`, `metadata.*` and `*.*` all reach one.
 */
export function identityFieldMaskedBy(mask: string): string | undefined {
  const segs = parseMaskPath(mask);
  const first = segs[0]!;
  if (!first.wildcard && first.key !== "metadata") return undefined;
  if (segs.length === 1) return "metadata.name";
  if (segs.length > 2) return undefined;
  const second = segs[1]!;
  if (second.wildcard) return "metadata.name";
  return second.key === "name" || second.key === "namespace" ? `metadata.${second.key}` : undefined;
}

/**
 * Removes what `segs[i..]` addresses under `node` (a fresh copy, so mutation is safe). At an
 * object, a run of literal segments joined by dots also matches a key containing dots, so
 * `metadata.annotations.example.com/seen` works without escaping; every reading that exists is
 * removed. An addressed array element becomes `null`, so the positions of the others stay put.
 */
function removePath(node: Json, segs: readonly MaskSegment[], i: number): void {
  if (Array.isArray(node)) {
    const seg = segs[i]!;
    const indices = seg.wildcard ? node.map((_, j) => j) : /^(0|[1-9]\d*)$/.test(seg.key) ? [Number(seg.key)] : [];
    for (const j of indices) {
      if (j >= node.length) continue;
      if (i === segs.length - 1) node[j] = null;
      else removePath(node[j], segs, i + 1);
    }
    return;
  }
  if (!isObject(node)) return;
  const seg = segs[i]!;
  if (seg.wildcard) {
    for (const key of Object.keys(node)) {
      if (i === segs.length - 1) delete node[key];
      else removePath(node[key], segs, i + 1);
    }
    return;
  }
  let key = "";
  for (let j = i; j < segs.length; j++) {
    const s = segs[j]!;
    if (s.wildcard) break;
    key = j === i ? s.key : `${key}.${s.key}`;
    if (!Object.prototype.hasOwnProperty.call(node, key)) continue;
    if (j === segs.length - 1) delete node[key];
    else removePath(node[key], segs, j + 1);
  }
}

/**
 * The form of an object that decides its identity (semantics.md, "Identity"): a new value, the
 * input is never mutated. Left out: `metadata.resourceVersion`, `managedFields`,
 * `creationTimestamp` and the absolute `generation`; `deletionTimestamp` keeps its presence but
 * not its value; every RFC 3339 timestamp string (condition `lastTransitionTime`s included) and
 * every `Date` becomes `"<timestamp>"`; every numeric `observedGeneration` under `status` becomes
 * `generation − observedGeneration` (when the object has a generation), so a controller that is
 * caught up looks the same at any generation. `uid`s are kept: the simulated server derives them
 * from the object's key and incarnation, not from the path.
 *
 * `userMasks` are dotted paths removed afterwards: `"status.lastProbe"`,
 * `"status.conditions.*.reason"`, `"metadata.annotations.example.com/seen"` (a key containing
 * dots matches without escaping; `\.` forces a literal dot, `\*` a literal star). A masked array
 * element becomes `null`. A malformed mask throws a `KameraError`.
 *
 * @example
 * ```ts
 * normalizeForIdentity({ metadata: { name: "a", resourceVersion: "7", generation: 4 },
 *   status: { observedGeneration: 4, lastProbe: "x" } }, ["status.lastProbe"]);
 * // → { metadata: { name: "a" }, status: { observedGeneration: 0 } }
 * ```
 */
export function normalizeForIdentity(obj: unknown, userMasks: readonly string[] = []): unknown {
  const masks = userMasks.map(parseMaskPath);
  const out = isObject(obj) ? maskTopLevel(obj) : maskTimestamps(obj);
  if (isObject(out) && isObject(obj)) {
    const source = obj as JsonObject;
    const meta = out.metadata;
    const srcMeta = source.metadata;
    if (isObject(meta) && isObject(srcMeta)) {
      if (srcMeta.deletionTimestamp !== undefined && srcMeta.deletionTimestamp !== null) meta.deletionTimestamp = MASKED_TIMESTAMP;
      const generation = srcMeta.generation;
      if (typeof generation === "number" && out.status !== undefined) relativizeObservedGenerations(out.status, generation);
    }
  }
  for (const segs of masks) removePath(out, segs, 0);
  return out;
}
