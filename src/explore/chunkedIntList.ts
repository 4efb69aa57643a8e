/** Entries per chunk, as `ChunkedList`'s: 32 KiB of `Int32Array` each. */
const CHUNK_BITS = 13;
const CHUNK = 1 << CHUNK_BITS;
const MASK = CHUNK - 1;

/**
 * A list of 32-bit integers indexed by dense ids (states, steps), in typed-array chunks. The
 * search keeps a few integers per state and one per transition for millions of them: held in
 * ordinary arrays they are heap slots that every full garbage collection walks and that each
 * chunk's promotion copies; in typed arrays they are bytes outside the heap. An index never set
 * reads as `missing`.
 *
 * @example
 * ```ts
 * const depth = new ChunkedIntList(-1);
 * depth.set(5, 3);
 * depth.get(5); // 3; depth.get(4) === -1; depth.length === 6
 * ```
 */
export class ChunkedIntList {
  private readonly chunks: Int32Array[] = [];
  private size = 0;

  /** `missing` is what an index never set reads as (an int32). */
  constructor(readonly missing: number) {
    if (missing !== (missing | 0)) throw new RangeError(`ChunkedIntList's missing value must be a 32-bit integer, got ${missing}`);
  }

  /** One more than the largest index set. */
  get length(): number {
    return this.size;
  }

  get(i: number): number {
    const chunk = this.chunks[i >>> CHUNK_BITS];
    return chunk === undefined || i < 0 ? this.missing : chunk[i & MASK]!;
  }

  set(i: number, value: number): void {
    // The common case, an integer index into a chunk that exists, checks nothing else.
    const chunk = this.chunks[i >>> CHUNK_BITS];
    if (chunk !== undefined && i >>> 0 === i && (value | 0) === value) {
      chunk[i & MASK] = value;
      if (i >= this.size) this.size = i + 1;
      return;
    }
    this.grow(i, value);
  }

  private grow(i: number, value: number): void {
    if (!Number.isInteger(i) || i < 0) throw new RangeError(`ChunkedIntList index must be a non-negative integer, got ${i}`);
    if (value !== (value | 0)) throw new RangeError(`ChunkedIntList holds 32-bit integers, got ${value} at index ${i}`);
    const c = i >>> CHUNK_BITS;
    while (this.chunks.length <= c) {
      const chunk = new Int32Array(CHUNK);
      if (this.missing !== 0) chunk.fill(this.missing);
      this.chunks.push(chunk);
    }
    this.chunks[c]![i & MASK] = value;
    if (i >= this.size) this.size = i + 1;
  }

  /** Appends `value`; returns its index. */
  push(value: number): number {
    const i = this.size;
    this.set(i, value);
    return i;
  }
}
