import { PATH_INFINITE, PATH_OVERFLOW, type Components, type PathCounts } from "./core.ts";

/**
 * The reference engine's whole-graph analyses over plain adjacency lists. The Wasm engine
 * (`assembly/stateGraph.ts`) implements the same definitions; bindings/core.ts states them.
 */
export interface AdjacencyGraph {
  stateCount: number;
  /** Edge targets, by edge id. */
  to: readonly number[];
  /** Edge sources, by edge id. */
  from: readonly number[];
  /** Outgoing edge ids per state, in edge id order. */
  out: readonly (readonly number[])[];
}

const MAX_U64 = (1n << 64n) - 1n;

/**
 * Iterative Tarjan: roots in increasing state id (so state 0 first), successors in edge order,
 * components numbered in order of completion (reverse topological order of the condensation).
 */
export function tarjanComponents(g: AdjacencyGraph): Components {
  const n = g.stateCount;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const componentOf = new Uint32Array(n);
  const stack: number[] = [];
  const callState: number[] = [];
  const callPos: number[] = [];
  let nextIndex = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    index[root] = low[root] = nextIndex++;
    stack.push(root);
    onStack[root] = 1;
    callState.push(root);
    callPos.push(0);
    while (callState.length > 0) {
      const top = callState.length - 1;
      const v = callState[top]!;
      const succ = g.out[v]!;
      const pos = callPos[top]!;
      if (pos < succ.length) {
        callPos[top] = pos + 1;
        const w = g.to[succ[pos]!]!;
        if (index[w] === -1) {
          index[w] = low[w] = nextIndex++;
          stack.push(w);
          onStack[w] = 1;
          callState.push(w);
          callPos.push(0);
        } else if (onStack[w] === 1 && index[w]! < low[v]!) {
          low[v] = index[w]!;
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack.pop()!;
          onStack[w] = 0;
          componentOf[w] = count;
        } while (w !== v);
        count++;
      }
      callState.pop();
      callPos.pop();
      if (callState.length > 0) {
        const p = callState[callState.length - 1]!;
        if (low[v]! < low[p]!) low[p] = low[v]!;
      }
    }
  }
  return { componentOf, count };
}

/**
 * Distinct paths from state 0, per component in topological order: a component's count is the
 * sum over edges entering it from other components of their source component's count; state 0's
 * component starts at 1. A component of several states or with a self-loop is cyclic: it and
 * everything reachable from it are flagged PATH_INFINITE. Sums saturate at 2^64 − 1 and flag
 * PATH_OVERFLOW; flags flow along edges. Every member of a component reports its component's
 * count and flags; unreachable states report 0.
 */
export function countPaths(g: AdjacencyGraph, comps: Components): PathCounts {
  const n = g.stateCount;
  const counts = new BigUint64Array(n);
  const flags = new Uint8Array(n);
  if (n === 0) return { counts, flags };
  const { componentOf, count } = comps;
  const size = new Uint32Array(count);
  const cyclic = new Uint8Array(count);
  for (let s = 0; s < n; s++) size[componentOf[s]!]!++;
  for (let e = 0; e < g.from.length; e++) if (g.from[e] === g.to[e]) cyclic[componentOf[g.from[e]!]!] = 1;
  for (let c = 0; c < count; c++) if (size[c]! > 1) cyclic[c] = 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let s = 0; s < n; s++) members[componentOf[s]!]!.push(s);
  const compCount = new Array<bigint>(count).fill(0n);
  const compFlags = new Uint8Array(count);
  compCount[componentOf[0]!] = 1n;
  for (let c = count - 1; c >= 0; c--) {
    if (compCount[c] === 0n && compFlags[c] === 0) continue;
    if (cyclic[c]) compFlags[c]! |= PATH_INFINITE;
    for (const s of members[c]!) {
      for (const e of g.out[s]!) {
        const d = componentOf[g.to[e]!]!;
        if (d === c) continue;
        let sum = compCount[d]! + compCount[c]!;
        let f = compFlags[d]! | compFlags[c]!;
        if (sum > MAX_U64) {
          sum = MAX_U64;
          f |= PATH_OVERFLOW;
        }
        compCount[d] = sum;
        compFlags[d] = f;
      }
    }
  }
  for (let s = 0; s < n; s++) {
    counts[s] = compCount[componentOf[s]!]!;
    flags[s] = compFlags[componentOf[s]!]!;
  }
  return { counts, flags };
}

/**
 * Edge ids of the BFS-tree path from state 0 to `target`: breadth-first from 0, successors in edge
 * order, each state's tree edge the first edge that reached it. Null when unreachable.
 */
export function bfsPath(g: AdjacencyGraph, target: number): Uint32Array | null {
  if (target === 0) return new Uint32Array(0);
  const via = new Int32Array(g.stateCount).fill(-1);
  const seen = new Uint8Array(g.stateCount);
  const queue = [0];
  seen[0] = 1;
  search: for (let head = 0; head < queue.length; head++) {
    const v = queue[head]!;
    for (const e of g.out[v]!) {
      const w = g.to[e]!;
      if (seen[w]) continue;
      seen[w] = 1;
      via[w] = e;
      if (w === target) break search;
      queue.push(w);
    }
  }
  if (!seen[target]) return null;
  const path: number[] = [];
  for (let s = target; s !== 0; s = g.from[via[s]!]!) path.push(via[s]!);
  return Uint32Array.from(path.reverse());
}
