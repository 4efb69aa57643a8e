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
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

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
    // Only full RFC 3339 date-times: Date.parse alone would accept "1" or "May 1".
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) return { ok: false };
    const ms = Date.parse(value);
    return Number.isFinite(ms) ? { ok: true, value: formatTimestamp(new Date(ms)) } : { ok: false };
  }
  return { ok: false };
}
