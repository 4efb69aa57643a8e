/**
 * Dense ids for values that are identified by a string (object keys, reconcile requests), in
 * order of first appearance. With a deterministic search, ids are deterministic too; they never
 * reach a fingerprint (the core hashes content, not ids).
 */
export class Interner<T> {
  private readonly ids = new Map<string, number>();
  private readonly values: T[] = [];

  /** Id of `key`, creating it with `make()` and reporting it to `onNew` when first seen. */
  intern(key: string, make: () => T, onNew?: (id: number, value: T) => void): number {
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.values.length;
      const value = make();
      this.values.push(value);
      this.ids.set(key, id);
      onNew?.(id, value);
    }
    return id;
  }

  get(id: number): T {
    const v = this.values[id];
    if (v === undefined) throw new RangeError(`no interned value with id ${id}`);
    return v;
  }

  find(key: string): number | undefined {
    return this.ids.get(key);
  }

  get size(): number {
    return this.values.length;
  }
}
