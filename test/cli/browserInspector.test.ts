import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dumpText } from "../../src/cli/browserInspector.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";
// Registers the bundled examples, as bin/kamera.js does: the runs below name one.
import "../../examples/index.ts";
import { capturedIO, type CapturedIO } from "./capturedIO.ts";

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-web-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function waitForUrl(io: CapturedIO, done: Promise<number>): Promise<string> {
  let exited: number | undefined;
  void done.then((code) => (exited = code));
  for (;;) {
    const m = /at (http:\/\/127\.0\.0\.1:\d+\/) \(Ctrl-C stops it\)/.exec(io.out());
    if (m) return m[1]!;
    if (exited !== undefined) throw new Error(`kamera ended (${exited}) before serving:\n${io.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The URL of the result the served page is told to open. */
async function resultUrl(base: string): Promise<string> {
  const page = await (await fetch(base)).text();
  const m = /<meta name="kamera-results" content="([^"]+)"/.exec(page);
  if (!m) throw new Error(`the page names no result:\n${page.slice(0, 500)}`);
  return new URL(m[1]!, base).href;
}

describe("dumpText", () => {
  it("writes an exploration's dump in memory, naming the scenario", async () => {
    const { builder, initial } = trivial.build();
    const result = await builder.build().explore(initial);
    const doc = JSON.parse(await dumpText(result, { name: "trivial" })) as { format: string; version: number; scenario: unknown; states: unknown[] };
    expect(doc).toMatchObject({ format: "kamera-dump", version: 2, scenario: { name: "trivial" } });
    expect(doc.states).toHaveLength(result.stats.uniqueStates);
  });

  it("refuses a result without its graph", async () => {
    const { builder, initial } = trivial.build();
    const { ...plain } = await builder.build().explore(initial);
    await expect(dumpText(plain)).rejects.toThrow(/needs the explored graph/);
  });
});

describe("the browser inspector from the command line", () => {
  it("kamera explore --web serves the result on 127.0.0.1 until Ctrl-C", async () => {
    const io = capturedIO();
    const done = runCli(["explore", "trivial", "--web", "--port", "0"], io, process.cwd());
    const base = await waitForUrl(io, done);
    const served = (await (await fetch(await resultUrl(base))).json()) as { format: string; scenario: { name: string } };
    expect(served).toMatchObject({ format: "kamera-dump", scenario: { name: "trivial" } });
    io.interrupt();
    expect(await done).toBe(0);
    await expect(fetch(base)).rejects.toThrow();
  });

  it("kamera explore --web streams the dump through a temp file, never one string, and removes it afterwards", async () => {
    const served = async () => (await readdir(tmpdir())).filter((d) => d.startsWith("kamera-served-"));
    const before = await served();
    const io = capturedIO();
    const done = runCli(["explore", "trivial", "--web", "--port", "0"], io, process.cwd());
    const base = await waitForUrl(io, done);
    const fresh = (await served()).filter((d) => !before.includes(d));
    expect(fresh).toHaveLength(1);
    expect(await readdir(join(tmpdir(), fresh[0]!))).toEqual(["trivial.dump.json"]);
    expect(((await (await fetch(await resultUrl(base))).json()) as { format: string }).format).toBe("kamera-dump");
    io.interrupt();
    expect(await done).toBe(0);
    expect((await served()).filter((d) => !before.includes(d))).toEqual([]);
  });

  it("kamera serve <dump> serves a dump file as written", async () => {
    const file = join(dir, "trivial.dump.json");
    expect(await runCli(["explore", "trivial", "--no-interactive", "--dump-output", file], capturedIO(), process.cwd())).toBe(0);
    const io = capturedIO();
    const done = runCli(["serve", file, "--port", "0"], io, process.cwd());
    const base = await waitForUrl(io, done);
    const served = (await (await fetch(await resultUrl(base))).json()) as { scenario: { name: string } };
    expect(served.scenario.name).toBe("trivial");
    io.interrupt();
    expect(await done).toBe(0);
  });

  it("kamera serve recognises a dump by its content, whatever its name's case or extension", async () => {
    const file = join(dir, "A.DUMP.JSON");
    expect(await runCli(["explore", "trivial", "--no-interactive", "--dump-output", file], capturedIO(), process.cwd())).toBe(0);
    const io = capturedIO();
    const done = runCli(["serve", file, "--port", "0"], io, process.cwd());
    const base = await waitForUrl(io, done);
    const served = (await (await fetch(await resultUrl(base))).json()) as { format: string };
    expect(served.format).toBe("kamera-dump");
    io.interrupt();
    expect(await done).toBe(0);
  });

  it("kamera serve rejects a file that is not a dump before serving anything", async () => {
    const io = capturedIO();
    const code = await runCli(["serve", "package.json", "--port", "0"], io, process.cwd());
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^error: .*package\.json/);
    expect(io.out()).toBe("");
  });
});
