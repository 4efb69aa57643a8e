/** What the layout reads of a graph: state depths and edges. */
export interface LayoutInput {
  stateCount: number;
  /** Shortest known distance of a state from the initial state. */
  depth(state: number): number;
  edgeCount: number;
  /** `[from, to]` of an edge. */
  edge(edge: number): readonly [number, number, ...unknown[]];
}

/** Node positions: `x[s]`, `y[s]` for state s, in layout units (one unit between neighbours in a layer). */
export interface LayoutPositions {
  x: Float64Array;
  y: Float64Array;
  /** Widest layer (number of states). */
  width: number;
  /** Number of layers (max depth + 1). */
  layers: number;
}

/**
 * A layered drawing of a state graph: one row per depth (the initial state on top), and within a
 * row states ordered by the mean position of their parents in the row above (one barycenter
 * sweep), ties by state number. Linear in states and edges and fully deterministic, which a
 * force-directed layout is not: thousands of states lay out in milliseconds, and the same
 * graph is always drawn the same way, also while a live exploration adds states.
 *
 * @example
 * ```ts
 * const { x, y } = layeredLayout({ stateCount: 2, depth: (s) => s, edgeCount: 1, edge: () => [0, 1] });
 * ```
 */
export function layeredLayout(g: LayoutInput): LayoutPositions {
  const n = g.stateCount;
  const x = new Float64Array(n);
  const y = new Float64Array(n);
  if (n === 0) return { x, y, width: 0, layers: 0 };
  let layers = 0;
  for (let s = 0; s < n; s++) layers = Math.max(layers, g.depth(s) + 1);
  const rows: number[][] = Array.from({ length: layers }, () => []);
  for (let s = 0; s < n; s++) rows[g.depth(s)]!.push(s);

  // Parents in the row directly above: the edges that define a state's depth.
  const parentSum = new Float64Array(n);
  const parentCount = new Uint32Array(n);
  const parents: number[][] = Array.from({ length: n }, () => []);
  for (let e = 0; e < g.edgeCount; e++) {
    const [from, to] = g.edge(e) as readonly [number, number];
    if (g.depth(to) === g.depth(from) + 1) parents[to]!.push(from);
  }

  let width = 0;
  for (let d = 0; d < layers; d++) {
    const row = rows[d]!;
    for (const s of row) {
      parentSum[s] = 0;
      parentCount[s] = 0;
      for (const p of parents[s]!) {
        parentSum[s] += x[p]!;
        parentCount[s]!++;
      }
    }
    const key = (s: number) => (parentCount[s]! > 0 ? parentSum[s]! / parentCount[s]! : 0);
    row.sort((a, b) => key(a) - key(b) || a - b);
    const offset = (row.length - 1) / 2;
    row.forEach((s, i) => {
      x[s] = i - offset;
      y[s] = d;
    });
    width = Math.max(width, row.length);
  }
  return { x, y, width, layers };
}
