// The state graph: edges (from, to, stepId) with dense ids in insertion order, and the analyses
// over it. Definitions (bindings/core.ts, and the reference in bindings/referenceGraphAnalysis.ts):
//
// - successors(s) / predecessors(s): edge ids in increasing id order.
// - components: iterative Tarjan, roots in increasing state id (so 0 first), successors in edge
//   order, components numbered in order of completion.
// - path counts: per component in topological order, count(component of 0) = 1, each edge between
//   components adds the source component's count to the target's; a component of several states
//   or with a self-loop is cyclic and flags PATH_INFINITE, which flows on; sums saturate at
//   2^64 − 1 with PATH_OVERFLOW. Members report their component's count and flags.
// - shortest path: BFS from 0, successors in edge order, each state's tree edge the first edge to
//   reach it.
//
// Storage is 12 bytes per edge (FROM, TO, STEP) plus, per state, its first outgoing edge (kept in
// the state's record, stateStore.ts). An explorer adds a state's edges in one run while expanding it, so normally the run
// from OUT_START while FROM matches is exactly its edge list; a state whose edges arrive in
// several runs is marked fragmented and its list is found by scanning from its first edge. The whole-graph analyses
// build compressed adjacency (counting sort by source or target, so edge order is kept) and cache
// it until the graph changes.

import { U32, U64, U8, at32, at64, at8, newColumn, release, reserve } from "./column";
import { firstEdgeOf, isFragmented, markFragmented, setFirstEdge, stateTotal } from "./stateStore";

const NONE: u32 = 0xffffffff;

const FROM = newColumn(U32);
const TO = newColumn(U32);
const STEP = newColumn(U32);

// Cached compressed adjacency, valid for (csrStates, csrEdges).
const OUT_INDEX = newColumn(U32);
const OUT_EDGES = newColumn(U32);
const IN_INDEX = newColumn(U32);
const IN_EDGES = newColumn(U32);
let outStates: u32 = NONE;
let outEdgesAt: u32 = NONE;
let inStates: u32 = NONE;
let inEdgesAt: u32 = NONE;

// Cached BFS tree (edge + 1 into each state, 0 = unreached), valid for (bfsStates, bfsEdges).
const VIA = newColumn(U32);
const QUEUE = newColumn(U32);
let bfsStates: u32 = NONE;
let bfsEdges: u32 = NONE;

// Analysis results, read by the host and then released.
const COMPONENT = newColumn(U32);
const COUNT = newColumn(U64);
const COUNT_FLAGS = newColumn(U8);

// Tarjan and path-count working columns.
const INDEX = newColumn(U32);
const LOW = newColumn(U32);
const ON_STACK = newColumn(U8);
const STACK = newColumn(U32);
const CALL_STATE = newColumn(U32);
const CALL_POS = newColumn(U32);
const COMP_COUNT = newColumn(U64);
const COMP_FLAGS = newColumn(U8);
const COMP_SIZE = newColumn(U32);
const MEMBERS = newColumn(U32);

const PATH_INFINITE: u8 = 1;
const PATH_OVERFLOW: u8 = 2;
const CYCLIC: u8 = 0x80;
const NOT_CYCLIC: u8 = 0x7f;

let edges: u32 = 0;

/** Appends edge from --step--> to; returns its id. */
export function addEdge(from: u32, to: u32, step: u32): u32 {
  const e = edges;
  reserve(FROM, e + 1);
  reserve(TO, e + 1);
  reserve(STEP, e + 1);
  store<u32>(at32(FROM, e), from);
  store<u32>(at32(TO, e), to);
  store<u32>(at32(STEP, e), step);
  if (firstEdgeOf(from) == NONE) {
    setFirstEdge(from, e);
  } else if (load<u32>(at32(FROM, e - 1)) != from) {
    markFragmented(from);
  }
  edges = e + 1;
  return e;
}

export function edgeTotal(): u32 {
  return edges;
}

export function edgeFrom(e: u32): u32 {
  return load<u32>(at32(FROM, e));
}

// @ts-ignore: decorator
@inline export function edgeTo(e: u32): u32 {
  return load<u32>(at32(TO, e));
}

export function edgeStep(e: u32): u32 {
  return load<u32>(at32(STEP, e));
}

