import { parseObjectKeyString } from "../objects/objectKey.ts";
import { conflicts, emptyFootprint, intersects, isNoOp, mergeFootprint, writesAffectReads, type Footprint } from "./footprint.ts";

/** A state expanded with only part of its pending reconciles, and why that part was enough. */
interface ReducedState {
  pending: Uint32Array;
  /** The reconciles expanded, with their footprints at the state. */
  chosen: Map<number, Footprint>;
  /** The bound's version the choice was checked against. */
  version: number;
}

/**
 * The stubborn-set partial-order reduction (docs/semantics.md, "Partial-order reduction").
 *
 * A state's successors are the runs of its pending reconciles. This picks, at a state, a subset T
 * of them whose runs are enough: every run outside T, on any path that runs nothing of T first,
 * commutes with every run in T. What a reconcile does on such a path is not known at the state
 * (it may run later, on a changed world, or be enqueued only later), so the choice rests on a
 * *bound*: per request, the union of the footprints of all of its runs the search has made. T is
 * closed under conflict with that bound (a pending request that may conflict joins T; one that is
 * not pending joins T as a disabled member, and every request the bound says may enqueue it joins
 * too: a necessary enabling set). The bound grows as the search goes; when it grew since a state
 * was reduced, `invalidated()` names the states whose choice is no longer closed, and the checker
 * expands them fully. At the fixpoint every run in the reduced graph lies within the bound, which
 * makes every choice a stubborn set of the full graph (the argument is in the docs).
 *
 * Two more conditions: a run that changes what an invariant checked on every state reads, or that
 * fails under `abortOnError`, is visible and forces full expansion; and a state whose reduced
 * successors include an already expanded state is expanded fully (the cycle proviso: every cycle
 * of the reduced graph then has a fully expanded state, whatever the search order).
 */
export class PartialOrderReduction {
  /** Per request id: everything its runs so far touched. */
  private readonly bound = new Map<number, Footprint>();
  /**
   * Per request id and key it wrote: the requests every one of its runs that wrote that key
   * enqueued (the intersection), with the key's kind.
   */
  private readonly alwaysEnqueued = new Map<number, Map<string, { kind: string; requests: Set<number> }>>();
  /** Per request id: the requests whose runs have enqueued it. */
  private readonly enqueuers = new Map<number, Set<number>>();
  /** What the invariants checked on every state have read, and whether they read the pending list. */
  private readonly invariantReads = emptyFootprint();
  private invariantsReadPending = false;
  private version = 0;
  private readonly reduced = new Map<number, ReducedState>();
  private readonly observed = new WeakMap<Footprint, Set<number>>();
  private readonly seedSizes = new Map<number, { sum: number; count: number }>();
  /** `dependents`' answers, per footprint and request, with the bound's version they hold for. */
  private readonly dependentsCache = new WeakMap<Footprint, Map<number, { version: number; requests: number[] }>>();
  /** `reachable`'s answers, per footprint and request, with the bound's version they hold for. */
  private readonly reachCache = new WeakMap<Footprint, Map<number, { version: number; requests: Set<number> }>>();
  /** States expanded with a reduced set (and not re-expanded since). */
  reducedCount = 0;

  /** Takes note of one run of `request`: its footprint widens the bound. */
  observe(request: number, fp: Footprint): void {
    // A footprint shared by many transitions (replays of one recorded run) widens the bound once.
    if (this.observed.has(fp)) {
      const seenBy = this.observed.get(fp)!;
      if (seenBy.has(request)) return;
      seenBy.add(request);
    } else this.observed.set(fp, new Set([request]));
    let b = this.bound.get(request);
    if (b === undefined) {
      b = emptyFootprint();
      this.bound.set(request, b);
    }
    let grew = mergeFootprint(b, fp);
    let perKey = this.alwaysEnqueued.get(request);
    if (perKey === undefined) this.alwaysEnqueued.set(request, (perKey = new Map()));
    for (const key of fp.writeKeys) {
      const known = perKey.get(key);
      if (known === undefined) {
        perKey.set(key, { kind: parseObjectKeyString(key).kind, requests: new Set(fp.triggers) });
        continue;
      }
      for (const t of known.requests) {
        if (fp.triggers.has(t)) continue;
        known.requests.delete(t);
        grew = true;
      }
    }
    if (!grew) return;
    this.version++;
    for (const t of fp.triggers) {
      let e = this.enqueuers.get(t);
      if (e === undefined) this.enqueuers.set(t, (e = new Set()));
      e.add(request);
    }
  }

