import { describe, expect, it } from "vitest";
import { kameraMatchers } from "../src/vitest.ts";
import { scenario as duplicateInvariant } from "../examples/duplicate-invariant/scenario.ts";
import { scenario as livelock } from "../examples/livelock/scenario.ts";
import { scenario as trivial } from "../examples/trivial/scenario.ts";
import { scenario as failing } from "./cli/fixtures/failingScenario.ts";
import type { Scenario } from "../src/index.ts";

async function explore(s: Scenario, opts: Parameters<ReturnType<ReturnType<Scenario["build"]>["builder"]["build"]>["explore"]>[1] = {}) {
  const { builder, initial, options } = s.build();
  return builder.build().explore(initial, { ...options, ...opts });
}

/** The message vitest would print for a failing assertion. */
function failureOf(assertion: () => void): string {
  try {
    assertion();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error("expected the assertion to fail");
}

describe("kamera/vitest matchers", () => {
  it("pass on a result where every path converges", async () => {
    const r = await explore(trivial);
    expect(r).toConverge();
    expect(r).toHaveNoViolations();
    expect(r).toHaveNoLivelocks();
  });

  it("toHaveNoViolations fails with each distinct violation once and its shortest path as steps", async () => {
    // The full graph, whose shortest path starts with a Spawner's CREATE (the reduced graph's may run the Recorder first).
    const r = await explore(duplicateInvariant, { reduction: "none" });
    expect(r.violations.length).toBeGreaterThan(0);
    const message = failureOf(() => expect(r).toHaveNoViolations());
    expect(message).toMatch(/^expected no invariant violations, but found\n {2}\d+ violations?/);
    const v = r.violations[0]!;
    expect(message).toContain(`"${v.invariant}": ${v.message}`);
    expect(message).toMatch(/\n {8}1\. \S+ \S+: CREATE core\/Pod /);
    // Short enough to read in a terminal, however many states failed.
    expect(message.split("\n").length).toBeLessThan(40);
  });

  it("groups identical violations, saying at how many states they failed", () => {
    const path = [{ reconcilerId: "Spawner", request: { namespace: "default", name: "foo" }, effects: [{ op: "CREATE" as const, kind: "core/Pod", namespace: "default", name: "p" }], stateBefore: "a", stateAfter: "b" }];
    const violation = (stateId: string, steps: number) => ({ invariant: "one pod", message: "2 pods exist", stateId, path: Array.from({ length: steps }, () => path[0]!) });
    const result = { convergedStates: [], abortedStates: [], nonConverging: [], keepsFailing: [], violations: [violation("s1", 3), violation("s2", 1), violation("s3", 2)], stats: {} as never, complete: true };
    const message = kameraMatchers.toHaveNoViolations(result).message();
    expect(message).toBe(
      [
        "expected no invariant violations, but found",
        "  3 violations (1 distinct one):",
        '    "one pod": 2 pods exist',
        "      at 3 states; shortest s2 after 1 step:",
        "        1. Spawner default/foo: CREATE core/Pod default/p",
      ].join("\n"),
    );
  });

  it("toHaveNoLivelocks fails with the path into the livelock and the cycle it repeats", async () => {
    const r = await explore(livelock);
    const message = failureOf(() => expect(r).toHaveNoLivelocks());
    expect(message).toMatch(/^expected no livelocks, but found\n {2}\d+ livelocks?:\n/);
    expect(message).toContain("then repeats ");
    expect(message).toMatch(/\n {8}1\. \S+ \S+: UPDATE /);
  });

  it("toConverge fails on a failing reconciler with its error and the line that threw", async () => {
    const r = await explore(failing);
    const message = failureOf(() => expect(r).toConverge());
    expect(message).toContain("1 failing reconciler:\n    Boom default/x fails on every retry: Error: cannot reach the database\n      thrown at test/cli/fixtures/failingScenario.ts:11:");
    expect(message).toMatch(/1\. Boom default\/x failed: Error: cannot reach the database/);
  });

  it("toConverge fails on an incomplete search and on states cut off at max depth", async () => {
    const r = await explore(trivial, { maxDepth: 1 });
    const message = failureOf(() => expect(r).toConverge());
    expect(message).toMatch(/aborted states?:\n {4}max-depth: \d+/);
    expect(message).toContain("no converged state was reached");
  });

  it("supports .not, and says so when it does not hold", async () => {
    const r = await explore(livelock);
    expect(r).not.toConverge();
    expect(failureOf(() => expect(r).not.toHaveNoViolations())).toBe("expected invariant violations, but there were none");
  });

  it("explains a value that is not a result", () => {
    expect(failureOf(() => expect([]).toConverge())).toBe("toConverge: expected the result of explorer.explore(...) (an ExploreResult), got an array");
  });

  it("fails on a value that is not a result under .not too: it does not pass as 'not converging'", () => {
    expect(failureOf(() => expect(undefined).not.toConverge())).toBe("toConverge: expected the result of explorer.explore(...) (an ExploreResult), got undefined");
    expect(failureOf(() => expect(null).not.toHaveNoViolations())).toBe("toHaveNoViolations: expected the result of explorer.explore(...) (an ExploreResult), got null");
    expect(failureOf(() => expect({}).not.toHaveNoLivelocks())).toMatch(/^toHaveNoLivelocks: expected the result of explorer\.explore\(\.\.\.\) \(an ExploreResult\), got object$/);
  });

  it("says a Promise was given when the result was not awaited, with or without .not", async () => {
    const pending = explore(trivial);
    const message = "toConverge: expected the result of explorer.explore(...) (an ExploreResult), got a Promise: did you forget await?";
    expect(failureOf(() => expect(pending).not.toConverge())).toBe(message);
    expect(failureOf(() => expect(pending).toConverge())).toBe(message);
    await pending;
  });

  it("toConverge on a walk strategy's result says walks never cover every state, not that the search was stopped", async () => {
    const r = await explore(trivial, { strategy: "random-walk" });
    expect(r).toMatchObject({ complete: false, stopReason: "walks" });
    const message = failureOf(() => expect(r).toConverge());
    expect(message).toContain("a walk strategy samples executions and never covers every state; check convergence with an exhaustive strategy (dfs, bfs or random)");
    expect(message).not.toContain("stopped by");
    const stopped = await explore(trivial, { maxStates: 1 });
    expect(failureOf(() => expect(stopped).toConverge())).toContain("the search did not complete (stopped at maxStates)");
  });
});
