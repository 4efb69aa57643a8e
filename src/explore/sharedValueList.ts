import { ChunkedIntList } from "./chunkedIntList.ts";

/**
 * A list indexed by dense ids whose entries are mostly the same few objects, set in runs: each
 * entry is an integer naming one of the distinct objects, kept outside the heap
 * (`ChunkedIntList`). A value set right after the same value (by identity) reuses its number, so
 * a per-state list of a bookkeeping object shared along whole paths holds one object per run of
 * states, not a heap slot per state. Reading an index never set gives `undefined`.
 *
 * @example
 * ```ts
 * const shared = { revision: 1 };
 * const list = new SharedValueList<object>();
 * list.set(0, shared); list.set(1, shared);
 * list.get(1) === shared; // true; one object kept
 * ```
 */
export class SharedValueList<T> {
  private readonly values: T[] = [];
  /** Per index, 1 + the number of its value in `values`; 0 for none. */
  private readonly numbers = new ChunkedIntList(0);

  /** One more than the largest index set. */
  get length(): number {
    return this.numbers.length;
  }

  get(i: number): T | undefined {
    const n = this.numbers.get(i);
    return n === 0 ? undefined : this.values[n - 1];
  }

  set(i: number, value: T): void {
    const last = this.values.length;
    if (last === 0 || this.values[last - 1] !== value) this.values.push(value);
    this.numbers.set(i, this.values.length);
  }
}