/** Number of edges out of s (for sizing the output). */
export function successorCount(s: u32): u32 {
  let e = firstEdgeOf(s);
  if (e == NONE) return 0;
  let n: u32 = 0;
  if (!isFragmented(s)) {
    while (e < edges && load<u32>(at32(FROM, e)) == s) {
      n++;
      e++;
    }
    return n;
  }
  for (; e < edges; e++) if (load<u32>(at32(FROM, e)) == s) n++;
  return n;
}

/** Writes the edge ids out of s to `out`; returns how many. */
export function successorsInto(s: u32, out: usize): u32 {
  let e = firstEdgeOf(s);
  if (e == NONE) return 0;
  let n: u32 = 0;
  if (!isFragmented(s)) {
    while (e < edges && load<u32>(at32(FROM, e)) == s) {
      store<u32>(out + (<usize>(n++) << 2), e);
      e++;
    }
    return n;
  }
  for (; e < edges; e++) if (load<u32>(at32(FROM, e)) == s) store<u32>(out + (<usize>(n++) << 2), e);
  return n;
}

/** Counting sort of edge ids by an endpoint column into (index, list); stable, so edge order holds. */
function buildAdjacency(endpoint: usize, index: usize, list: usize): void {
  const states = stateTotal();
  release(index);
  release(list);
  reserve(index, states + 1);
  reserve(list, edges);
  for (let e: u32 = 0; e < edges; e++) {
    const p = at32(index, load<u32>(at32(endpoint, e)) + 1);
    store<u32>(p, load<u32>(p) + 1);
  }
  for (let s: u32 = 0; s < states; s++) {
    const p = at32(index, s + 1);
    store<u32>(p, load<u32>(p) + load<u32>(at32(index, s)));
  }
  // Fill using index[s] as a cursor, then shift back so index[s] is the start again.
  for (let e: u32 = 0; e < edges; e++) {
    const p = at32(index, load<u32>(at32(endpoint, e)));
    const slot = load<u32>(p);
    store<u32>(at32(list, slot), e);
    store<u32>(p, slot + 1);
  }
  for (let s = states; s > 0; s--) store<u32>(at32(index, s), load<u32>(at32(index, s - 1)));
  store<u32>(at32(index, 0), 0);
}

function ensureOut(): void {
  const states = stateTotal();
  if (outStates == states && outEdgesAt == edges) return;
  buildAdjacency(FROM, OUT_INDEX, OUT_EDGES);
  outStates = states;
  outEdgesAt = edges;
}

function ensureIn(): void {
  const states = stateTotal();
  if (inStates == states && inEdgesAt == edges) return;
  buildAdjacency(TO, IN_INDEX, IN_EDGES);
  inStates = states;
  inEdgesAt = edges;
}

/** Number of edges into s. */
export function predecessorCount(s: u32): u32 {
  ensureIn();
  return load<u32>(at32(IN_INDEX, s + 1)) - load<u32>(at32(IN_INDEX, s));
}

/** Writes the edge ids into s to `out`; returns how many. */
export function predecessorsInto(s: u32, out: usize): u32 {
  ensureIn();
  const a = load<u32>(at32(IN_INDEX, s));
  const b = load<u32>(at32(IN_INDEX, s + 1));
  for (let i = a; i < b; i++) store<u32>(out + (<usize>(i - a) << 2), load<u32>(at32(IN_EDGES, i)));
  return b - a;
}