  /** Takes note of what an invariant evaluation read. */
  observeInvariantReads(fp: Footprint, readPending: boolean): void {
    if (mergeFootprint(this.invariantReads, fp)) this.version++;
    if (readPending && !this.invariantsReadPending) {
      this.invariantsReadPending = true;
      this.version++;
    }
  }

  /** A run that an invariant on every state may see, or that fails and so ends its branch. */
  isVisible(fp: Footprint, fails: boolean): boolean {
    if (fails || fp.unknown) return true;
    if (fp.writeKeys.size === 0 && !this.invariantsReadPending) return false;
    return this.invariantsReadPending || writesAffectReads(fp, this.invariantReads);
  }

  /** Whether any run of `request` was observed (else the bound knows nothing of it). */
  knows(request: number): boolean {
    return this.bound.has(request);
  }

  /**
   * The pending requests in the order to try them as seeds: those whose closures were smallest
   * so far first (a request tried before as a seed that gave a singleton is tried first), then
   * in `pending` order.
   */
  seedOrder(pending: Uint32Array): number[] {
    // An insertion sort on precomputed scores: pending sets are small, and this runs at every state.
    const order: number[] = [];
    const scores: number[] = [];
    for (let i = 0; i < pending.length; i++) {
      const r = pending[i]!;
      const s = this.seedSizes.get(r);
      const score = s === undefined ? 1.5 : s.sum / s.count;
      // `pending` is ascending: among equal scores, the smaller id stays first.
      let j = order.length;
      while (j > 0 && scores[j - 1]! > score) {
        order[j] = order[j - 1]!;
        scores[j] = scores[j - 1]!;
        j--;
      }
      order[j] = r;
      scores[j] = score;
    }
    return order;
  }

  /** Takes note of the size of the closure of `seed` (for `seedOrder`). */
  noteSeed(seed: number, size: number): void {
    const s = this.seedSizes.get(seed);
    if (s === undefined) this.seedSizes.set(seed, { sum: size, count: 1 });
    else {
      s.sum += size;
      s.count++;
    }
  }

  /** Remembers that `state` was expanded with only `chosen`. */
  recordReduced(state: number, pending: Uint32Array, chosen: Map<number, Footprint>): void {
    this.reduced.set(state, { pending, chosen, version: this.version });
    this.reducedCount++;
  }

  /** The reconciles a reduced state was expanded with, or undefined if it was expanded fully. */
  chosenAt(state: number): ReadonlyMap<number, Footprint> | undefined {
    return this.reduced.get(state)?.chosen;
  }

  /** The state is now expanded fully. */
  forget(state: number): void {
    if (this.reduced.delete(state)) this.reducedCount--;
  }

  /**
   * The reduced states to expand fully before the search may end: those whose choice the grown
   * bound no longer justifies, and one state of every cycle made only of reduced states (the cycle
   * proviso, checked on the graph as it is rather than during the search, so it holds whatever
   * the search order). Empty when the reduced graph is sound as it stands. `successors` visits
   * the targets of a state's edges.
   */
  toReopen(successors: (state: number, visit: (target: number) => void) => void): number[] {
    const out = this.invalidated();
    const reopened = new Set(out);
    for (const state of reducedCycles(this.reduced.keys(), (s) => this.reduced.has(s) && !reopened.has(s), successors)) out.push(state);
    return out.sort((a, b) => a - b);
  }

