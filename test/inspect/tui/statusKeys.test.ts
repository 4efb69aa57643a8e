import { describe, expect, it } from "vitest";
import { initialState } from "../../../src/inspect/tui/inspectorState.ts";
import type { LevelView } from "../../../src/inspect/tui/levelView.ts";
import { fitHints, statusKeys, type HintContext } from "../../../src/inspect/tui/statusKeys.ts";

const view: LevelView = {
  crumb: "states",
  title: "States",
  opens: "paths",
  count: 3,
  row: () => ({ spans: [] }),
  filterText: () => "",
  detail: () => [],
  showsObjects: false,
  open: () => undefined,
};
const ctx: HintContext = { opens: "paths", detailOpens: false, showsObjects: false, canSave: true, warnings: 0 };
const text = (hints: { keys: string; label: string }[]) => hints.map((h) => `${h.keys} ${h.label}`);

describe("status bar keys", () => {
  it("offer what works on the top level: no back, but save and filter", () => {
    const hints = text(statusKeys(initialState(view), ctx));
    expect(hints).toEqual(["↑↓ jk move", "PgUp/PgDn page", "g/G ends", "⏎ paths", "Tab detail", "/ filter", "s save", "? help", "q quit"]);
  });

  it("offer back below the top level, YAML on an object line, and no save without a graph", () => {
    const s = initialState(view);
    const deeper = { ...s, stack: [...s.stack, s.stack[0]!], focus: "detail" as const };
    const hints = text(statusKeys(deeper, { ...ctx, detailOpens: true, canSave: false, showsObjects: true }));
    expect(hints).toContain("Esc back");
    expect(hints).toContain("⏎ YAML");
    expect(hints).toContain("m server fields");
    expect(hints).toContain("Tab list");
    expect(hints).not.toContain("s save");
  });

  it("offer w when the result has warnings, and in the warnings view only scrolling and closing", () => {
    expect(text(statusKeys(initialState(view), { ...ctx, warnings: 2 }))).toContain("w warnings");
    const reading = { ...initialState(view), overlay: { kind: "warnings" as const, offset: 0 } };
    expect(text(statusKeys(reading, { ...ctx, warnings: 2, showsObjects: true }))).toEqual(["↑↓ jk scroll", "PgUp/PgDn page", "g/G ends", "Esc close", "q quit"]);
  });

  it("offer only the prompt's keys while typing", () => {
    expect(text(statusKeys({ ...initialState(view), mode: "save" }, ctx))).toEqual(["⏎ save", "Esc cancel"]);
    expect(text(statusKeys({ ...initialState(view), mode: "filter" }, ctx))).toEqual(["type filter", "⏎ keep", "Esc clear"]);
  });

  it("drop the least important hints first when the line is short, keeping their order", () => {
    const hints = statusKeys(initialState(view), ctx);
    expect(text(fitHints(hints, 40))).toEqual(["↑↓ jk move", "⏎ paths", "Tab detail", "q quit"]);
    expect(fitHints(hints, 1000)).toHaveLength(hints.length);
  });
});
