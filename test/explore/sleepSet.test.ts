import { afterEach, describe, expect, it, vi } from "vitest";
import { emptyFootprint, type Footprint } from "../../src/explore/footprint.ts";
import { SleepSets } from "../../src/explore/sleepSet.ts";
import { reductionOutcomes, unreducedRandomRuns } from "./reductionBaseline.ts";

function fp(parts: Partial<Footprint>): Footprint {
  return { ...emptyFootprint(), ...parts };
}

const outcomes = reductionOutcomes;

const A = "core/ConfigMap\u0000default\u0000a";
const B = "core/ConfigMap\u0000default\u0000b";

describe("sleep sets", () => {
  afterEach(() => vi.restoreAllMocks());

  it("hand a child only the runs independent of the run that led to it, and still pending there", () => {
    const sleep = new SleepSets<string>();
    const writesA = fp({ writeKeys: new Set([A]), writeKinds: new Set(["core/ConfigMap"]) });
    const readsA = fp({ readKeys: new Set([A]) });
    const readsB = fp({ readKeys: new Set([B]) });
    const known = new Map([
      [2, { fp: readsA, transition: "2 at s", staysPending: false }],
      [3, { fp: readsB, transition: "3 at s", staysPending: false }],
      [4, { fp: readsB, transition: "4 at s", staysPending: false }],
    ]);
    // Request 1 writes a: 2 read it (dependent), 3 did not, 4 is no longer pending at the child.
    sleep.hand(10, true, Uint32Array.of(2, 3), 1, writesA, known);
    expect([...(sleep.take(10)?.keys() ?? [])]).toEqual([3]);
    expect(sleep.take(10)).toBeUndefined();
  });

  it("never carry a run that asked the clock, or whose footprint is unknown", () => {
    expect(SleepSets.canSleep(fp({ readKeys: new Set([A]) }))).toBe(true);
    expect(SleepSets.canSleep(fp({ readsClock: true }))).toBe(false);
    expect(SleepSets.canSleep(fp({ unknown: true }))).toBe(false);
  });

  it("hand nothing to a known child that was expanded already (its sleep set was taken)", () => {
    const sleep = new SleepSets<string>();
    const known = new Map([[3, { fp: fp({ readKeys: new Set([B]) }), transition: "3 at s", staysPending: false }]]);
    sleep.hand(10, false, Uint32Array.of(3), 1, fp({ writeKeys: new Set([A]) }), known);
    expect(sleep.take(10)).toBeUndefined();
  });

  it("find what the search without them finds, making fewer runs (random scenarios 1-60)", async () => {
    let withSleep = 0;
    let without = 0;
    for (const { seed, explorer, initial, none } of await unreducedRandomRuns()) {
      const asleep = await explorer.explore(initial, { reduction: "por" });
      const spy = vi.spyOn(SleepSets, "canSleep").mockReturnValue(false);
      const awake = await explorer.explore(initial, { reduction: "por" });
      spy.mockRestore();
      expect({ seed, ...outcomes(asleep) }).toEqual({ seed, ...outcomes(none) });
      expect({ seed, ...outcomes(awake) }).toEqual({ seed, ...outcomes(none) });
      withSleep += asleep.stats.reconcilesExecuted + asleep.stats.reconcilesReplayed;
      without += awake.stats.reconcilesExecuted + awake.stats.reconcilesReplayed;
    }
    expect(withSleep).toBeLessThan(without);
  }, 120_000);

  it("when broken (a dependent run put to sleep), make the differential suite fail", async () => {
    // A sleep set that ignores dependence carries a run's outcome to a state where it would do
    // something else: the suite must notice on some scenario.
    const runs = await unreducedRandomRuns();
    vi.spyOn(SleepSets.prototype, "independent").mockReturnValue(true);
    const differ: number[] = [];
    for (const { seed, explorer, initial, none } of runs) {
      const por = await explorer.explore(initial, { reduction: "por" }).then(outcomes, (e: Error) => ({ error: e.message }));
      if (JSON.stringify(por) !== JSON.stringify(outcomes(none))) differ.push(seed);
    }
    expect(differ.length).toBeGreaterThan(0);
  }, 120_000);
});