  /**
   * Reduced states whose choice is no longer a stubborn set under the bound as it is now (it grew
   * since), in increasing id order. Those still closed are re-stamped with the current version.
   */
  invalidated(): number[] {
    const out: number[] = [];
    for (const [state, r] of this.reduced) {
      if (r.version === this.version) continue;
      const visible = new Set<number>();
      for (const [req, fp] of r.chosen) if (this.isVisible(fp, false)) visible.add(req);
      let closed = visible.size === 0;
      if (closed) {
        for (const seed of r.chosen.keys()) {
          const t = this.closure(seed, r.pending, r.chosen, visible, r.pending.length);
          if (!(t instanceof Set) || [...t].some((x) => !r.chosen.has(x))) {
            closed = false;
            break;
          }
        }
      }
      if (closed) r.version = this.version;
      else out.push(state);
    }
    return out.sort((a, b) => a - b);
  }

  private disturbs(x: number, bx: Footprint, u: number, fp: Footprint): boolean {
    return disturbsNoOp(x, bx, u, fp, this.alwaysEnqueued);
  }

  /**
   * The enabled members of the least set containing `seed` that is closed under conflict (with
   * the bound) and under enabling; or a pending request whose footprint at this state it needs
   * and `exact` lacks (run it, then ask again); or undefined when the set reaches `limit` members
   * or holds a `blocked` request (visible, or with an unknown footprint).
   */
  closure(seed: number, pending: Uint32Array, exact: ReadonlyMap<number, Footprint>, blocked: ReadonlySet<number>, limit: number): Set<number> | number | undefined {
    // Plain loops and no inner functions: this runs for every seed tried at every state. Each kind
    // of collection has a loop of its own, which V8 runs without allocating an iterator per step.
    const enabled = new Set<number>();
    const disabled = this.disabledScratch;
    const work = this.workScratch;
    disabled.clear();
    work.length = 0;
    // The seed joins as any other member does; -1 is no request, so nothing is skipped as its source.
    let out = this.join(seed, -1, pending, exact, blocked, limit, enabled, disabled, work);
    if (out !== GO_ON) return out;
    while (work.length > 0) {
      const u = work.pop()!;
      if (!enabled.has(u)) {
        // Disabled: it must be enqueued before it runs, by one of its enqueuers (as far as the bound knows).
        const enqueuers = this.enqueuers.get(u);
        if (enqueuers === undefined) continue;
        for (const x of enqueuers) {
          out = this.join(x, u, pending, exact, blocked, limit, enabled, disabled, work);
          if (out !== GO_ON) return out;
        }
        continue;
      }
      // Requests the bound knows whose runs may be dependent on this one, and the requests it enqueues.
      const fp = exact.get(u)!;
      const dependents = this.dependents(u, fp);
      for (let i = 0; i < dependents.length; i++) {
        out = this.join(dependents[i]!, u, pending, exact, blocked, limit, enabled, disabled, work);
        if (out !== GO_ON) return out;
      }
      for (const x of fp.triggers) {
        out = this.join(x, u, pending, exact, blocked, limit, enabled, disabled, work);
        if (out !== GO_ON) return out;
      }
    }
    return enabled;
  }
  private readonly disabledScratch = new Set<number>();
  private readonly workScratch: number[] = [];

  /** `closure`'s step: `x` joins the set (reached from `u`); what the closure returns if that ends it, else GO_ON. */
  private join(x: number, u: number, pending: Uint32Array, exact: ReadonlyMap<number, Footprint>, blocked: ReadonlySet<number>, limit: number, enabled: Set<number>, disabled: Set<number>, work: number[]): number | undefined | typeof GO_ON {
    if (x === u || enabled.has(x) || disabled.has(x)) return GO_ON;
    if (pendingHas(pending, x)) {
      if (blocked.has(x)) return undefined;
      if (!exact.has(x)) return x;
      enabled.add(x);
      if (enabled.size >= limit) return undefined;
    } else disabled.add(x);
    work.push(x);
    return GO_ON;
  }

