import type { Key } from "ink";
import { describe, expect, it } from "vitest";
import { keyPresses } from "../../../src/inspect/tui/keyPresses.ts";

const key = { return: false, tab: false } as Key;

describe("splitting input into key presses", () => {
  it("passes a single key through untouched", () => {
    expect(keyPresses("j", key)).toEqual([["j", key]]);
    const enter = { ...key, return: true };
    expect(keyPresses("", enter)).toEqual([["", enter]]);
  });

  it("splits keys typed faster than they were read, recognizing Enter, Tab and Backspace", () => {
    const presses = keyPresses("jG\r\t\u007f", key);
    expect(presses.map(([input]) => input)).toEqual(["j", "G", "", "", ""]);
    expect(presses[1]![1].shift).toBe(true);
    expect(presses[2]![1].return).toBe(true);
    expect(presses[3]![1].tab).toBe(true);
    expect(presses[4]![1].delete).toBe(true);
  });
});
