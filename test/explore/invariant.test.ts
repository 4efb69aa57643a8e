import { describe, expect, it } from "vitest";
import { ExplorerBuilder } from "../../src/explore/explorerBuilder.ts";
import { evaluateInvariant, type InvariantRegistration } from "../../src/explore/invariant.ts";
import type { StateView } from "../../src/explore/stateView.ts";

const view = {} as StateView;
const returning = (verdict: unknown): InvariantRegistration => ({ name: "pods", check: () => verdict as boolean, when: "always" });

describe("evaluateInvariant", () => {
  it("holds on true, and is violated with the check's message otherwise", () => {
    expect(evaluateInvariant(returning(true), view)).toBeUndefined();
    expect(evaluateInvariant(returning(false), view)).toBe('invariant "pods" does not hold');
    expect(evaluateInvariant(returning("2 pods exist"), view)).toBe("2 pods exist");
  });

  it("an empty message is still a violation, with a message that names the invariant", () => {
    expect(evaluateInvariant(returning(""), view)).toBe('invariant "pods" does not hold (its message was empty)');
  });
});

describe("withInvariant", () => {
  it("an invariant's name must be a non-empty string: results name invariants by it", () => {
    const eb = new ExplorerBuilder();
    expect(() => eb.withInvariant("", () => true)).toThrow(/^withInvariant: the name must be a non-empty string \(it names the invariant in results\), got ""$/);
    expect(() => eb.withInvariant(5 as never, () => true)).toThrow(/got 5$/);
  });
});
