import { describe, expect, it } from "vitest";
import { validateExploreOptions, type ExploreOptions } from "../../src/explore/exploreOptions.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";
import { KameraError } from "../../src/kameraError.ts";

function messageOf(opts: unknown): string {
  try {
    validateExploreOptions(opts as ExploreOptions);
  } catch (e) {
    if (e instanceof KameraError) return e.message;
    throw e;
  }
  throw new Error("expected a KameraError");
}

describe("validateExploreOptions: each option's type and range, as the command line's flags take them", () => {
  it("counts and budgets are integers, positive where 0 would mean nothing", () => {
    expect(messageOf({ maxStates: 1.5 })).toBe("maxStates must be a positive integer, got 1.5");
    expect(messageOf({ maxStates: 0 })).toBe("maxStates must be a positive integer, got 0");
    expect(messageOf({ maxDepth: 1.5 })).toBe("maxDepth must be a non-negative integer, got 1.5");
    expect(messageOf({ reconcileTimeoutMs: 0 })).toBe("reconcileTimeoutMs must be a positive integer, got 0");
    expect(messageOf({ pathCap: 0 })).toBe("pathCap must be a positive integer, got 0");
    expect(messageOf({ shorteningMaxStates: 0 })).toBe("shorteningMaxStates must be a positive integer, got 0");
    expect(messageOf({ timeoutMs: -1 })).toBe("timeoutMs must be a non-negative number, got -1");
    expect(messageOf({ progressIntervalMs: Number.NaN })).toBe("progressIntervalMs must be a non-negative number, got NaN");
    expect(messageOf({ maxStates: "10" })).toBe('maxStates must be a positive integer, got "10"');
  });

  it("a reconcile timeout or a timeout is at most the longest delay a Node.js timer keeps, which cuts a longer one to 1 ms", () => {
    expect(messageOf({ reconcileTimeoutMs: 3_000_000_000 })).toBe("reconcileTimeoutMs must be at most 2147483647 ms (about 24.8 days, the longest timer Node.js keeps), got 3000000000");
    expect(messageOf({ timeoutMs: 2_147_483_647.5 })).toMatch(/^timeoutMs must be at most 2147483647 ms/);
    expect(() => validateExploreOptions({ reconcileTimeoutMs: 2_147_483_647, timeoutMs: 2_147_483_647 })).not.toThrow();
  });

  it("workers are at most 256: tens of thousands of threads exhaust the heap before exploring", () => {
    expect(messageOf({ workers: 100_000 })).toBe("workers must be at most 256, got 100000");
    expect(() => validateExploreOptions({ workers: 256 })).not.toThrow();
  });

  it("a seed is a safe integer", () => {
    expect(messageOf({ seed: 1.5 })).toBe("seed must be a safe integer, got 1.5");
    expect(messageOf({ seed: 1e20 })).toBe("seed must be a safe integer, got 100000000000000000000");
    expect(() => validateExploreOptions({ seed: -7 })).not.toThrow();
  });

  it("an observer's hooks are functions", () => {
    expect(messageOf({ observers: [{ state: 5 }] })).toBe("observers[0].state must be a function, got 5");
    expect(messageOf({ observers: [{}, { userCodeStarted: "x" }] })).toBe('observers[1].userCodeStarted must be a function, got "x"');
    expect(messageOf({ observers: [null] })).toMatch(/^observers\[0\] must be an object with optional progress, state, edge, userCodeStarted, userCodeFinished functions, got null$/);
    expect(messageOf({ observers: { state: () => undefined } })).toMatch(/^observers must be an array of objects/);
  });

  it("the options are an object", () => {
    expect(messageOf("bfs")).toBe('explore options must be an object such as { strategy: "bfs" }, got "bfs"');
    expect(messageOf(["bfs"])).toBe('explore options must be an object such as { strategy: "bfs" }, got ["bfs"]');
  });

  it("0 is accepted where it means something: max depth 0 and a timeout that stops at once", () => {
    expect(() => validateExploreOptions({ maxDepth: 0, timeoutMs: 0, progressIntervalMs: 0, seed: 0 })).not.toThrow();
  });

  it("explore() refuses bad options with one KameraError before anything runs, not an error from the core or a hook", async () => {
    const { builder, initial } = trivial.build();
    const explorer = builder.build();
    const bad: [ExploreOptions, string][] = [
      [{ maxStates: 1.5 }, "maxStates must be a positive integer, got 1.5"],
      [{ seed: 1e20 }, "seed must be a safe integer"],
      [{ observers: [{ state: 5 as never }] }, "observers[0].state must be a function, got 5"],
      [{ reconcileTimeoutMs: 0 }, "reconcileTimeoutMs must be a positive integer, got 0"],
    ];
    for (const [opts, message] of bad) {
      const run = explorer.explore(initial, opts);
      await expect(run).rejects.toBeInstanceOf(KameraError);
      await expect(run).rejects.toThrow(message);
    }
  });
});
