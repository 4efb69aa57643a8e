import { describe, expect, it } from "vitest";
import { StateContents } from "../../bindings/stateContents.ts";

/** Fills a holder as an engine does: the slot words, then the pending ids. */
function fill(holder: StateContents, slots: number[], pending: number[], depth = 0): void {
  const words = holder.storage(slots.length + pending.length);
  words.set(slots, 0);
  words.set(pending, slots.length);
  holder.publish(depth, slots.length, pending.length);
}

describe("StateContents", () => {
  it("shows each state's slots and pending set exactly, whatever the lengths of the states read before", () => {
    const holder = new StateContents();
    const states: [number[], number[]][] = [
      [[1, 10, 2, 20], [5, 6]],
      [[1, 11, 2, 21], [7]],
      [[1, 12], [8, 9, 10]],
      [[1, 13, 2, 23], []],
      [[1, 14, 2, 24], [5, 6]],
      [[], [4]],
    ];
    for (const [i, [slots, pending]] of states.entries()) {
      fill(holder, slots, pending, i);
      expect(holder.depth).toBe(i);
      expect([...holder.slots]).toEqual(slots);
      expect([...holder.pending]).toEqual(pending);
    }
  });

  it("reuses its views for states of the same shape, so reading state after state allocates none", () => {
    const holder = new StateContents();
    fill(holder, [1, 10, 2, 20], [5, 6]);
    const { slots, pending } = holder;
    fill(holder, [1, 11, 2, 21], [7, 8]);
    expect(holder.slots).toBe(slots);
    expect(holder.pending).toBe(pending);
    expect([...holder.pending]).toEqual([7, 8]);
  });

  it("makes new views when its storage grows, and the old ones no longer change", () => {
    const holder = new StateContents();
    fill(holder, [1, 10], [5]);
    const before = holder.pending;
    const big = Array.from({ length: 600 }, (_, i) => i);
    fill(holder, big, [9]);
    expect(holder.slots.length).toBe(600);
    expect([...holder.pending]).toEqual([9]);
    expect([...before]).toEqual([5]);
    fill(holder, [1, 10], [6]);
    expect([...holder.slots]).toEqual([1, 10]);
    expect([...holder.pending]).toEqual([6]);
  });
});
