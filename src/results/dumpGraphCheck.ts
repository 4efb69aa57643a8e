import type { ArrayGraphState } from "./arrayResultGraph.ts";
import type { StepRecord } from "../explore/stepRecord.ts";

/** Where a loaded graph contradicts itself, and how. */
export interface GraphInconsistency {
  /** JSON location, e.g. `edges[7]`. */
  at: string;
  problem: string;
}

/**
 * The first way a dump's graph contradicts what an exploration can produce, or undefined when
 * it is consistent. Each check is one that an edited or damaged file fails while every real
 * exploration passes:
 *
 * - no edge is listed twice (a duplicate would count the paths through it twice);
 * - a converged state has no pending reconcile and no outgoing edge, and an unexpanded state
 *   (cut off by a limit) no outgoing edge, except in a partial result (`complete` false) one
 *   state: the one whose expansion a stop, the timeout or a stopped runaway reconcile cut short,
 *   which keeps the successors it got;
 * - every state is reachable from the initial state 0 (the search only finds reachable ones).
 *
 * Linear in states plus edges. An invented edge between two expanded states that repeats no
 * other edge passes these checks; in a version 2 dump the checksum catches it.
 */
export function graphInconsistency(
  states: readonly ArrayGraphState[],
  steps: readonly StepRecord[],
  edges: readonly (readonly [number, number, number])[],
  complete = true,
): GraphInconsistency | undefined {
  const n = states.length;
  const outDegree = new Uint32Array(n);
  for (const [from] of edges) outDegree[from]!++;
  let cutShort: number | undefined;
  for (let s = 0; s < n; s++) {
    const { kind } = states[s]!.outcome;
    if (kind === "converged" && states[s]!.pending.length > 0) {
      return { at: `states[${s}]`, problem: `is converged but has ${states[s]!.pending.length} pending reconcile(s)` };
    }
    if (kind === "unexpanded" && outDegree[s]! > 0 && !complete && cutShort === undefined) {
      cutShort = s;
      continue;
    }
    if ((kind === "converged" || kind === "unexpanded") && outDegree[s]! > 0) {
      const also = kind === "unexpanded" && cutShort !== undefined ? ` (a partial result may have one state cut short with successors, and states[${cutShort}] is that one)` : "";
      return { at: `states[${s}]`, problem: `is ${kind} but has ${outDegree[s]} outgoing edge(s)${also}` };
    }
  }
  // Reachability from the initial state, over a compact adjacency list.
  const start = new Uint32Array(n + 1);
  for (const [from] of edges) start[from + 1]!++;
  for (let s = 0; s < n; s++) start[s + 1]! += start[s]!;
  const fill = start.slice(0, n);
  const ids = new Uint32Array(edges.length);
  for (let e = 0; e < edges.length; e++) ids[fill[edges[e]![0]]!++] = e;
  const targets = new Uint32Array(edges.length);
  for (let i = 0; i < ids.length; i++) targets[i] = edges[ids[i]!]![1];
  // A repeated edge is a repeat among its source's edges: one small set per state.
  for (let s = 0; s < n; s++) {
    if (start[s + 1]! - start[s]! < 2) continue;
    const seen = new Set<number>();
    for (let i = start[s]!; i < start[s + 1]!; i++) {
      const [, to, stepId] = edges[ids[i]!]!;
      const key = to * steps.length + stepId;
      if (seen.has(key)) return { at: `edges[${ids[i]}]`, problem: `repeats an earlier edge [${s},${to},${stepId}]` };
      seen.add(key);
    }
  }
  const reached = new Uint8Array(n);
  const stack = [0];
  reached[0] = 1;
  while (stack.length > 0) {
    const s = stack.pop()!;
    for (let i = start[s]!; i < start[s + 1]!; i++) {
      const t = targets[i]!;
      if (reached[t] === 0) {
        reached[t] = 1;
        stack.push(t);
      }
    }
  }
  const lost = reached.indexOf(0);
  if (lost >= 0) return { at: `states[${lost}]`, problem: `is not reachable from the initial state` };
  return undefined;
}
