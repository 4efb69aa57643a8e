import { EventEmitter } from "node:events";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runInspector } from "../../../src/inspect/tui/index.ts";
import { KameraError } from "../../../src/kameraError.ts";
import { loadDump } from "../../../src/results/dump.ts";
import { sampleResult } from "./inspectorFixture.ts";

/** A terminal's input: raw mode is accepted, keys are pushed with `press`. */
class FakeTtyIn extends EventEmitter {
  isTTY = true;
  private queue: string[] = [];
  setEncoding() {}
  setRawMode() {
    return this;
  }
  resume() {}
  pause() {}
  ref() {}
  unref() {}
  read(): string | null {
    return this.queue.shift() ?? null;
  }
  press(data: string) {
    this.queue.push(data);
    this.emit("readable");
  }
}

/** A terminal's output of a fixed size that keeps what was written. */
class FakeTtyOut extends EventEmitter {
  columns = 80;
  rows = 24;
  isTTY: boolean;
  written = "";
  constructor(isTTY: boolean) {
    super();
    this.isTTY = isTTY;
  }
  write(chunk: string) {
    this.written += chunk;
    return true;
  }
}

/** Waits until `ok()` holds (a loaded machine may take a while to draw), up to 15 s of 10 ms waits. */
async function until(ok: () => boolean): Promise<void> {
  for (let waited = 0; !ok() && waited < 15_000; waited += 10) await new Promise((r) => setTimeout(r, 10));
}
let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-tui-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("running the terminal inspector", () => {
  it("refuses input that is not a terminal, pointing at the non-interactive mode", async () => {
    const stdin = Object.assign(new FakeTtyIn(), { isTTY: false });
    await expect(runInspector(sampleResult(), { stdin: stdin as never, stdout: new FakeTtyOut(false) as never })).rejects.toThrow(KameraError);
    await expect(runInspector(sampleResult(), { stdin: stdin as never, stdout: new FakeTtyOut(false) as never })).rejects.toThrow(
      /--no-interactive/,
    );
  });

  it("draws the states, resolves when q is pressed, and restores the screen", async () => {
    const stdin = new FakeTtyIn();
    const stdout = new FakeTtyOut(true);
    const done = runInspector(sampleResult(), { stdin: stdin as never, stdout: stdout as never, patchConsole: false });
    await until(() => stripVTControlCharacters(stdout.written).includes("5eed000000000003  converged"));
    expect(stripVTControlCharacters(stdout.written)).toContain("5eed000000000003  converged");
    stdin.press("q");
    await done;
    expect(stdout.written.startsWith("\u001b[?1049h")).toBe(true);
    expect(stdout.written.endsWith("\u001b[?1049l")).toBe(true);
  });

  it("saves a dump that loads back with the same states", async () => {
    const stdin = new FakeTtyIn();
    const stdout = new FakeTtyOut(false);
    // Wide enough for the message with a temporary directory's path.
    stdout.columns = 200;
    const file = join(dir, "from-tui.json");
    const result = sampleResult();
    const done = runInspector(result, { stdin: stdin as never, stdout: stdout as never, dumpPath: file, scenario: { name: "sample" }, patchConsole: false });
    await until(() => stdout.written.includes("converged"));
    stdin.press("s");
    await until(() => stripVTControlCharacters(stdout.written).includes("Save dump to:"));
    stdin.press("\r");
    await until(() => stripVTControlCharacters(stdout.written).includes("saved "));
    expect(stripVTControlCharacters(stdout.written)).toMatch(/saved .*from-tui\.json: 11 states, 12 transitions, 8 object versions/);
    stdin.press("q");
    await done;
    const loaded = await loadDump(file);
    expect(loaded.convergedStates.map((s) => s.id)).toEqual(result.convergedStates.map((s) => s.id));
    expect(loaded.dump.scenario).toEqual({ name: "sample" });
  });

  it("never saves over a file that is there: the dump goes to the next free numbered name, which the message names", async () => {
    const stdin = new FakeTtyIn();
    const stdout = new FakeTtyOut(false);
    stdout.columns = 240;
    const file = join(dir, "kept.dump.json");
    await writeFile(file, "a file the user keeps");
    const done = runInspector(sampleResult(), { stdin: stdin as never, stdout: stdout as never, dumpPath: file, patchConsole: false });
    await until(() => stdout.written.includes("converged"));
    stdin.press("s");
    await until(() => stripVTControlCharacters(stdout.written).includes("Save dump to:"));
    stdin.press("\r");
    await until(() => stripVTControlCharacters(stdout.written).includes("saved "));
    const numbered = join(dir, "kept-2.dump.json");
    expect(stripVTControlCharacters(stdout.written)).toContain(`saved ${numbered} (${file} exists): 11 states`);
    stdin.press("q");
    await done;
    expect(await readFile(file, "utf8")).toBe("a file the user keeps");
    expect((await loadDump(numbered)).convergedStates.length).toBeGreaterThan(0);
  });
});
