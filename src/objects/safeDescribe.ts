/**
 * Text for values that user code throws or returns, for error messages. Whatever the value —
 * a cycle, a BigInt, an Error whose `message` getter throws, a Proxy whose traps throw, an object
 * without a prototype — describing it never throws: a reconciler's odd throw must end up as an
 * error on its step, not as a TypeError out of the exploration.
 */

/** Longer descriptions are cut: a message names the value, it does not dump it. */
const MAX_LENGTH = 2000;

function clip(text: string): string {
  return text.length <= MAX_LENGTH ? text : `${text.slice(0, MAX_LENGTH)}… (${text.length - MAX_LENGTH} more characters)`;
}

/** Reads `o[key]` as a string, or undefined when reading it throws or it is not a string. */
function readString(o: object, key: string): string | undefined {
  try {
    const v = (o as Record<string, unknown>)[key];
    return typeof v === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The value's type as a last resort, when even reading it fails. */
function typeLabel(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "an array";
  return `a value of type ${typeof v}`;
}

/**
 * JSON-like text of any value: BigInts as `10n`, a repeated object as `"[Circular]"`,
 * functions and symbols named; a getter, `toJSON` or Proxy trap that throws gives the value's
 * type instead.
 *
 * @example
 * ```ts
 * const o: Record<string, unknown> = { n: 10n };
 * o.self = o;
 * describeValue(o);   // '{"n":"10n","self":"[Circular]"}'
 * ```
 */
export function describeValue(v: unknown): string {
  switch (typeof v) {
    case "bigint":
      return `${v}n`;
    case "undefined":
      return "undefined";
    case "symbol":
      return v.toString();
    case "function":
      return `a function${v.name ? ` (${v.name})` : ""}`;
    case "string":
      return clip(JSON.stringify(v));
    case "number":
    case "boolean":
      // JSON would print Infinity and NaN as null, which hides exactly what is wrong.
      return String(v);
    default:
      break;
  }
  if (v === null) return "null";
  const seen = new WeakSet<object>();
  try {
    const text = JSON.stringify(v, (_key, value: unknown) => {
      if (typeof value === "bigint") return `${value}n`;
      if (typeof value === "number" && !Number.isFinite(value)) return String(value);
      if (typeof value === "function") return `[function${value.name ? ` ${value.name}` : ""}]`;
      if (typeof value === "symbol") return value.toString();
      if (typeof value === "object" && value !== null) {
        if (seen.has(value)) return "[Circular]";
        seen.add(value);
      }
      return value;
    });
    return clip(text ?? typeLabel(v));
  } catch {
    return typeLabel(v);
  }
}

/**
 * A one-line description of a thrown value (`"TypeError: x is not a function"`) and a longer one
 * with the stack when there is one. Never throws.
 *
 * @example
 * ```ts
 * describeThrown(new RangeError("too far"));   // { error: "RangeError: too far", detail: "RangeError: too far\n    at …" }
 * describeThrown(10n);                          // { error: "thrown: 10n", detail: "thrown: 10n" }
 * ```
 */
export function describeThrown(e: unknown): { error: string; detail: string } {
  if (typeof e === "object" && e !== null && isError(e)) {
    const name = readString(e, "name") ?? "Error";
    const message = readString(e, "message");
    const error = message === undefined ? `${name} (its message could not be read)` : clip(`${name}: ${message}`);
    const stack = readString(e, "stack");
    return { error, detail: stack ?? error };
  }
  const text = typeof e === "string" ? clip(e) : describeValue(e);
  return { error: `thrown: ${text}`, detail: `thrown: ${text}` };
}

function isError(e: object): boolean {
  try {
    return e instanceof Error;
  } catch {
    // A Proxy whose getPrototypeOf trap throws.
    return false;
  }
}
