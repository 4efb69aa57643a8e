// The frontier: states waiting to be expanded, in one of four disciplines (bindings/core.ts):
//   DFS       a stack of batches: the entries pushed between two pops (one expansion's new
//             successors, in the order they were made) are a batch; pop takes the first-pushed
//             entry of the newest batch. The batch is reversed in place when it is first popped
//             from, so the rest of it then pops in push order too;
//   BFS       a queue: first pushed, first popped (consumed pages are freed as the head passes);
//   RANDOM    a bag: pop takes the entry at a uniform index drawn from SplitMix64 and moves the
//             last entry into the hole (swap-remove); index = ((r >> 32) * n) >> 32;
//   PRIORITY  a binary max-heap on (priority, then lower state id first). That order is total on
//             distinct entries, so the pop sequence does not depend on the heap's layout.

import { U32, U64, at32, at64, newColumn, releasePage, reserve } from "./column";

export const DFS: u32 = 0;
export const BFS: u32 = 1;
export const RANDOM: u32 = 2;
export const PRIORITY: u32 = 3;

const IDS = newColumn(U32);
const PRIORITIES = newColumn(U64);

let kind: u32 = DFS;
let head: u32 = 0;
let tail: u32 = 0;
let rng: u64 = 0;
/** DFS: where the entries pushed since the last pop begin. */
let batchStart: u32 = 0;

/** Chooses the discipline and the random seed; call before the first push. */
export function configure(k: u32, seed: u64): void {
  kind = k;
  rng = seed;
}

function splitmix(): u64 {
  rng += 0x9E3779B97F4A7C15;
  let z = rng;
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
  return z ^ (z >> 31);
}

// @ts-ignore: decorator
@inline function idAt(i: u32): u32 {
  return load<u32>(at32(IDS, i));
}

// @ts-ignore: decorator
@inline function prioAt(i: u32): f64 {
  return load<f64>(at64(PRIORITIES, i));
}

// @ts-ignore: decorator
@inline function before(pa: f64, ia: u32, pb: f64, ib: u32): bool {
  return pa > pb || (pa == pb && ia < ib);
}

/** Adds state id (priority is used by PRIORITY only). */
export function push(id: u32, priority: f64): void {
  reserve(IDS, tail + 1);
  if (kind != PRIORITY) {
    store<u32>(at32(IDS, tail++), id);
    return;
  }
  reserve(PRIORITIES, tail + 1);
  let i = tail++;
  while (i > 0) {
    const p = (i - 1) >> 1;
    const pp = prioAt(p);
    const pi = idAt(p);
    if (!before(priority, id, pp, pi)) break;
    store<u32>(at32(IDS, i), pi);
    store<f64>(at64(PRIORITIES, i), pp);
    i = p;
  }
  store<u32>(at32(IDS, i), id);
  store<f64>(at64(PRIORITIES, i), priority);
}

/** Removes and returns the next state, or −1 when empty. */
export function pop(): i32 {
  if (head == tail) return -1;
  if (kind == DFS) {
    // Reverse the newest batch so that its first-pushed entry is on top.
    let lo = batchStart;
    let hi = tail - 1;
    while (lo < hi) {
      const a = idAt(lo);
      store<u32>(at32(IDS, lo), idAt(hi));
      store<u32>(at32(IDS, hi), a);
      lo++;
      hi--;
    }
    batchStart = --tail;
    return <i32>idAt(tail);
  }
  if (kind == BFS) {
    const id = idAt(head);
    head++;
    // Free each page of the queue once the head has left it.
    if ((head & 16383) == 0) releasePage(IDS, (head >> 14) - 1);
    return <i32>id;
  }
  if (kind == RANDOM) {
    const n = tail;
    const i = <u32>(((splitmix() >> 32) * <u64>n) >> 32);
    const id = idAt(i);
    tail--;
    store<u32>(at32(IDS, i), idAt(tail));
    return <i32>id;
  }
  const top = idAt(0);
  tail--;
  if (tail > 0) {
    // Sift the last entry down from the root.
    const id = idAt(tail);
    const pr = prioAt(tail);
    let i: u32 = 0;
    for (;;) {
      const l = (i << 1) + 1;
      if (l >= tail) break;
      let c = l;
      const r = l + 1;
      if (r < tail && before(prioAt(r), idAt(r), prioAt(l), idAt(l))) c = r;
      if (!before(prioAt(c), idAt(c), pr, id)) break;
      store<u32>(at32(IDS, i), idAt(c));
      store<f64>(at64(PRIORITIES, i), prioAt(c));
      i = c;
    }
    store<u32>(at32(IDS, i), id);
    store<f64>(at64(PRIORITIES, i), pr);
  }
  return <i32>top;
}

/** Entries waiting. */
export function waiting(): u32 {
  return tail - head;
}
