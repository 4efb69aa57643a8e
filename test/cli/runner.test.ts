import { describe, expect, it } from "vitest";
import { exitStatusOf, Runner } from "../../src/cli/runner.ts";
import { UsageError } from "../../src/cli/usageError.ts";
import { KameraError } from "../../src/kameraError.ts";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";
import { scenario as trivial } from "../../examples/trivial/scenario.ts";
import { capturedIO, ExitCalled } from "./capturedIO.ts";
import { wideScenario } from "./fixtures/wideScenario.ts";

describe("Runner", () => {
  it("explores, prints the plain summary without a terminal, and resolves to the result", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    const result = await new Runner(builder, io).run(initial, { argv: [] });
    expect(result.complete).toBe(true);
    expect(result.convergedStates).toHaveLength(1);
    expect(io.out()).toMatch(/^Exploration: complete\n/);
    expect(io.out()).toContain(`  ${result.convergedStates[0]!.id}  `);
  });

  it("reads the shared flags from the command line it is given", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    const result = await new Runner(builder, io).run(initial, { argv: ["--json", "--max-depth", "1"] });
    expect(result.convergedStates).toHaveLength(0);
    const summary = JSON.parse(io.out()) as JsonSummary;
    expect(summary.aborted.map((a) => a.reason)).toContain("max-depth");
  });

  it("runs every reconcile with --no-memoize, and replays by default", async () => {
    const { builder, initial } = wideScenario(2, 2).build();
    const replaying = await new Runner(builder, capturedIO()).run(initial, { argv: [] });
    const { builder: b2, initial: i2 } = wideScenario(2, 2).build();
    const running = await new Runner(b2, capturedIO()).run(i2, { argv: ["--no-memoize"] });
    expect(replaying.stats.reconcilesReplayed).toBeGreaterThan(0);
    expect(running.stats.reconcilesReplayed).toBe(0);
    expect(running.stats.uniqueStates).toBe(replaying.stats.uniqueStates);
  });

  it("lets command-line flags override options given in code", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    const result = await new Runner(builder, io).run(initial, { maxDepth: 1, json: true, argv: ["--max-depth", "50"] });
    expect(result.convergedStates).toHaveLength(1);
    expect(JSON.parse(io.out())).toMatchObject({ complete: true });
  });

  it("names the scenario in the summary when told what it runs", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    await new Runner(builder, io).run(initial, { argv: [], json: true, scenario: { name: "trivial" } });
    expect(JSON.parse(io.out())).toMatchObject({ scenario: { name: "trivial" } });
  });

  it("rejects a bad command line with a UsageError before exploring", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    let explored = false;
    const run = new Runner(builder, io).run(initial, { argv: ["--strategy", "sideways"], onProgress: () => (explored = true) });
    await expect(run).rejects.toBeInstanceOf(UsageError);
    expect(explored).toBe(false);
    expect(io.out()).toBe("");
  });

  it("refuses Runner options of the wrong type with a KameraError before exploring, instead of ignoring them", async () => {
    const { builder, initial } = trivial.build();
    const bad: [Record<string, unknown>, string][] = [
      [{ argv: [], failOn: "max-depth" }, 'failOn must be an array of outcomes (violation, livelock, keeps-failing, aborted, max-depth, error, nondeterministic, incomplete), got "max-depth"'],
      [{ argv: [], failOn: ["bogus"] }, 'failOn takes violation, livelock, keeps-failing, aborted, max-depth, error, nondeterministic, incomplete; unknown: "bogus"'],
      [{ argv: "--max-depth 3" }, 'argv must be an array of strings such as ["--max-depth", "3"], got "--max-depth 3"'],
      [{ argv: [], json: "yes" }, 'json must be true or false, got "yes"'],
      [{ argv: [], web: true, port: 1.5 }, "port must be a TCP port, 0 to 65535 (0 picks a free one), got 1.5"],
      [{ argv: [], dumpOutput: 3 }, "dumpOutput must be a file path, got 3"],
      [{ argv: [], scenario: "trivial" }, 'scenario must be { name: string, description?: string }, got "trivial"'],
      [{ argv: [], warnings: "trace damaged" }, 'warnings must be an array of strings, got "trace damaged"'],
      [{ argv: [], failon: ["max-depth"] }, 'unknown Runner.run option "failon"; did you mean "failOn"?'],
    ];
    for (const [opts, message] of bad) {
      const io = capturedIO();
      let explored = false;
      const run = new Runner(builder, io).run(initial, { ...opts, onProgress: () => (explored = true) } as never);
      await expect(run).rejects.toBeInstanceOf(KameraError);
      await expect(run).rejects.toThrow(message);
      expect(explored).toBe(false);
      expect(io.out()).toBe("");
    }
  });

  it("fails the run on an outcome named in failOn", async () => {
    const { builder, initial } = trivial.build();
    const report = await new Runner(builder, capturedIO()).runAndReport(initial, { argv: [], maxDepth: 1, failOn: ["max-depth"] });
    expect(report.findings).toEqual([expect.stringMatching(/states? cut off at max depth/)]);
  });

  it("warns when a --fail-on outcome cannot fire under the run's options, and not when it can", async () => {
    const { builder, initial } = trivial.build();
    const io = capturedIO();
    await new Runner(builder, io).runAndReport(initial, { argv: ["--fail-on", "error"] });
    expect(io.err()).toContain("Warning: --fail-on error never fires without --abort-on-error");
    const quiet = capturedIO();
    await new Runner(builder, quiet).runAndReport(initial, { argv: ["--fail-on", "error", "--abort-on-error"] });
    expect(quiet.err()).not.toContain("Warning: --fail-on");
  });

  it("prints the flags and exits 0 for --help", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    await expect(new Runner(builder, io).run(initial, { argv: ["--help"] })).rejects.toEqual(new ExitCalled(0));
    expect(io.out()).toContain("--max-depth <n>");
  });

  it("stops the search on Ctrl-C and shows the partial result", async () => {
    const io = capturedIO();
    const { builder, initial } = wideScenario().build();
    let pressed = false;
    const result = await new Runner(builder, io).run(initial, {
      argv: [],
      progressIntervalMs: 0,
      onProgress: () => {
        if (!pressed && io.listenerCount() > 0) {
          pressed = true;
          io.interrupt();
        }
      },
    });
    expect(pressed).toBe(true);
    expect(result).toMatchObject({ complete: false, stopReason: "signal" });
    expect(io.err()).toContain("Interrupted: stopping the search");
    expect(io.out()).toMatch(/^Exploration: interrupted: partial results\n/);
    expect(result.abortedStates.some((s) => s.reason === "limit")).toBe(true);
    expect(io.listenerCount()).toBe(0);
  });

  it("quits at once on a second Ctrl-C", async () => {
    const io = capturedIO();
    const { builder, initial } = wideScenario().build();
    let exitCode: number | undefined;
    await new Runner(builder, io).run(initial, {
      argv: [],
      progressIntervalMs: 0,
      onProgress: () => {
        if (exitCode !== undefined || io.listenerCount() === 0) return;
        io.interrupt();
        try {
          io.interrupt();
        } catch (e) {
          if (e instanceof ExitCalled) exitCode = e.code;
          else throw e;
        }
      },
    });
    expect(exitCode).toBe(130);
  });

  it("shows the result when the dump cannot be saved, then says so and exits 1", async () => {
    const io = capturedIO();
    const { builder, initial } = trivial.build();
    // /proc exists but takes no new files: the target passes the check before exploring, and the save fails.
    const report = await new Runner(builder, io).runAndReport(initial, { argv: ["--dump-output", "/proc/version"] });
    expect(io.out()).toMatch(/^Exploration: complete\n/);
    expect(io.err()).toMatch(/^error: cannot save dump to \/proc\/version: .*the result is shown but was not saved; exit status 1\)\n$/);
    expect(report.dumpNotSaved).toMatch(/^cannot save dump to \/proc\/version/);
    expect(exitStatusOf(report)).toBe(1);
  });

  it("puts the warnings found before the search first among the result's warnings: in --json, the plain summary and the dump, never on stderr", async () => {
    const { mkdtemp, rm } = await import("node:fs/promises");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { loadDump } = await import("../../src/results/dump.ts");
    const dir = await mkdtemp(join(tmpdir(), "kamera-runner-warnings-"));
    try {
      const warnings = ["trace.jsonl:3: skipped: not JSON"];
      const file = join(dir, "run.dump.json");
      const json = capturedIO();
      const { builder, initial } = trivial.build();
      const result = await new Runner(builder, json).run(initial, { argv: ["--json", "--dump-output", file], warnings });
      expect(result.warnings).toEqual(warnings);
      expect((JSON.parse(json.out()) as JsonSummary).warnings).toEqual(warnings);
      expect(json.err()).not.toContain("not JSON");
      expect((await loadDump(file)).warnings).toEqual(warnings);
      const plain = capturedIO();
      const t = trivial.build();
      await new Runner(t.builder, plain).run(t.initial, { argv: [], warnings });
      expect(plain.out()).toContain("\nWarnings: 1\n  trace.jsonl:3: skipped: not JSON\n");
      expect(plain.err()).toBe("");
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("stops when the caller's own signal aborts", async () => {
    const io = capturedIO();
    const { builder, initial } = wideScenario().build();
    const controller = new AbortController();
    const result = await new Runner(builder, io).run(initial, { argv: [], signal: controller.signal, progressIntervalMs: 0, onProgress: () => controller.abort() });
    expect(result).toMatchObject({ complete: false, stopReason: "signal" });
  });

  it("shows progress on stderr when stderr is a terminal, rewriting one line", async () => {
    const io = capturedIO({ stderrTTY: true });
    const { builder, initial } = wideScenario(2, 2).build();
    await new Runner(builder, io).run(initial, { argv: [], progressIntervalMs: 0 });
    expect(io.err()).toMatch(/^\rexploring: /);
    expect(io.err()).toMatch(/\rdone: [\d,]+ states .*\x1b\[K\n$/);
  });

  it("keeps quiet on stderr when it is not a terminal, unless --progress is given", async () => {
    const quiet = capturedIO();
    const { builder, initial } = trivial.build();
    await new Runner(builder, quiet).run(initial, { argv: [] });
    expect(quiet.err()).toBe("");
    const loud = capturedIO();
    const again = trivial.build();
    await new Runner(again.builder, loud).run(again.initial, { argv: ["--progress"] });
    expect(loud.err()).toMatch(/^done: /m);
  });
});
