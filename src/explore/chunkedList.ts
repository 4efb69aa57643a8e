/** Entries per chunk: small enough that a chunk's backing store stays out of the large-object space's churn, large enough that the chunk table stays short. */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * A list indexed by dense ids (states, steps) that grows in fixed chunks instead of one array.
 * The search appends an entry per state or per transition; one growing array is copied whole each
 * time it grows, and while its backing store is young the garbage collector copies it again at
 * every scavenge — measured at about twice the cost of filling chunks. Reading an index never set
 * gives `undefined`, as an array's hole does.
 *
 * @example
 * ```ts
 * const steps = new ChunkedList<string>();
 * steps.push("a"); steps.set(5, "f");
 * steps.get(5); // "f"; steps.get(3) === undefined; steps.length === 6
 * ```
 */
export class ChunkedList<T> {
  private readonly chunks: (T | undefined)[][] = [];
  private size = 0;

  /** One more than the largest index set. */
  get length(): number {
    return this.size;
  }

  get(i: number): T | undefined {
    const chunk = this.chunks[i >>> CHUNK_BITS];
    return chunk === undefined ? undefined : chunk[i & MASK];
  }

  set(i: number, value: T): void {
    if (!Number.isInteger(i) || i < 0) throw new RangeError(`ChunkedList index must be a non-negative integer, got ${i}`);
    const c = i >>> CHUNK_BITS;
    while (this.chunks.length <= c) this.chunks.push(new Array<T | undefined>(CHUNK).fill(undefined));
    this.chunks[c]![i & MASK] = value;
    if (i >= this.size) this.size = i + 1;
  }

  /** Appends `value`; returns its index. */
  push(value: T): number {
    const i = this.size;
    this.set(i, value);
    return i;
  }
}