/** Iterative Tarjan into COMPONENT; returns the number of components. */
export function components(): u32 {
  ensureOut();
  const n = stateTotal();
  release(COMPONENT);
  reserve(COMPONENT, n);
  reserve(INDEX, n);
  reserve(LOW, n);
  reserve(ON_STACK, n);
  reserve(STACK, n);
  reserve(CALL_STATE, n);
  reserve(CALL_POS, n);
  // INDEX holds index + 1 so the zeroed column means "unvisited".
  let nextIndex: u32 = 1;
  let count: u32 = 0;
  let sp: u32 = 0;
  let depth: u32 = 0;
  for (let root: u32 = 0; root < n; root++) {
    if (load<u32>(at32(INDEX, root)) != 0) continue;
    store<u32>(at32(INDEX, root), nextIndex);
    store<u32>(at32(LOW, root), nextIndex);
    nextIndex++;
    store<u32>(at32(STACK, sp++), root);
    store<u8>(at8(ON_STACK, root), 1);
    store<u32>(at32(CALL_STATE, 0), root);
    store<u32>(at32(CALL_POS, 0), load<u32>(at32(OUT_INDEX, root)));
    depth = 1;
    while (depth > 0) {
      const top = depth - 1;
      const v = load<u32>(at32(CALL_STATE, top));
      const posp = at32(CALL_POS, top);
      const pos = load<u32>(posp);
      if (pos < load<u32>(at32(OUT_INDEX, v + 1))) {
        store<u32>(posp, pos + 1);
        const w = edgeTo(load<u32>(at32(OUT_EDGES, pos)));
        const iw = load<u32>(at32(INDEX, w));
        if (iw == 0) {
          store<u32>(at32(INDEX, w), nextIndex);
          store<u32>(at32(LOW, w), nextIndex);
          nextIndex++;
          store<u32>(at32(STACK, sp++), w);
          store<u8>(at8(ON_STACK, w), 1);
          store<u32>(at32(CALL_STATE, depth), w);
          store<u32>(at32(CALL_POS, depth), load<u32>(at32(OUT_INDEX, w)));
          depth++;
        } else if (load<u8>(at8(ON_STACK, w)) != 0) {
          const lp = at32(LOW, v);
          if (iw < load<u32>(lp)) store<u32>(lp, iw);
        }
        continue;
      }
      const lowV = load<u32>(at32(LOW, v));
      if (lowV == load<u32>(at32(INDEX, v))) {
        let w: u32;
        do {
          w = load<u32>(at32(STACK, --sp));
          store<u8>(at8(ON_STACK, w), 0);
          store<u32>(at32(COMPONENT, w), count);
        } while (w != v);
        count++;
      }
      depth--;
      if (depth > 0) {
        const lp = at32(LOW, load<u32>(at32(CALL_STATE, depth - 1)));
        if (lowV < load<u32>(lp)) store<u32>(lp, lowV);
      }
    }
  }
  release(INDEX);
  release(LOW);
  release(ON_STACK);
  release(STACK);
  release(CALL_STATE);
  release(CALL_POS);
  return count;
}

/** Path counts into COUNT and COUNT_FLAGS, using the components in COMPONENT (count of them). */
export function pathCounts(count: u32): void {
  ensureOut();
  const n = stateTotal();
  release(COUNT);
  release(COUNT_FLAGS);
  reserve(COUNT, n);
  reserve(COUNT_FLAGS, n);
  if (n == 0) return;
  reserve(COMP_COUNT, count);
  reserve(COMP_FLAGS, count);
  reserve(COMP_SIZE, count + 1);
  reserve(MEMBERS, n);
  // Members of each component in increasing state id: a counting sort by component.
  for (let s: u32 = 0; s < n; s++) {
    const p = at32(COMP_SIZE, load<u32>(at32(COMPONENT, s)) + 1);
    store<u32>(p, load<u32>(p) + 1);
  }
  for (let c: u32 = 0; c < count; c++) {
    const p = at32(COMP_SIZE, c + 1);
    store<u32>(p, load<u32>(p) + load<u32>(at32(COMP_SIZE, c)));
  }
  for (let s: u32 = 0; s < n; s++) {
    const p = at32(COMP_SIZE, load<u32>(at32(COMPONENT, s)));
    const slot = load<u32>(p);
    store<u32>(at32(MEMBERS, slot), s);
    store<u32>(p, slot + 1);
  }
  // COMP_SIZE[c] is now the end of c's members (the start of c + 1); c starts at COMP_SIZE[c − 1].
  // Bit 7 of COMP_FLAGS marks a cyclic component; it counts only once the component is reached.
  for (let e: u32 = 0; e < edges; e++) {
    const f = load<u32>(at32(FROM, e));
    if (f == edgeTo(e)) store<u8>(at8(COMP_FLAGS, load<u32>(at32(COMPONENT, f))), CYCLIC);
  }
  for (let c: u32 = 0; c < count; c++) {
    const start = c == 0 ? <u32>0 : load<u32>(at32(COMP_SIZE, c - 1));
    if (load<u32>(at32(COMP_SIZE, c)) - start > 1) store<u8>(at8(COMP_FLAGS, c), CYCLIC);
  }
  store<u64>(at64(COMP_COUNT, load<u32>(at32(COMPONENT, 0))), 1);
  for (let c = <i32>count - 1; c >= 0; c--) {
    const cnt = load<u64>(at64(COMP_COUNT, c));
    const fp = at8(COMP_FLAGS, c);
    let f = load<u8>(fp);
    if (cnt == 0 && (f & NOT_CYCLIC) == 0) continue;
    if (f & CYCLIC) f = (f & NOT_CYCLIC) | PATH_INFINITE;
    store<u8>(fp, f);
    const start = c == 0 ? <u32>0 : load<u32>(at32(COMP_SIZE, c - 1));
    const end = load<u32>(at32(COMP_SIZE, c));
    for (let m = start; m < end; m++) {
      const s = load<u32>(at32(MEMBERS, m));
      const a = load<u32>(at32(OUT_INDEX, s));
      const b = load<u32>(at32(OUT_INDEX, s + 1));
      for (let i = a; i < b; i++) {
        const d = load<u32>(at32(COMPONENT, edgeTo(load<u32>(at32(OUT_EDGES, i)))));
        if (d == <u32>c) continue;
        const dcp = at64(COMP_COUNT, d);
        const prev = load<u64>(dcp);
        let sum = prev + cnt;
        const dfp = at8(COMP_FLAGS, d);
        let df = load<u8>(dfp) | f;
        if (sum < prev) {
          sum = 0xffffffffffffffff;
          df |= PATH_OVERFLOW;
        }
        store<u64>(dcp, sum);
        store<u8>(dfp, df);
      }
    }
  }
  for (let s: u32 = 0; s < n; s++) {
    const c = load<u32>(at32(COMPONENT, s));
    store<u64>(at64(COUNT, s), load<u64>(at64(COMP_COUNT, c)));
    store<u8>(at8(COUNT_FLAGS, s), load<u8>(at8(COMP_FLAGS, c)) & NOT_CYCLIC);
  }
  release(COMP_COUNT);
  release(COMP_FLAGS);
  release(COMP_SIZE);
  release(MEMBERS);
}

