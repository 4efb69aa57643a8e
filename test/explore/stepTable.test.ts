import { describe, expect, it } from "vitest";
import { StepTable } from "../../src/explore/stepTable.ts";
import type { StepRecord } from "../../src/explore/stepRecord.ts";

const record = (name: string): StepRecord => ({ reconcilerId: "web", request: { namespace: "default", name }, effects: [] });

describe("StepTable", () => {
  it("numbers steps densely in the order they are made, replays of one record sharing it", () => {
    const steps = new StepTable();
    const a = steps.addRecord(record("a"));
    const b = steps.addRecord(record("b"));
    expect([steps.addStep(a), steps.addStep(b), steps.addStep(a)]).toEqual([0, 1, 2]);
    expect(steps.length).toBe(3);
    expect(steps.get(0)).toBe(steps.get(2));
    expect(steps.get(1)!.request.name).toBe("b");
    expect(steps.recordOf(2)).toBe(a);
    expect(steps.addStep(steps.recordOf(1))).toBe(3);
    expect(steps.get(3)).toBe(steps.get(1));
  });

  it("reads a step never made as undefined, and refuses an unknown record or step", () => {
    const steps = new StepTable();
    expect(steps.get(0)).toBeUndefined();
    expect(() => steps.addStep(0)).toThrow(/no step record number 0 \(0 kept\)/);
    steps.addStep(steps.addRecord(record("a")));
    expect(() => steps.recordOf(5)).toThrow(/no step with id 5 \(1 made\)/);
  });
});