  /**
   * Whether the closure of `seed` is `seed` alone (what `closure(seed, …, 2)` answers with a set):
   * no pending request but it is reachable from its run `fp`'s dependents and the requests it
   * enqueues, through their enqueuers. The requests so reachable are kept per footprint until the
   * bound grows (replays of one recorded run share it), so that most checks look only at the
   * pending set: the closure walks them all at every state to show that none is pending.
   */
  isSingleton(seed: number, pending: Uint32Array, exact: ReadonlyMap<number, Footprint>, blocked: ReadonlySet<number>): boolean {
    const fp = exact.get(seed);
    if (fp === undefined || blocked.has(seed) || !pendingHas(pending, seed)) return false;
    const reach = this.reachable(seed, fp);
    for (let i = 0; i < pending.length; i++) {
      const p = pending[i]!;
      if (p !== seed && reach.has(p)) return false;
    }
    return true;
  }

  /**
   * The requests a closure from `u`'s run `fp` reaches while it meets no pending request: its
   * dependents and the requests it enqueues, and their enqueuers, transitively, `u` left out (it
   * is in the closure already, and not followed further). The closure stops at a pending request
   * too, but there `isSingleton` has its answer anyway.
   */
  private reachable(u: number, fp: Footprint): ReadonlySet<number> {
    let perRequest = this.reachCache.get(fp);
    if (perRequest === undefined) this.reachCache.set(fp, (perRequest = new Map()));
    const cached = perRequest.get(u);
    if (cached !== undefined && cached.version === this.version) return cached.requests;
    const out = new Set<number>();
    const work: number[] = [];
    const dependents = this.dependents(u, fp);
    for (let i = 0; i < dependents.length; i++) {
      const x = dependents[i]!;
      if (x !== u && !out.has(x)) {
        out.add(x);
        work.push(x);
      }
    }
    for (const x of fp.triggers) {
      if (x !== u && !out.has(x)) {
        out.add(x);
        work.push(x);
      }
    }
    while (work.length > 0) {
      const enqueuers = this.enqueuers.get(work.pop()!);
      if (enqueuers === undefined) continue;
      for (const x of enqueuers) {
        if (x !== u && !out.has(x)) {
          out.add(x);
          work.push(x);
        }
      }
    }
    perRequest.set(u, { version: this.version, requests: out });
    return out;
  }

  /**
   * The requests whose runs, as far as the bound knows them, are dependent on `u`'s run `fp`
   * (conflict, or for a no-op, disturbance). Kept per footprint (replays of one recorded run
   * share theirs) until the bound grows.
   */
  private dependents(u: number, fp: Footprint): readonly number[] {
    let perRequest = this.dependentsCache.get(fp);
    if (perRequest === undefined) this.dependentsCache.set(fp, (perRequest = new Map()));
    const cached = perRequest.get(u);
    if (cached !== undefined && cached.version === this.version) return cached.requests;
    const noOp = isNoOp(fp);
    const requests: number[] = [];
    for (const [x, bx] of this.bound) {
      if (x === u) continue;
      if (noOp ? this.disturbs(x, bx, u, fp) : conflicts(fp, u, bx, x)) requests.push(x);
    }
    perRequest.set(u, { version: this.version, requests });
    return requests;
  }
}

/** `join`'s answer when the closure goes on. */
const GO_ON = -1;

/**
 * Whether runs of `x` (as far as the bound `bx` knows them) may disturb the no-op run `u` at a
 * state. A no-op commutes with everything that does not write what it read; and a run that writes
 * what it read *and enqueues it* absorbs it: running the no-op first leaves the world as it was,
 * so that run does the same and enqueues `u` again, and both orders meet in one state (the one
 * where `u` has not run yet). Only a write to what `u` read that does not enqueue `u` disturbs it.
 */
