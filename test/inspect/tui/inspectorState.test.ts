import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { handleKey, initialState, type InspectorState, type KeyContext } from "../../../src/inspect/tui/inspectorState.ts";
import type { LevelView } from "../../../src/inspect/tui/levelView.ts";
import { line } from "../../../src/inspect/tui/styledLine.ts";

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false,
  super: false, hyper: false, capsLock: false, numLock: false,
};
const obj = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c" } };

/** A level of `n` rows named by letters; row i opens a level of i rows, except row 0 which opens a YAML view. */
function level(n: number, name = "top"): LevelView {
  return {
    crumb: name,
    title: name,
    opens: "more",
    count: n,
    row: (i) => line(`row ${i}`),
    filterText: (i) => (i % 2 === 0 ? `even ${i}` : `odd ${i}`),
    detail: (i) => [line(`detail of ${i}`), { ...line("object"), object: obj, objectTitle: "the object" }],
    showsObjects: false,
    open: (i) => (i === 0 ? { yaml: { title: "row 0", object: obj } } : { level: level(i, `${name}/${i}`) }),
  };
}
const ctx = (s: InspectorState): KeyContext => ({
  listRows: 5,
  detailRows: 5,
  overlayRows: 5,
  detailLines: s.stack.at(-1)!.view.detail(s.stack.at(-1)!.selected, { hideServerFields: true }),
  overlayLength: 20,
  canSave: true,
  defaultDumpPath: "dump.json",
  warnings: 0,
});

function keys(state: InspectorState, ...presses: (string | Partial<Key>)[]) {
  let s = state;
  let command;
  for (const p of presses) {
    const r = typeof p === "string" ? handleKey(s, p, NO_KEY, ctx(s)) : handleKey(s, "", { ...NO_KEY, ...p }, ctx(s));
    s = r.state;
    command = r.command ?? command;
  }
  return { s, command };
}

describe("inspector key handling", () => {
  it("Enter opens a level, Esc goes back to the same row", () => {
    const { s } = keys(initialState(level(10)), "j", "j", "j", { return: true });
    expect(s.stack.map((f) => f.view.crumb)).toEqual(["top", "top/3"]);
    const back = keys(s, { escape: true }).s;
    expect(back.stack).toHaveLength(1);
    expect(back.stack[0]!.selected).toBe(3);
  });

  it("Enter on a row that opens YAML shows an overlay that scrolls and closes with Esc", () => {
    let { s } = keys(initialState(level(10)), { return: true });
    expect(s.overlay).toMatchObject({ kind: "yaml", title: "row 0" });
    s = keys(s, "j", "j", { pageDown: true }).s;
    expect(s.overlay?.offset).toBe(7);
    s = keys(s, "G").s;
    expect(s.overlay?.offset).toBe(15);
    s = keys(s, { escape: true }).s;
    expect(s.overlay).toBeUndefined();
    expect(s.stack).toHaveLength(1);
  });

  it("Tab moves the focus to the detail, where Enter opens an object line", () => {
    let { s } = keys(initialState(level(10)), "j", { tab: true });
    expect(s.focus).toBe("detail");
    s = keys(s, { return: true }).s;
    expect(s.overlay).toBeUndefined();
    expect(s.message?.text).toMatch(/Enter opens the YAML of an object line/);
    s = keys(s, "j", { return: true }).s;
    expect(s.overlay).toMatchObject({ kind: "yaml", title: "the object" });
  });

  it("moving the list cursor resets the detail cursor", () => {
    let { s } = keys(initialState(level(10)), { tab: true }, "j", { tab: true });
    expect(s.stack[0]!.detailSelected).toBe(1);
    s = keys(s, "j").s;
    expect(s.stack[0]!.detailSelected).toBe(0);
  });

  it("the filter narrows the list while typing; Backspace edits it; Esc clears it", () => {
    let { s } = keys(initialState(level(10)), "G", "/", "o", "d", "d");
    expect(s.mode).toBe("filter");
    expect(s.stack[0]!.filter).toBe("odd");
    expect(s.stack[0]!.selected).toBe(0);
    s = keys(s, { backspace: true }, { delete: true }).s;
    expect(s.stack[0]!.filter).toBe("o");
    s = keys(s, { return: true }).s;
    expect(s.mode).toBe("browse");
    expect(s.stack[0]!.filter).toBe("o");
    s = keys(s, "/", { escape: true }).s;
    expect(s.stack[0]!.filter).toBe("");
  });

  it("typed letters go to a prompt, not to commands", () => {
    const { s, command } = keys(initialState(level(10)), "/", "q", "j", "s");
    expect(command).toBeUndefined();
    expect(s.stack[0]!.filter).toBe("qjs");
  });

  it("s prompts with the default path and Enter asks the app to save there", () => {
    let r = keys(initialState(level(10)), "s");
    expect(r.s.mode).toBe("save");
    expect(r.s.input).toBe("dump.json");
    r = keys(r.s, { backspace: true }, { backspace: true }, { backspace: true }, { backspace: true }, "yaml", { return: true });
    expect(r.command).toEqual({ type: "save", path: "dump.yaml" });
    expect(r.s.mode).toBe("browse");
  });

  it("an empty save path is refused with a hint", () => {
    let { s } = keys(initialState(level(3)), "s");
    for (let i = 0; i < 9; i++) s = keys(s, { backspace: true }).s;
    const r = keys(s, { return: true });
    expect(r.command).toBeUndefined();
    expect(r.s.message?.text).toBe("type a file path to save to");
  });

  it("q asks to quit; m toggles server-managed fields", () => {
    expect(keys(initialState(level(3)), "q").command).toEqual({ type: "quit" });
    const { s } = keys(initialState(level(3)), "m");
    expect(s.hideServerFields).toBe(false);
    expect(keys(s, "m").s.hideServerFields).toBe(true);
  });

  it("w opens the warnings over the list, which scroll and close with Esc back to the same row; m does nothing there", () => {
    const start = keys(initialState(level(10)), "j", "j").s;
    let s = handleKey(start, "w", NO_KEY, { ...ctx(start), warnings: 2 }).state;
    expect(s.overlay).toEqual({ kind: "warnings", offset: 0 });
    s = keys(s, "j", { pageDown: true }, "m").s;
    expect(s.overlay?.offset).toBe(6);
    expect(s.hideServerFields).toBe(true);
    s = keys(s, { escape: true }).s;
    expect(s.overlay).toBeUndefined();
    expect(s.stack).toEqual(start.stack);
  });

  it("w without warnings says there are none", () => {
    const { s } = keys(initialState(level(3)), "w");
    expect(s.overlay).toBeUndefined();
    expect(s.message?.text).toBe("this result has no warnings");
  });

  it("a message is cleared by the next key", () => {
    let { s } = keys(initialState(level(3)), { tab: true }, { return: true });
    expect(s.message).toBeDefined();
    s = keys(s, "j").s;
    expect(s.message).toBeUndefined();
  });
});
