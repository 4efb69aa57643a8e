import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { chooseDisplayMode } from "../../src/cli/displayMode.ts";
import { UsageError } from "../../src/cli/usageError.ts";

function terminal(stdinTTY: boolean, stdoutTTY: boolean) {
  return { stdin: Object.assign(new PassThrough(), { isTTY: stdinTTY }), stdout: Object.assign(new PassThrough(), { isTTY: stdoutTTY }) };
}

describe("chooseDisplayMode", () => {
  it("opens the inspector by default only when stdin and stdout are both terminals", () => {
    expect(chooseDisplayMode({}, terminal(true, true))).toBe("inspector");
    expect(chooseDisplayMode({}, terminal(true, false))).toBe("plain");
    expect(chooseDisplayMode({}, terminal(false, true))).toBe("plain");
  });

  it("prints the plain summary on a terminal with --no-interactive", () => {
    expect(chooseDisplayMode({ interactive: false }, terminal(true, true))).toBe("plain");
    expect(chooseDisplayMode({ interactive: true }, terminal(true, true))).toBe("inspector");
  });

  it("refuses --interactive without a terminal, which the inspector cannot run in", () => {
    expect(() => chooseDisplayMode({ interactive: true }, terminal(false, true))).toThrow(/--interactive needs a terminal/);
    expect(() => chooseDisplayMode({ interactive: true }, terminal(true, false))).toThrow(UsageError);
  });

  it("prints JSON with --json, even on a terminal", () => {
    expect(chooseDisplayMode({ json: true }, terminal(true, true))).toBe("json");
    expect(chooseDisplayMode({ json: true, interactive: false }, terminal(true, true))).toBe("json");
  });

  it("refuses --json with --interactive", () => {
    expect(() => chooseDisplayMode({ json: true, interactive: true }, terminal(true, true), "kamera explore --help")).toThrow(UsageError);
  });

  it("serves the browser inspector with --web, which excludes --json and --interactive", () => {
    expect(chooseDisplayMode({ web: true }, terminal(false, false))).toBe("web");
    expect(chooseDisplayMode({ web: true, interactive: false }, terminal(true, true))).toBe("web");
    expect(() => chooseDisplayMode({ web: true, json: true }, terminal(true, true))).toThrow(/--web and --json cannot be combined/);
    expect(() => chooseDisplayMode({ web: true, interactive: true }, terminal(true, true))).toThrow(/--web and --interactive cannot be combined/);
  });
});
