import { describe, expect, it } from "vitest";
import { formatTimestamp, normalizeTimestamp } from "../../src/apiserver/rfc3339.ts";

describe("timestamps", () => {
  it("are written as RFC 3339 UTC with whole seconds", () => {
    expect(formatTimestamp(new Date(0))).toBe("1970-01-01T00:00:00Z");
    expect(formatTimestamp(new Date(3_600_999))).toBe("1970-01-01T01:00:00Z");
  });

  it("read from a Date or any RFC 3339 string normalize to the same value", () => {
    expect(normalizeTimestamp(new Date(3_600_000))).toEqual({ ok: true, value: "1970-01-01T01:00:00Z" });
    expect(normalizeTimestamp("1970-01-01T01:00:00.000Z")).toEqual({ ok: true, value: "1970-01-01T01:00:00Z" });
    expect(normalizeTimestamp("1970-01-01T02:00:00+01:00")).toEqual({ ok: true, value: "1970-01-01T01:00:00Z" });
    expect(normalizeTimestamp(undefined)).toEqual({ ok: true, value: undefined });
  });

  it("asked again give the same answers, alternating instants and strings (remembered answers are never stale)", () => {
    for (let round = 0; round < 2; round++) {
      expect(formatTimestamp(new Date(1_000))).toBe("1970-01-01T00:00:01Z");
      expect(formatTimestamp(new Date(2_500))).toBe("1970-01-01T00:00:02Z");
      expect(formatTimestamp(new Date(1_999))).toBe("1970-01-01T00:00:01Z");
      expect(normalizeTimestamp("1970-01-01T02:00:00+01:00")).toEqual({ ok: true, value: "1970-01-01T01:00:00Z" });
      expect(normalizeTimestamp("1970-01-01T03:00:00+01:00")).toEqual({ ok: true, value: "1970-01-01T02:00:00Z" });
      expect(normalizeTimestamp("May 1")).toEqual({ ok: false });
    }
  });

  it("that do not parse are reported, not guessed", () => {
    expect(normalizeTimestamp("May 1")).toEqual({ ok: false });
    expect(normalizeTimestamp("1")).toEqual({ ok: false });
    expect(normalizeTimestamp(12)).toEqual({ ok: false });
    expect(normalizeTimestamp(new Date(NaN))).toEqual({ ok: false });
  });
});
