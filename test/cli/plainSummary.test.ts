import { describe, expect, it } from "vitest";
import { formatPlainSummary } from "../../src/cli/plainSummary.ts";
import { fixtureResult, resultState, step } from "./fixtureResult.ts";

describe("formatPlainSummary", () => {
  const text = formatPlainSummary(fixtureResult(), { name: "fixture" });

  it("opens with how the search ended and its counters", () => {
    const [first, second, third] = text.split("\n");
    expect(first).toBe("Exploration of fixture: complete");
    expect(second).toBe("  9 states, 14 transitions, 15 reconciles, depth 4, 3 ms, 3,000 states/s, wasm core");
    expect(third).toBe("  fingerprint collision probability 2.2e-18");
  });

  it("lists each converged state with its id, path count and unique path signatures", () => {
    expect(text).toContain("Converged states: 2\n  00000000000000a1  4 paths, 2 unique paths\n    FooController@1,BarController@1\n    BarController@1,FooController@1\n");
  });

  it("prints path counts beyond 2^53 exactly, with thousands separators, and names a path without writes", () => {
    expect(text).toContain(`00000000000000a2  ${(2n ** 70n).toLocaleString("en-US")} paths, 1 unique path\n    (no writes)\n`);
  });

  it("groups aborted states by reason in a fixed order, with the failed reconcile and the error's first line", () => {
    expect(text).toContain(
      [
        "Aborted states: 3",
        "  error: 1",
        "    00000000000000b2  1 path  in BarController default/foo: boom",
        "  max-depth: 2",
        "    00000000000000b1  2 paths",
        "    00000000000000b3  1 path",
      ].join("\n"),
    );
  });

  it("shows a livelock with the path into it and its cycle", () => {
    expect(text).toContain("Non-converging states (livelocks): 1\n  00000000000000c1  livelock\n    reached by AlphaFighter@1\n    cycle BetaFighter@1,AlphaFighter@1\n");
  });

  it("shows a failing reconciler with its error, the line that threw, the path into it and its failing retries", () => {
    expect(text).toContain(
      [
        "Failing reconcilers (fail on every retry): 1",
        "  00000000000000e1  Boom default/foo keeps failing: Error: boom",
        "    at examples/boom.ts:12:11",
        "    reached by FooController@1",
        "    cycle Boom@0!",
      ].join("\n"),
    );
  });

  it("names the errors of failing steps inside a livelock's cycle", () => {
    const result = fixtureResult({
      nonConverging: [resultState("c2", "livelock", { cycle: [step("Alpha", 1), { ...step("Beta", 0, "Error: nope\nstack"), errorLocation: "op.ts:3:9" }] })],
    });
    expect(formatPlainSummary(result)).toContain("    cycle Alpha@1,Beta@0!\n    Beta fails in the cycle: Error: nope (at op.ts:3:9)\n");
  });

  it("names every distinct error in a livelock's component, the cycle's first, then those off the cycle", () => {
    const result = fixtureResult({
      nonConverging: [
        resultState("c3", "livelock", {
          cycle: [step("A", 0, "Error: A broke")],
          errors: [
            { reconcilerId: "A", error: "Error: A broke" },
            { reconcilerId: "A", error: "Error: A broke differently", errorLocation: "a.ts:2:1" },
            { reconcilerId: "B", error: "Error: B broke\nstack", errorLocation: "b.ts:7:3" },
          ],
        }),
      ],
    });
    expect(formatPlainSummary(result)).toContain(
      [
        "    cycle A@0!",
        "    A fails in the cycle: Error: A broke",
        "    A fails elsewhere in the livelock: Error: A broke differently (at a.ts:2:1)",
        "    B fails elsewhere in the livelock: Error: B broke (at b.ts:7:3)",
        "",
      ].join("\n"),
    );
  });

  it("lists at most errorsPerLivelock errors of a livelock and says how many more there are", () => {
    const errors = Array.from({ length: 4 }, (_, i) => ({ reconcilerId: `R${i}`, error: `Error: ${i}` }));
    const result = fixtureResult({ nonConverging: [resultState("c4", "livelock", { cycle: [step("R0", 0, "Error: 0")], errors })] });
    const text = formatPlainSummary(result, undefined, { errorsPerLivelock: 2 });
    expect(text).toContain("    R0 fails in the cycle: Error: 0\n    R1 fails elsewhere in the livelock: Error: 1\n    … and 2 more errors (see --json)\n");
    expect(text).not.toContain("Error: 2");
  });

  it("ends with a legend for the path notation: @ writes, ! a failed reconcile, writeless reconciles left out", () => {
    expect(text.trimEnd().split("\n").at(-1)).toBe(
      'Paths are written Reconciler@<writes>: one entry per reconcile that wrote something or failed, "!" marking a failed reconcile (it threw, rejected or timed out); reconciles that wrote nothing are left out.',
    );
  });

  it("shows each violation with its state and path", () => {
    expect(text).toContain("Violations: 1\n  no more pods than replicas: foo wants 1 pod(s) but has 2\n    at 00000000000000d1 after 2 steps: Spawner@1,Spawner@1\n");
  });

  it("names nondeterministic reconcilers", () => {
    expect(text).toContain("Nondeterministic reconcilers: 1\n  Clocky c at 00000000000000a1: two runs on the same view wrote differently\n");
  });

  it("names reconcilers whose runs read different things after the same answers, with what they read", () => {
    const reads = fixtureResult({
      nondeterministic: [
        {
          kind: "reads",
          reconcilerId: "Fickle",
          request: { namespace: "default", name: "x" },
          stateId: "00000000000000b2",
          first: "an earlier run, after the same reads, read next: get core/ConfigMap default x",
          second: "this run read next: list core/Secret",
        },
      ],
    });
    expect(formatPlainSummary(reads)).toContain(
      "  Fickle default/x at 00000000000000b2: after the same reads, two runs read different things next (get core/ConfigMap default x / list core/Secret)\n",
    );
  });

  it("says a stopped search is partial, naming why", () => {
    expect(formatPlainSummary(fixtureResult({ complete: false, stopReason: "signal" })).split("\n")[0]).toBe("Exploration: interrupted: partial results");
    expect(formatPlainSummary(fixtureResult({ complete: false, stopReason: "timeout" })).split("\n")[0]).toBe("Exploration: stopped by the timeout: partial results");
    expect(formatPlainSummary(fixtureResult({ complete: false, stopReason: "maxStates" })).split("\n")[0]).toBe("Exploration: stopped at the state limit: partial results");
  });

  it("cuts long lists and says how much it left out", () => {
    const many = Array.from({ length: 5 }, (_, i) => [step(`R${i}`, 1)]);
    const limits = { pathsPerState: 2, abortedPerReason: 1 };
    const result = fixtureResult({
      convergedStates: [resultState("e1", "converged", { paths: many, pathsTruncated: true })],
      abortedStates: [resultState("l1", "limit"), resultState("l2", "limit"), resultState("l3", "limit")],
    });
    const cut = formatPlainSummary(result, undefined, limits);
    expect(cut).toContain("  e1  1 path, 5 unique paths+\n    R0@1\n    R1@1\n    … 3 more unique paths\n    … more unique paths exist beyond the path cap\n");
    expect(cut).toContain("  limit: 3\n    l1  1 path\n    … 2 more states (see --json or a dump)\n");
  });

  it("marks path counts made meaningless by a cycle", () => {
    const result = fixtureResult({ convergedStates: [resultState("f1", "converged", { pathCountInfinite: true })] });
    expect(formatPlainSummary(result)).toContain("f1  unboundedly many paths (a cycle lies on a path), 0 unique paths");
  });
});
