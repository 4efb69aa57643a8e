import { KameraError } from "../kameraError.ts";

/** Below this depth no cycle check is made: real objects are shallow, and the check costs a set lookup per node. */
const UNCHECKED_DEPTH = 64;

/**
 * Deeper than any real object (the simulated server's request bodies stop at the same depth):
 * a bound that keeps the recursive walk far from the stack's end, so a pathological object gets
 * a clear error instead of a stack overflow.
 */
export const MAX_JSON_DEPTH = 512;

/** Raised when a value nests deeper than `MAX_JSON_DEPTH`. */
class TooDeep {}

/** Raised inside the fast walk; `canonicalJson` then walks again, slowly, to name the path. */
class Unencodable {
  constructor(readonly problem: string) {}
}

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

function keyStep(key: string): string {
  return IDENTIFIER.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`;
}

/** Code-unit order, which is what `<` on strings compares, independent of how JavaScript enumerates keys. */
function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * RFC 3339 in UTC, with whole seconds when the instant has no milliseconds (the form the
 * Kubernetes API uses) and with milliseconds otherwise, so no information is lost.
 */
function formatDate(d: Date): string {
  const ms = d.getTime();
  if (!Number.isFinite(ms)) throw new Unencodable("an invalid Date");
  const iso = d.toISOString();
  return ms % 1000 === 0 ? iso.replace(/\.000Z$/, "Z") : iso;
}

/** The problem with a value that is not a container, or undefined when it encodes. */
function scalarProblem(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
    case "boolean":
      return undefined;
    case "number":
      return Number.isFinite(value) ? undefined : `the non-finite number ${String(value)}`;
    case "object":
      if (value === null) return undefined;
      if (value instanceof Date) return Number.isFinite(value.getTime()) ? undefined : "an invalid Date";
      if (value instanceof Map || value instanceof Set || ArrayBuffer.isView(value) || value instanceof ArrayBuffer) {
        return `a ${value.constructor.name}, which has no JSON form`;
      }
      return undefined;
    default:
      return `a value of type ${typeof value}`;
  }
}

/** Whether `keys` are in code-unit order already (many objects' are): sorting them would only cost. */
function inOrder(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (!(keys[i - 1]! < keys[i]!)) return false;
  return true;
}

/** `JSON.stringify(key)` of the keys met so far: objects of one kind have the same few keys (bounded: keys come from user data). */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = JSON.stringify(key);
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

function encode(value: unknown, depth: number, ancestors: Set<object> | undefined): string {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) throw new Unencodable(`the non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      break;
    default:
      throw new Unencodable(`a value of type ${typeof value}`);
  }
  if (value === null) return "null";
  if (value instanceof Date) return JSON.stringify(formatDate(value));
  if (depth >= MAX_JSON_DEPTH) throw new TooDeep();
  const problem = scalarProblem(value);
  if (problem !== undefined) throw new Unencodable(problem);
  let seen = ancestors;
  if (depth >= UNCHECKED_DEPTH) {
    seen ??= new Set();
    if (seen.has(value)) throw new Unencodable("a cycle");
    seen.add(value);
  }
  let out: string;
  if (Array.isArray(value)) {
    out = "[";
    for (let i = 0; i < value.length; i++) {
      if (i > 0) out += ",";
      const v: unknown = value[i];
      // As in JSON.stringify, a hole or undefined element is null: positions matter in an array.
      out += v === undefined ? "null" : encode(v, depth + 1, seen);
    }
    out += "]";
  } else {
    const keys = Object.keys(value);
    if (!inOrder(keys)) keys.sort(compareCodeUnits);
    out = "{";
    let first = true;
    for (const key of keys) {
      const v = (value as Record<string, unknown>)[key];
      if (v === undefined) continue;
      out += (first ? "" : ",") + quotedKey(key) + ":" + encode(v, depth + 1, seen);
      first = false;
    }
    out += "}";
  }
  if (seen !== undefined && depth >= UNCHECKED_DEPTH) seen.delete(value);
  return out;
}

/**
 * Finds the first thing `encode` rejects, in encoding order, with its path; cycles are found at
 * the first step that closes one. Only run after a failure, so it can afford a path per node.
 */
function locate(value: unknown, path: string, ancestors: Set<object>): string | undefined {
  const problem = scalarProblem(value);
  if (problem !== undefined) return `${problem} at ${path}`;
  if (typeof value !== "object" || value === null || value instanceof Date) return undefined;
  if (ancestors.has(value)) return `a cycle at ${path}`;
  ancestors.add(value);
  let found: string | undefined;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length && found === undefined; i++) {
      if (value[i] !== undefined) found = locate(value[i], `${path}[${i}]`, ancestors);
    }
  } else {
    for (const key of Object.keys(value).sort(compareCodeUnits)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) found = locate(v, `${path}${keyStep(key)}`, ancestors);
      if (found !== undefined) break;
    }
  }
  ancestors.delete(value);
  return found;
}

/**
 * The canonical JSON text of a value: object keys sorted by UTF-16 code units at every level
 * (explicitly, because JavaScript enumerates integer-like keys such as `"10"` and `"9"` first and
 * in numeric order), no whitespace, properties whose value is `undefined` left out (`undefined`
 * array elements become `null`, as in JSON), `Date`s as RFC 3339 strings. Equal JSON content gives
 * equal text however the objects were built. Non-finite numbers, functions, symbols, bigints,
 * `Map`/`Set` and cycles throw a `KameraError` naming the path, e.g. `$.spec.replicas`; so does
 * nesting deeper than `MAX_JSON_DEPTH` levels, instead of overflowing the stack.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, 10: "x", 9: "y", a: [undefined] }); // '{"10":"x","9":"y","a":[null],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === undefined) throw new KameraError("canonicalJson: cannot encode undefined, which has no JSON form, at $");
  try {
    return encode(value, 0, undefined);
  } catch (e) {
    if (e instanceof TooDeep) {
      throw new KameraError(`canonicalJson: cannot encode a value nested deeper than ${MAX_JSON_DEPTH} levels (objects and arrays within each other); no Kubernetes object is that deep`);
    }
    if (e instanceof Unencodable) {
      throw new KameraError(`canonicalJson: cannot encode ${locate(value, "$", new Set()) ?? e.problem}`);
    }
    throw e;
  }
}
