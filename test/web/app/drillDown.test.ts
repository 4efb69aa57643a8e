import { describe, expect, it } from "vitest";
import { DrillDown } from "../../../src/inspect/web/app/drillDown.ts";
import { InspectedRun } from "../../../src/inspect/web/app/inspectedRun.ts";
import { FIXTURE_IDS, fixtureGraph } from "../fixtureRun.ts";

const run = () => InspectedRun.of(fixtureGraph(), { complete: true }, { kind: "dump", title: "fixture" });

describe("DrillDown", () => {
  it("opens states, then paths, then steps, then effects, and goes back the same way", () => {
    const nav = new DrillDown(run());
    expect(nav.level).toBe("states");
    expect(nav.open()).toBe(true);
    expect(nav.level).toBe("paths");
    expect(nav.itemCount()).toBe(2); // FooController first or BarController first
    expect(nav.open()).toBe(true);
    expect(nav.level).toBe("steps");
    nav.select(1);
    expect(nav.open()).toBe(true);
    const p = nav.position();
    expect(p.level).toBe("effects");
    expect(p.step?.effects.map((e) => e.op)).toEqual(["UPDATE", "CREATE"]);
    expect(p.effect?.after?.status).toEqual({ state: "A-Final" });
    expect(nav.open()).toBe(false);
    expect(nav.back() && nav.back() && nav.back()).toBe(true);
    expect(nav.back()).toBe(false);
    expect(nav.level).toBe("states");
  });

  it("does not open what has nothing inside (a step that wrote nothing)", () => {
    const nav = new DrillDown(run());
    nav.showState(FIXTURE_IDS[4]!);
    expect(nav.open()).toBe(true);
    expect(nav.open()).toBe(true);
    // The violation's path ends with the FooController step that threw and wrote nothing.
    nav.select(nav.itemCount() - 1);
    expect(nav.position().step?.error).toContain("boom");
    expect(nav.open()).toBe(false);
    expect(nav.level).toBe("steps");
  });

  it("clamps the selection to the list", () => {
    const nav = new DrillDown(run());
    nav.move(99);
    expect(nav.selectedIndex).toBe(2);
    nav.move(-99);
    expect(nav.selectedIndex).toBe(0);
  });

  it("filters the states list by id or outcome", () => {
    const nav = new DrillDown(run());
    nav.filter = "violation";
    expect(nav.stateRows().map((r) => r.state.id)).toEqual([FIXTURE_IDS[4]]);
    nav.filter = FIXTURE_IDS[3]!.slice(-4);
    expect(nav.stateRows().map((r) => r.category)).toEqual(["converged"]);
  });

  it("lists a livelock's cycle after its paths, as the terminal's cycle row, and opens it into its steps", () => {
    const r = run();
    const stuck = r.rows.find((row) => row.category === "non-converging")!;
    expect(stuck.state.cycle?.length).toBeGreaterThan(0);
    const nav = new DrillDown(r);
    nav.showState(stuck.state.id);
    expect(nav.open()).toBe(true);
    expect(nav.itemCount()).toBe(stuck.state.paths.length + 1);
    nav.select(stuck.state.paths.length);
    expect(nav.position().path).toBe(stuck.state.cycle);
    expect(nav.open()).toBe(true);
    expect(nav.itemCount()).toBe(stuck.state.cycle!.length);
  });

  it("keeps its place when a live run grows", () => {
    const before = new DrillDown(run());
    before.showState(FIXTURE_IDS[4]!);
    before.open();
    before.open();
    const after = new DrillDown(run());
    after.carryOver(before);
    expect(after.level).toBe("steps");
    expect(after.position().row?.state.id).toBe(FIXTURE_IDS[4]);
  });
});
