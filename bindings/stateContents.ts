/**
 * A reusable holder for what the explorer reads of a state before expanding it: its depth, its
 * slots and its pending set, filled by `Core.readState` in one call. The holder owns its storage
 * and grows it as needed, and keeps the views it made, so reading state after state allocates nothing.
 * `slots` and `pending` are views into that storage: they stay valid until the next `readState`
 * into the same holder (copy them with `.slice()` to keep them longer).
 *
 * @example
 * ```ts
 * const s = new StateContents();
 * core.readState(id, s);
 * for (let i = 0; i < s.slots.length; i += 2) use(s.slots[i], s.slots[i + 1]);
 * ```
 */
export class StateContents {
  /** The state's depth (as `Core.depth`). */
  depth = 0;
  /** (keyId, versionId) pairs sorted by keyId (as `Core.slots`). */
  slots: Uint32Array = new Uint32Array(0);
  /** Pending request ids, ascending (as `Core.pending`). */
  pending: Uint32Array = new Uint32Array(0);
  private words = new Uint32Array(256);
  /** Views of `pending` made so far, by length, valid while the slot word count and storage stay the same (views are objects: reading state after state reuses them). */
  private pendingViews: Uint32Array[] = [];

  /**
   * Storage for at least `n` u32s, to be filled with the slot words then the pending ids and
   * published with `publish`. For the engines, not for callers.
   */
  storage(n: number): Uint32Array {
    if (this.words.length < n) this.words = new Uint32Array(Math.max(n, this.words.length * 2));
    return this.words;
  }

  /** Sets the fields after `storage(…)` was filled with `slotWords` slot words then `pendingCount` ids. */
  publish(depth: number, slotWords: number, pendingCount: number): void {
    this.depth = depth;
    const words = this.words;
    if (this.slots.length !== slotWords || this.slots.buffer !== words.buffer) {
      this.slots = words.subarray(0, slotWords);
      this.pendingViews = [];
    }
    this.pending = this.pendingViews[pendingCount] ??= words.subarray(slotWords, slotWords + pendingCount);
  }
}
