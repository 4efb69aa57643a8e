import type { ExploreStats, Path, ResultState, Step } from "../../src/explore/exploreResult.ts";
import type { SummarizedResult } from "../../src/cli/summarizedResult.ts";

/** A step of `reconcilerId` writing `writes` times (an error when `error` is given). */
export function step(reconcilerId: string, writes: number, error?: string): Step {
  return {
    reconcilerId,
    request: { namespace: "default", name: "foo" },
    effects: Array.from({ length: writes }, () => ({ op: "UPDATE" as const, kind: "core/ConfigMap", namespace: "default", name: "foo" })),
    ...(error !== undefined ? { error } : {}),
    stateBefore: "a",
    stateAfter: "b",
  };
}

/** A result state with sensible defaults. */
export function resultState(id: string, reason: ResultState["reason"], extra: Partial<ResultState> = {}): ResultState {
  return {
    id,
    reason,
    objects: [],
    pending: [],
    pathCount: 1n,
    pathCountInfinite: false,
    paths: [],
    pathsTruncated: false,
    ...extra,
  };
}

/** Counters with fixed, recognisable values. */
export function fixtureStats(extra: Partial<ExploreStats> = {}): ExploreStats {
  return {
    statesVisited: 12,
    uniqueStates: 9,
    transitions: 14,
    reconcilesExecuted: 15,
    reconcilesReplayed: 0,
    maxDepth: 4,
    durationMs: 3,
    statesPerSecond: 3000,
    frontierSize: 0,
    collisionProbability: 2.2e-18,
    convergedCount: 2,
    abortedCount: 3,
    engine: "wasm",
    ...extra,
  };
}

const toFinal: Path = [step("FooController", 1), step("BarController", 0), step("BarController", 1)];

/**
 * A hand-built result with one of everything: two converged states (one with a path count above
 * 2⁵³), aborted states of two reasons, a livelock with its cycle, a failing reconciler, a violation, and a
 * nondeterministic reconciler.
 */
export function fixtureResult(extra: Partial<SummarizedResult> = {}): SummarizedResult {
  return {
    convergedStates: [
      resultState("00000000000000a1", "converged", {
        pathCount: 4n,
        paths: [toFinal, [step("BarController", 1), step("FooController", 1)]],
        objects: [{ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "foo", namespace: "default" } }],
      }),
      resultState("00000000000000a2", "converged", { pathCount: 2n ** 70n, paths: [[]] }),
    ],
    abortedStates: [
      resultState("00000000000000b1", "max-depth", { pathCount: 2n, pending: [{ reconcilerId: "FooController", request: { namespace: "default", name: "foo" } }] }),
      resultState("00000000000000b2", "error", {
        error: "boom\nat somewhere",
        failedReconcile: { reconcilerId: "BarController", request: { namespace: "default", name: "foo" } },
      }),
      resultState("00000000000000b3", "max-depth"),
    ],
    nonConverging: [
      resultState("00000000000000c1", "livelock", {
        pathCountInfinite: true,
        paths: [[step("AlphaFighter", 1)]],
        cycle: [step("BetaFighter", 1), step("AlphaFighter", 1)],
      }),
    ],
    keepsFailing: [
      resultState("00000000000000e1", "keeps-failing", {
        pathCountInfinite: true,
        error: "Error: boom",
        errorLocation: "examples/boom.ts:12:11",
        failedReconcile: { reconcilerId: "Boom", request: { namespace: "default", name: "foo" } },
        paths: [[step("FooController", 1)]],
        cycle: [step("Boom", 0, "Error: boom")],
      }),
    ],
    violations: [{ invariant: "no more pods than replicas", message: "foo wants 1 pod(s) but has 2", stateId: "00000000000000d1", path: [step("Spawner", 1), step("Spawner", 1)] }],
    stats: fixtureStats(),
    complete: true,
    nondeterministic: [{ kind: "writes", reconcilerId: "Clocky", request: { namespace: "", name: "c" }, stateId: "00000000000000a1", first: "x", second: "y" }],
    ...extra,
  };
}
