import type { Components, PathCounts } from "../../bindings/core.ts";
import { countPaths, tarjanComponents, type AdjacencyGraph } from "../../bindings/referenceGraphAnalysis.ts";

/**
 * Graph analyses for graphs that no core holds (a loaded dump): the reference engine's own
 * algorithms over the graph's edges, so a dump reports exactly the path counts and components
 * the live exploration did.
 */
export interface EdgeSource {
  stateCount(): number;
  edgeCount(): number;
  edge(edge: number): readonly [number, number, number];
  successors(state: number): ArrayLike<number>;
}

function adjacency(graph: EdgeSource): AdjacencyGraph {
  const n = graph.stateCount();
  const m = graph.edgeCount();
  const from: number[] = new Array(m);
  const to: number[] = new Array(m);
  for (let e = 0; e < m; e++) {
    const [f, t] = graph.edge(e);
    from[e] = f;
    to[e] = t;
  }
  const out: number[][] = new Array(n);
  for (let s = 0; s < n; s++) out[s] = Array.from(graph.successors(s));
  return { stateCount: n, from, to, out };
}

/** Strongly connected components, as the core defines them (bindings/core.ts). */
export function analyzeComponents(graph: EdgeSource): Components {
  return tarjanComponents(adjacency(graph));
}

/** Path counts from state 0, as the core defines them (bindings/core.ts): infinite behind a cycle, saturating on overflow. */
export function analyzePathCounts(graph: EdgeSource, components?: Components): PathCounts {
  const g = adjacency(graph);
  return countPaths(g, components ?? tarjanComponents(g));
}
