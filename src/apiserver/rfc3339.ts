/**
 * Timestamps as the real server writes them: RFC 3339 in UTC with whole seconds
 * (`metav1.Time` has second precision on the wire), e.g. `"1970-01-01T01:00:00Z"`.
 *
 * @example
 * ```ts
 * formatTimestamp(new Date(3_600_000)); // "1970-01-01T01:00:00Z"
 * ```
 */
export function formatTimestamp(date: Date): string {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`formatTimestamp: invalid date`);
  const seconds = Math.floor(ms / 1000);
  // Every write of a reconcile stamps the same simulated instant: keep the last one formatted.
  if (seconds !== lastSeconds) {
    lastText = new Date(seconds * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    lastSeconds = seconds;
  }
  return lastText;
}

let lastSeconds = NaN;
let lastText = "";

/** Strings already normalized, by what was given (bounded: cleared when full). */
const normalized = new Map<string, string>();
const NORMALIZED_MAX = 4096;

/**
 * A timestamp field as the server would store it: a `Date` or a parsable string becomes
 * RFC 3339 seconds (`"2024-05-01T10:00:00.000Z"` and a `Date` of that instant both become
 * `"2024-05-01T10:00:00Z"`); `undefined`/`null` stay absent; anything else is `invalid`.
 */
export function normalizeTimestamp(value: unknown): { ok: true; value: string | undefined } | { ok: false } {
  if (value === undefined || value === null) return { ok: true, value: undefined };
  if (value instanceof Date) {
    return Number.isFinite(value.getTime()) ? { ok: true, value: formatTimestamp(value) } : { ok: false };
  }
  if (typeof value === "string") {
    // Objects carry the same few timestamps through every write: each is parsed once.
    const known = normalized.get(value);
    if (known !== undefined) return { ok: true, value: known };
    // Only full RFC 3339 date-times: Date.parse alone would accept "1" or "May 1".
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return { ok: false };
    const ms = Date.parse(value);
    if (!Number.isFinite(ms)) return { ok: false };
    const text = formatTimestamp(new Date(ms));
    if (normalized.size >= NORMALIZED_MAX) normalized.clear();
    normalized.set(value, text);
    return { ok: true, value: text };
  }
  return { ok: false };
}
