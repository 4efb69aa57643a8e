import { describe, expect, it } from "vitest";
import { pathSignature } from "../../src/explore/pathSignature.ts";
import type { Step } from "../../src/explore/exploreResult.ts";

const step = (reconcilerId: string, writes: number, error?: string): Step => ({
  reconcilerId,
  request: { namespace: "default", name: "foo" },
  effects: Array.from({ length: writes }, () => ({ op: "UPDATE" as const, kind: "core/ConfigMap", namespace: "default", name: "foo" })),
  ...(error ? { error } : {}),
  stateBefore: "a",
  stateAfter: "b",
});

describe("pathSignature", () => {
  it("lists effectful steps as id@writes, marks errors with !, and skips steps that did nothing", () => {
    expect(pathSignature([step("Foo", 1), step("Bar", 0), step("Bar", 2), step("Baz", 0, "boom")])).toBe("Foo@1,Bar@2,Baz@0!");
  });
  it("is empty for a path of no-ops", () => {
    expect(pathSignature([step("Foo", 0)])).toBe("");
  });
});
