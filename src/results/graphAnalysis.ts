import { PATH_INFINITE, PATH_OVERFLOW, type Components, type PathCounts } from "../../bindings/core.ts";

/**
 * Graph analyses over any edge list, for graphs that no core holds (a loaded dump). They follow
 * the core's definitions exactly (bindings/core.ts), so a dump reports the path counts and
 * components the live exploration did.
 */
export interface EdgeSource {
  stateCount(): number;
  edgeCount(): number;
  edge(edge: number): readonly [number, number, number];
  successors(state: number): ArrayLike<number>;
}

const MAX_U64 = (1n << 64n) - 1n;

/**
 * Strongly connected components by iterative Tarjan: roots are visited from state 0, then every
 * unvisited state in increasing id order; successors in edge order; components numbered in order
 * of completion (so in reverse topological order of the condensation).
 */
export function analyzeComponents(graph: EdgeSource): Components {
  const n = graph.stateCount();
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const componentOf = new Uint32Array(n);
  const stack: number[] = [];
  const callState: number[] = [];
  const callEdgePos: number[] = [];
  let nextIndex = 0;
  let count = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] !== -1) continue;
    callState.push(root);
    callEdgePos.push(0);
    index[root] = low[root] = nextIndex++;
    stack.push(root);
    onStack[root] = 1;
    while (callState.length > 0) {
      const top = callState.length - 1;
      const v = callState[top]!;
      const succ = graph.successors(v);
      const pos = callEdgePos[top]!;
      if (pos < succ.length) {
        callEdgePos[top] = pos + 1;
        const w = graph.edge(succ[pos]!)[1];
        if (index[w] === -1) {
          index[w] = low[w] = nextIndex++;
          stack.push(w);
          onStack[w] = 1;
          callState.push(w);
          callEdgePos.push(0);
        } else if (onStack[w]) {
          if (index[w]! < low[v]!) low[v] = index[w]!;
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
      callEdgePos.pop();
      if (callState.length > 0) {
        const parent = callState[callState.length - 1]!;
        if (low[v]! < low[parent]!) low[parent] = low[v]!;
      }
    }
  }
  return { componentOf, count };
}

/**
 * Number of distinct paths from state 0 to every state. A state with a cycle (a component of
 * more than one state, or a self-loop) on some path to it is flagged infinite; counts saturate
 * at 2^64 − 1 with the overflow flag. Unreachable states count 0.
 */
export function analyzePathCounts(graph: EdgeSource, components: Components = analyzeComponents(graph)): PathCounts {
  const n = graph.stateCount();
  const counts = new BigUint64Array(n);
  const flags = new Uint8Array(n);
  if (n === 0) return { counts, flags };
  const { componentOf, count } = components;
  // Members of each component, and whether it is cyclic.
  const size = new Uint32Array(count);
  const cyclic = new Uint8Array(count);
  for (let s = 0; s < n; s++) size[componentOf[s]!]!++;
  for (let e = 0; e < graph.edgeCount(); e++) {
    const [from, to] = graph.edge(e);
    if (from === to) cyclic[componentOf[from]!] = 1;
  }
  for (let c = 0; c < count; c++) if (size[c]! > 1) cyclic[c] = 1;
  const members: number[][] = Array.from({ length: count }, () => []);
  for (let s = 0; s < n; s++) members[componentOf[s]!]!.push(s);
  // Components complete in reverse topological order: walk them from the last (sources first).
  const compCount = new Array<bigint>(count).fill(0n);
  const compFlags = new Uint8Array(count);
  compCount[componentOf[0]!] = 1n;
  for (let c = count - 1; c >= 0; c--) {
    const reached = compCount[c]! > 0n || compFlags[c] !== 0;
    if (!reached) continue;
    if (cyclic[c]) compFlags[c]! |= PATH_INFINITE;
    for (const s of members[c]!) {
      const succ = graph.successors(s);
      for (let i = 0; i < succ.length; i++) {
        const to = graph.edge(succ[i]!)[1];
        const d = componentOf[to]!;
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
    const c = componentOf[s]!;
    // Inside a cyclic component every member is reached along the cycle: the count is meaningless.
    counts[s] = compCount[c]!;
    flags[s] = compFlags[c]!;
  }
  return { counts, flags };
}
