import { CoreError } from "./coreError.ts";

/**
 * Builds the `batch` argument of `Core.addSuccessors` — one expanded state's successors, packed
 * [stepId, nChanged, (key, version)×nChanged, nPending, pending…, nCursorPairs, (a, b)×n, priority]
 * per record — in storage it reuses, so adding a state's successors costs one crossing of the Wasm
 * boundary and no allocation per transition. Values are checked as they are added (u32 integers,
 * whole pairs); the core checks the rest (registered ids, repeated keys, pending order) for the
 * whole batch before applying any record.
 *
 * @example
 * ```ts
 * const batch = new SuccessorBatch();
 * batch.add(stepId, [keyId, versionId], [requestId], []);
 * const results = core.addSuccessors(parent, batch.words()); // (childId << 1) | isNew per record
 * batch.clear();
 * ```
 */
export class SuccessorBatch {
  private buf = new Uint32Array(1024);
  private len = 0;
  private count = 0;

  /** Records added since the last clear. */
  get records(): number {
    return this.count;
  }

  /**
   * Appends one successor: the changed (keyId, versionId) pairs, the child's pending ids (sorted,
   * no duplicates), its cursor pairs and an unsigned integer priority (priority frontier only).
   */
  add(stepId: number, changed: ArrayLike<number>, pending: ArrayLike<number>, cursors: ArrayLike<number>, priority = 0): void {
    const record = this.count;
    if (changed.length % 2 !== 0) throw new CoreError(`SuccessorBatch.add: record ${record}: changed must hold (key, version) pairs, got an odd length ${changed.length}`);
    if (cursors.length % 2 !== 0) throw new CoreError(`SuccessorBatch.add: record ${record}: cursors must hold (a, b) pairs, got an odd length ${cursors.length}`);
    const need = this.len + 5 + changed.length + pending.length + cursors.length;
    if (need > this.buf.length) {
      const grown = new Uint32Array(Math.max(need, this.buf.length * 2));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
    const b = this.buf;
    let i = this.len;
    b[i++] = u32("stepId", stepId, record);
    b[i++] = changed.length >>> 1;
    for (let j = 0; j < changed.length; j++) b[i++] = u32("changed", changed[j]!, record);
    b[i++] = pending.length;
    for (let j = 0; j < pending.length; j++) b[i++] = u32("pending", pending[j]!, record);
    b[i++] = cursors.length >>> 1;
    for (let j = 0; j < cursors.length; j++) b[i++] = u32("cursors", cursors[j]!, record);
    b[i++] = u32("priority", priority, record);
    this.len = i;
    this.count++;
  }

  /** The packed records, a view valid until the next add or clear. */
  words(): Uint32Array {
    return this.buf.subarray(0, this.len);
  }

  /** Empties the batch, keeping its storage. */
  clear(): void {
    this.len = 0;
    this.count = 0;
  }
}

function u32(name: string, v: number, record: number): number {
  if (v >>> 0 !== v) throw new CoreError(`SuccessorBatch.add: record ${record}: ${name} must hold integers in [0, 2^32), got ${String(v)}`);
  return v;
}
