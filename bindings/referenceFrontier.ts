import type { FrontierKind } from "./core.ts";
import { SplitMix64 } from "./splitMix64.ts";

/**
 * The reference engine's frontier: which open state is expanded next.
 * - `dfs`: a stack of batches: the entries pushed between two pops (one expansion's new successors,
 *   in the order they were made) are a batch, and `pop` takes the first-pushed entry of the newest
 *   batch — so a state's successors are expanded in the order the model made them;
 * - `bfs`: a queue, first pushed first;
 * - `random`: a bag; `next` takes the entry at a SplitMix64-chosen uniform index and fills the
 *   hole with the last entry (swap-remove);
 * - `priority`: highest priority first, ties by lowest state id. That order is total over
 *   distinct (priority, id) entries, so any correct heap pops the same sequence.
 * A state pushed twice is present twice.
 */
export class ReferenceFrontier {
  private readonly ids: number[] = [];
  private readonly priorities: number[] = [];
  private head = 0;
  /** `dfs`: where the entries pushed since the last pop begin. */
  private batchStart = 0;
  private readonly rng: SplitMix64;

  constructor(
    readonly kind: FrontierKind,
    seed: bigint,
  ) {
    this.rng = new SplitMix64(seed);
  }

  /** Adds an entry. */
  push(id: number, priority: number): void {
    if (this.kind !== "priority") {
      this.ids.push(id);
      return;
    }
    this.ids.push(id);
    this.priorities.push(priority);
    this.siftUp(this.ids.length - 1);
  }

  /** Removes and returns the next entry, or −1 when empty. */
  pop(): number {
    switch (this.kind) {
      case "dfs": {
        if (this.ids.length === 0) return -1;
        // The newest batch, first-pushed on top; the rest of it then pops in push order too.
        for (let lo = this.batchStart, hi = this.ids.length - 1; lo < hi; lo++, hi--) {
          const a = this.ids[lo]!;
          this.ids[lo] = this.ids[hi]!;
          this.ids[hi] = a;
        }
        const id = this.ids.pop()!;
        this.batchStart = this.ids.length;
        return id;
      }
      case "bfs": {
        if (this.head === this.ids.length) return -1;
        const id = this.ids[this.head++]!;
        // Drop the consumed prefix now and then so the queue does not grow without bound.
        if (this.head > 1024 && this.head * 2 > this.ids.length) {
          this.ids.splice(0, this.head);
          this.head = 0;
        }
        return id;
      }
      case "random": {
        const n = this.ids.length;
        if (n === 0) return -1;
        const i = this.rng.below(n);
        const id = this.ids[i]!;
        this.ids[i] = this.ids[n - 1]!;
        this.ids.pop();
        return id;
      }
      case "priority":
        return this.popHeap();
    }
  }

  /** Entries waiting. */
  size(): number {
    return this.ids.length - this.head;
  }

  /** Whether entry i goes before entry j. */
  private before(i: number, j: number): boolean {
    const pi = this.priorities[i]!;
    const pj = this.priorities[j]!;
    return pi > pj || (pi === pj && this.ids[i]! < this.ids[j]!);
  }

  private swap(i: number, j: number): void {
    const id = this.ids[i]!;
    this.ids[i] = this.ids[j]!;
    this.ids[j] = id;
    const p = this.priorities[i]!;
    this.priorities[i] = this.priorities[j]!;
    this.priorities[j] = p;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  private popHeap(): number {
    const n = this.ids.length;
    if (n === 0) return -1;
    const top = this.ids[0]!;
    this.swap(0, n - 1);
    this.ids.pop();
    this.priorities.pop();
    let i = 0;
    const m = n - 1;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= m) break;
      const r = l + 1;
      const c = r < m && this.before(r, l) ? r : l;
      if (!this.before(c, i)) break;
      this.swap(c, i);
      i = c;
    }
    return top;
  }
}