function ensureBfs(): void {
  const states = stateTotal();
  if (bfsStates == states && bfsEdges == edges) return;
  ensureOut();
  release(VIA);
  release(QUEUE);
  reserve(VIA, states);
  reserve(QUEUE, states);
  // VIA[0] only marks state 0 as reached: walks back along VIA stop at state 0.
  let qHead: u32 = 0;
  let qTail: u32 = 0;
  store<u32>(at32(QUEUE, qTail++), 0);
  store<u32>(at32(VIA, 0), NONE);
  while (qHead < qTail) {
    const v = load<u32>(at32(QUEUE, qHead++));
    const a = load<u32>(at32(OUT_INDEX, v));
    const b = load<u32>(at32(OUT_INDEX, v + 1));
    for (let i = a; i < b; i++) {
      const e = load<u32>(at32(OUT_EDGES, i));
      const w = edgeTo(e);
      const vp = at32(VIA, w);
      if (load<u32>(vp) != 0) continue;
      store<u32>(vp, e + 1);
      store<u32>(at32(QUEUE, qTail++), w);
    }
  }
  release(QUEUE);
  bfsStates = states;
  bfsEdges = edges;
}

/** Edges on the BFS-tree path from 0 to target, or −1 when target is unreachable. */
export function shortestPathLength(target: u32): i32 {
  if (target == 0) return 0;
  ensureBfs();
  if (load<u32>(at32(VIA, target)) == 0) return -1;
  let len: i32 = 0;
  for (let s = target; s != 0; s = load<u32>(at32(FROM, load<u32>(at32(VIA, s)) - 1))) len++;
  return len;
}

/** Writes the path of shortestPathLength(target) = len edges to `out`, first step first. */
export function shortestPathInto(target: u32, len: u32, out: usize): void {
  let i = len;
  for (let s = target; s != 0; ) {
    const e = load<u32>(at32(VIA, s)) - 1;
    store<u32>(out + (<usize>(--i) << 2), e);
    s = load<u32>(at32(FROM, e));
  }
}

/** Descriptors of the result columns, for the host to copy from. */
export function componentColumn(): usize {
  return COMPONENT;
}
export function countColumn(): usize {
  return COUNT;
}
export function countFlagsColumn(): usize {
  return COUNT_FLAGS;
}

/** Frees the result columns once the host has copied them. */
export function releaseResults(): void {
  release(COMPONENT);
  release(COUNT);
  release(COUNT_FLAGS);
}
