import { PATH_OVERFLOW, type PathCounts } from "../../bindings/core.ts";
import { countPaths, tarjanComponents } from "../../bindings/referenceGraphAnalysis.ts";
import { MAX_PATH_COUNT } from "./pathCountBound.ts";
import type { ResultGraph } from "./resultGraph.ts";

/**
 * Under `abortOnError` a failing step ends its path (semantics.md "Paths"). The graph still holds
 * it as an edge into the state it led to, and a throw that wrote nothing leads back to the state it
 * ran in: a self-loop, or a cycle, that no path can go round, since the branch ended at the step.
 * Counted as the core counts, every such state and everything after it had "unboundedly many
 * paths". These are the counts and paths of the explored graph with that rule applied.
 */

/**
 * Per edge, 1 when its step ends its path: a failing step of a run under `abortOnError`, which
 * is the only way a state is aborted with reason "error" (and then every failing step aborts).
 * Undefined when no state was: no step ends a path, and the core's counts stand.
 */
export function pathEndingSteps(graph: ResultGraph): Uint8Array | undefined {
  const n = graph.stateCount();
  let abortOnError = false;
  for (let s = 0; s < n && !abortOnError; s++) abortOnError = isAbortedByError(graph, s);
  if (!abortOnError) return undefined;
  const m = graph.edgeCount();
  const ending = new Uint8Array(m);
  for (let e = 0; e < m; e++) if (graph.step(graph.edge(e)[2]).error !== undefined) ending[e] = 1;
  return ending;
}

/** Whether `state` was aborted by a failing step (`abortOnError`). */
export function isAbortedByError(graph: ResultGraph, state: number): boolean {
  const outcome = graph.outcome(state);
  return outcome.kind === "aborted" && outcome.reason === "error";
}

/**
 * Path counts (as `ResultGraph.pathCounts` defines them) when the steps `ending` marks end their
 * paths: counted over the other edges, plus, for the state an ending step leads to, the paths to
 * the state it ran in. A state aborted by an error counts only those: it is reported as where a
 * branch ended, and the paths that went on from it (it may have been expanded before a failing
 * step led back to it) do not end there.
 */
export function pathCountsWithEndingSteps(graph: ResultGraph, ending: Uint8Array): PathCounts {
  const n = graph.stateCount();
  const from: number[] = [];
  const to: number[] = [];
  const out: number[][] = [];
  for (let s = 0; s < n; s++) {
    const kept: number[] = [];
    const succ = graph.successors(s);
    for (let i = 0; i < succ.length; i++) {
      const e = succ[i]!;
      if (ending[e]) continue;
      kept.push(from.length);
      from.push(s);
      to.push(graph.edge(e)[1]);
    }
    out.push(kept);
  }
  const adjacency = { stateCount: n, from, to, out };
  const continuing = countPaths(adjacency, tarjanComponents(adjacency));
  const counts = continuing.counts.slice();
  const flags = continuing.flags.slice();
  for (let s = 0; s < n; s++) {
    if (isAbortedByError(graph, s)) {
      counts[s] = 0n;
      flags[s] = 0;
    }
  }
  for (let e = 0; e < ending.length; e++) {
    if (!ending[e]) continue;
    const [u, s] = graph.edge(e);
    const sum = counts[s]! + continuing.counts[u]!;
    flags[s]! |= continuing.flags[u]!;
    if (sum > MAX_PATH_COUNT) {
      counts[s] = MAX_PATH_COUNT;
      flags[s]! |= PATH_OVERFLOW;
    } else {
      counts[s] = sum;
    }
  }
  return { counts, flags };
}
