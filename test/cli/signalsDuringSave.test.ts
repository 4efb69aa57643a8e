import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { processIO } from "../../src/cli/cliIO.ts";
import { Runner } from "../../src/cli/runner.ts";
import { loadDump } from "../../src/results/dump.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";
import { capturedIO, ExitCalled, type CapturedIO } from "./capturedIO.ts";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-signals-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Presses Ctrl-C `times` times as soon as the save subscribes (the second subscriber: the search is the first). */
function pressDuringSave(io: CapturedIO, times: number): void {
  const subscribe = io.onInterrupt.bind(io);
  let subscriptions = 0;
  io.onInterrupt = (listener) => {
    const off = subscribe(listener);
    if (++subscriptions === 2) for (let i = 0; i < times; i++) listener();
    return off;
  };
}

describe("signals while the dump is saved", () => {
  it("one Ctrl-C during the save lets it finish: the dump is whole", async () => {
    const file = join(dir, "finished.json");
    const io = capturedIO();
    pressDuringSave(io, 1);
    const { builder, initial } = trivial.build();
    await new Runner(builder, io).run(initial, { argv: ["--dump-output", file] });
    expect(io.err()).toContain(`Finishing the dump ${file} (Ctrl-C again abandons it)`);
    expect((await loadDump(file)).convergedStates.length).toBeGreaterThan(0);
  });

  it("a second Ctrl-C abandons the save cleanly: the old file stays, no temp file, exit 130", async () => {
    const file = join(dir, "abandoned.json");
    await writeFile(file, "the previous dump");
    const io = capturedIO();
    pressDuringSave(io, 2);
    const { builder, initial } = trivial.build();
    await expect(new Runner(builder, io).run(initial, { argv: ["--dump-output", file] })).rejects.toEqual(new ExitCalled(130));
    expect(io.err()).toMatch(/Dump not written: saving the dump to .* was abandoned/);
    expect(await readFile(file, "utf8")).toBe("the previous dump");
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("SIGTERM and SIGHUP reach the CLI like Ctrl-C, instead of ending the process mid-write", () => {
    for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
      let heard = 0;
      const off = processIO().onInterrupt(() => heard++);
      process.emit(signal);
      off();
      process.emit("SIGWINCH");
      expect(heard, signal).toBe(1);
      expect(process.listenerCount(signal)).toBe(0);
    }
  });
});
