/**
 * `intstr.IntOrString` values such as a rolling update's `maxSurge: "25%"` or `maxUnavailable: 1`,
 * scaled against a replica count as `intstrutil.GetScaledValueFromIntOrPercent` does.
 *
 * @example
 * ```ts
 * scaledIntOrPercent("25%", 10, true);  // 3
 * scaledIntOrPercent("25%", 10, false); // 2
 * scaledIntOrPercent(2, 10, true);      // 2
 * ```
 */
export function scaledIntOrPercent(value: number | string, total: number, roundUp: boolean, field = "value"): number {
  if (typeof value === "number") {
    if (!Number.isInteger(value) || value < 0) throw new Error(`${field} ${value} is not valid: expected a non-negative integer or a percentage such as "25%"`);
    return value;
  }
  const m = typeof value === "string" ? /^(\d+)%$/.exec(value) : null;
  if (!m) throw new Error(`${field} ${JSON.stringify(value)} is not valid: expected a non-negative integer or a percentage such as "25%"`);
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
