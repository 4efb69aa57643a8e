import { describe, expect, it } from "vitest";
import { PosPolicy } from "../../../src/explore/strategies/posPolicy.ts";
import type { WalkMove, WalkStep } from "../../../src/explore/walker.ts";

/** A step of a walk whose threads write the given key ids (one move each). */
function step(n: number, labels: string[], writes: Record<string, number[]>): WalkStep {
  return {
    state: n,
    step: n,
    labels,
    moves: async (t) => {
      const label = labels[t]!;
      const changed = new Uint32Array((writes[label] ?? []).flatMap((k) => [k, 1]));
      return [{ thread: t, label, to: n + 1, changed } satisfies WalkMove];
    },
  };
}

describe("pos (partial order sampling)", () => {
  it("runs the pending event of highest priority, and a seed fixes every priority", async () => {
    const a = new PosPolicy(9);
    const b = new PosPolicy(9);
    a.beginWalk();
    b.beginWalk();
    const s = step(0, ["A", "B", "C"], {});
    const [ma, mb] = [await a.choose(s), await b.choose(s)];
    expect(ma!.label).toBe(mb!.label);
    const others = ["A", "B", "C"].filter((l) => l !== ma!.label);
    for (const l of others) expect(a.priorityOf(l)).toBe(b.priorityOf(l));
  });

  it("after an event runs, the pending events racing with it get fresh priorities and the others keep theirs", async () => {
    // A and B write key 7, C writes key 8: A and B race, C races with neither.
    const writes: Record<string, number[]> = { A: [7], B: [7], C: [8] };
    const checked = { racing: 0, independent: 0 };
    for (let seed = 1; seed <= 8; seed++) {
      const pos = new PosPolicy(seed);
      // Walk 1 teaches which objects each request writes.
      pos.beginWalk();
      for (const [i, only] of ["A", "B", "C"].entries()) expect((await pos.choose(step(i, [only], writes)))!.label).toBe(only);
      pos.beginWalk();
      const ran = (await pos.choose(step(0, ["A", "B", "C"], writes)))!.label;
      // The event is over: its request pending again would be a new event.
      expect(pos.priorityOf(ran)).toBeUndefined();
      for (const l of ["A", "B", "C"].filter((x) => x !== ran)) {
        if (writes[l]![0] === writes[ran]![0]) {
          expect(pos.priorityOf(l)).toBeUndefined();
          checked.racing++;
        } else {
          expect(pos.priorityOf(l)).toBeTypeOf("number");
          checked.independent++;
        }
      }
    }
    expect(checked.racing).toBeGreaterThan(0);
    expect(checked.independent).toBeGreaterThan(0);
  });

  it("a request no run has written anything for races with nothing (BasicPOS)", async () => {
    const pos = new PosPolicy(1);
    pos.beginWalk();
    const first = await pos.choose(step(0, ["A", "B"], { A: [1], B: [1] }));
    // B's runs have written nothing yet (it never ran), so it keeps the priority drawn for it.
    const other = first!.label === "A" ? "B" : "A";
    expect(pos.priorityOf(other)).toBeTypeOf("number");
  });
});