export function disturbsNoOp(x: number, bx: Footprint, u: number, fp: Footprint, alwaysEnqueued: ReadonlyMap<number, ReadonlyMap<string, { kind: string; requests: Set<number> }>>): boolean {
  if (bx.unknown) return true;
  if (bx.writeKeys.size === 0) return false;
  if (intersects(bx.writeUids, fp.readUids) || intersects(bx.writeOwners, fp.readOwners)) return true;
  const perKey = alwaysEnqueued.get(x);
  for (const key of bx.writeKeys) {
    const known = perKey?.get(key);
    if (known === undefined) return true;
    if (!fp.readsAll && !fp.readKeys.has(key) && !fp.readKinds.has(known.kind)) continue;
    if (!known.requests.has(u)) return true;
  }
  return false;
}

/**
 * One state (the least id) of every strongly connected component with a cycle, in the subgraph of
 * the states `inside` says belong to it (iterative Tarjan, from `roots` in increasing order).
 */
export function reducedCycles(roots: Iterable<number>, inside: (s: number) => boolean, successors: (state: number, visit: (target: number) => void) => void): number[] {
  // This walks every reduced state of a large space at the end of a search: typed arrays indexed
  // by state id (-1 for a state not yet visited; grown as ids come), and the DFS frames and their
  // targets in flat stacks, so that a visit allocates nothing of its own.
  let index = new Int32Array(1024).fill(-1);
  let low = new Int32Array(1024);
  let onStack = new Uint8Array(1024);
  const fit = (s: number) => {
    if (s < index.length) return;
    let n = index.length;
    while (n <= s) n *= 2;
    const i2 = new Int32Array(n).fill(-1);
    i2.set(index);
    const l2 = new Int32Array(n);
    l2.set(low);
    const o2 = new Uint8Array(n);
    o2.set(onStack);
    index = i2;
    low = l2;
    onStack = o2;
  };
  const stack: number[] = [];
  const out: number[] = [];
  let next = 0;
  /** The targets of the open frames, each frame's after its parent's. */
  const targets: number[] = [];
  const collect = (t: number) => {
    if (inside(t)) targets.push(t);
  };
  // One entry per open frame: its state, where its targets start, the next target to follow, whether it loops to itself.
  const frameState: number[] = [];
  const frameStart: number[] = [];
  const frameNext: number[] = [];
  const frameSelf: boolean[] = [];
  const open = (s: number) => {
    fit(s);
    index[s] = low[s] = next++;
    stack.push(s);
    onStack[s] = 1;
    const start = targets.length;
    successors(s, collect);
    let self = false;
    for (let i = start; i < targets.length; i++) if (targets[i] === s) self = true;
    frameState.push(s);
    frameStart.push(start);
    frameNext.push(start);
    frameSelf.push(self);
  };
  for (const root of [...roots].sort((a, b) => a - b)) {
    fit(root);
    if (index[root] !== -1 || !inside(root)) continue;
    open(root);
    while (frameState.length > 0) {
      const top = frameState.length - 1;
      const s = frameState[top]!;
      // A frame's targets end where the next frame's start, or at the end for the top frame.
      if (frameNext[top]! < targets.length) {
        const t = targets[frameNext[top]!++]!;
        fit(t);
        if (index[t] === -1) open(t);
        else if (onStack[t] === 1 && index[t]! < low[s]!) low[s] = index[t]!;
        continue;
      }
      targets.length = frameStart[top]!;
      const selfLoop = frameSelf[top]!;
      frameState.pop();
      frameStart.pop();
      frameNext.pop();
      frameSelf.pop();
      if (top > 0) {
        const parent = frameState[top - 1]!;
        if (low[s]! < low[parent]!) low[parent] = low[s]!;
      }
      if (low[s] !== index[s]) continue;
      let least = s;
      let size = 0;
      for (;;) {
        const m = stack.pop()!;
        onStack[m] = 0;
        size++;
        if (m < least) least = m;
        if (m === s) break;
      }
      if (size > 1 || selfLoop) out.push(least);
    }
  }
  return out;
}

/** Whether the sorted request ids `sorted` hold `r`. */
export function pendingHas(sorted: ArrayLike<number>, r: number): boolean {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = sorted[mid]!;
    if (v === r) return true;
    if (v < r) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
