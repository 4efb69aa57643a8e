import { describe, expect, test } from "vitest";
import "../../examples/index.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { Runner } from "../../src/cli/runner.ts";
import { registerScenarioLoader } from "../../src/scenarioRegistry.ts";
import { capturedIO } from "./capturedIO.ts";

// As bin/kamera.js does: worker threads import this module to know the bundled examples.
const EXAMPLES = new URL("../../examples/index.ts", import.meta.url).href;
registerScenarioLoader(() => import(EXAMPLES), EXAMPLES);

describe("kamera explore --workers and --nats", () => {
  test("--workers 0 is a usage error", async () => {
    const io = capturedIO();
    expect(await runCli(["explore", "trivial", "--workers", "0", "--no-interactive"], io, process.cwd())).toBe(2);
    expect(io.err()).toMatch(/option '--workers <n>' argument '0' is invalid\. Expected a positive integer\./);
  });

  test("--workers abc is a usage error", async () => {
    const io = capturedIO();
    expect(await runCli(["explore", "trivial", "--workers", "abc", "--no-interactive"], io, process.cwd())).toBe(2);
    expect(io.err()).toMatch(/option '--workers <n>' argument 'abc' is invalid\. Expected a positive integer\./);
  });

  test("--nats with something that is not a NATS URL is a usage error naming the expected form", async () => {
    const io = capturedIO();
    expect(await runCli(["explore", "trivial", "--nats", "localhost:4222", "--no-interactive"], io, process.cwd())).toBe(2);
    expect(io.err()).toMatch(/Expected a NATS server URL such as nats:\/\/127\.0\.0\.1:4222/);
    const io2 = capturedIO();
    expect(await runCli(["worker", "--nats", "http://x"], io2, process.cwd())).toBe(2);
    expect(io2.err()).toMatch(/scheme nats, tls, ws or wss/);
  });

  test("kamera worker needs --nats", async () => {
    const io = capturedIO();
    expect(await runCli(["worker"], io, process.cwd())).toBe(2);
    expect(io.err()).toMatch(/required option '--nats <url>' not specified/);
  });

  test("--workers 2 prints the same JSON summary as one worker without reduction, and notes that the default reduction does not run with workers", async () => {
    const one = capturedIO();
    expect(await runCli(["explore", "mode-flip", "--no-interactive", "--json", "--reduction", "none"], one, process.cwd())).toBe(0);
    const two = capturedIO();
    expect(await runCli(["explore", "mode-flip", "--no-interactive", "--json", "--workers", "2"], two, process.cwd())).toBe(0);
    const strip = (text: string) => {
      const json = JSON.parse(text) as { stats: Record<string, unknown> };
      for (const k of ["durationMs", "statesPerSecond", "reconcilesExecuted", "reconcilesReplayed"]) delete json.stats[k];
      return json;
    };
    expect(strip(two.out())).toEqual(strip(one.out()));
    expect(two.err()).toContain("Note: the partial-order reduction (the default with one worker) does not run with workers: exploring without reduction");
  }, 120_000);

  test("a Runner script given --workers 2 is told that workers need kamera explore <scenario>", async () => {
    const { scenario } = await import("../../examples/trivial/scenario.ts");
    const { builder, initial } = scenario.build();
    const io = capturedIO();
    await expect(new Runner(builder, io).run(initial, { argv: ["--workers", "2", "--no-interactive"] })).rejects.toThrow(
      /--workers and --nats need `kamera explore <example-or-module>`/,
    );
  });
});
