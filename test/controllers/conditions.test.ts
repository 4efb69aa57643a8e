import { describe, expect, it } from "vitest";
import { getCondition, isConditionTrue, removeCondition, rfc3339, setCondition } from "../../src/controllers/conditions.ts";

describe("setCondition", () => {
  const t0 = "1970-01-01T00:00:00Z";
  const t1 = "1970-01-01T01:00:00Z";

  it("adds a missing condition and leaves an identical one untouched", () => {
    const once = setCondition(undefined, { type: "Ready", status: "True", reason: "Up", lastTransitionTime: t0 });
    expect(once).toEqual([{ type: "Ready", status: "True", reason: "Up", lastTransitionTime: t0 }]);
    expect(setCondition(once, { type: "Ready", status: "True", reason: "Up", lastTransitionTime: t1 })).toEqual(once);
  });

  it("keeps lastTransitionTime when only the reason changes, and replaces it when the status changes", () => {
    const start = [{ type: "A", status: "True" as const }, { type: "Ready", status: "True" as const, reason: "Up", lastTransitionTime: t0 }];
    const reasoned = setCondition(start, { type: "Ready", status: "True", reason: "StillUp", lastTransitionTime: t1 });
    expect(reasoned[1]).toEqual({ type: "Ready", status: "True", reason: "StillUp", lastTransitionTime: t0 });
    expect(reasoned[0]).toBe(start[0]);
    const flipped = setCondition(start, { type: "Ready", status: "False", reason: "Down", lastTransitionTime: t1 });
    expect(flipped[1]!.lastTransitionTime).toBe(t1);
  });

  it("finds, tests and removes conditions by type", () => {
    const list = [{ type: "Ready", status: "True" as const }];
    expect(getCondition(list, "Ready")).toBe(list[0]);
    expect(isConditionTrue(list, "Ready")).toBe(true);
    expect(isConditionTrue(list, "Other")).toBe(false);
    expect(removeCondition(list, "Ready")).toEqual([]);
  });
});

describe("rfc3339", () => {
  it("writes whole seconds with a Z, as the API server does", () => {
    expect(rfc3339(new Date(3_600_000))).toBe("1970-01-01T01:00:00Z");
  });
});
