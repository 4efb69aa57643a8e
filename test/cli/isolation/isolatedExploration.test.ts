import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../../src/cli/jsonSummary.ts";
import { runCli } from "../../../src/cli/runCli.ts";
import { loadDump } from "../../../src/results/dump.ts";
import { capturedIO } from "../capturedIO.ts";

const root = resolve(import.meta.dirname, "../../..");
const fixture = (name: string) => `test/cli/fixtures/runaway/${name}.ts`;

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-isolated-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `kamera explore` in-process (the exploration itself goes to a worker thread) and parses its JSON summary. */
async function explore(args: string[]): Promise<{ code: number; summary: JsonSummary; err: string }> {
  const io = capturedIO();
  const code = await runCli(["explore", ...args, "--no-interactive", "--json"], io, root);
  return { code, summary: JSON.parse(io.out()) as JsonSummary, err: io.err() };
}

// The budgets are generous: only the code that never returns may run into them, however loaded
// the machine. Nothing below depends on how fast anything runs.
const BUDGET = ["--reconcile-timeout", "2000"];

describe("an isolated run (kamera explore) stops code that never returns", () => {
  it("a reconciler spinning in a synchronous loop is stopped and named; the states found before it are the result", async () => {
    const { code, summary, err } = await explore([fixture("spinningReconciler"), ...BUDGET]);
    expect(summary.complete).toBe(false);
    expect(summary.stopReason).toBe("runaway");
    expect(summary.stopDetail).toMatch(
      /^reconciler "Spinner" did not return within 4 s \(state [0-9a-f]{16}, request default\/counter; reconcileTimeoutMs is 2 s\): its worker thread was stopped$/,
    );
    expect(err).toContain(`Stopped: ${summary.stopDetail}`);
    // Counter ran at counts 0 and 1 before Spinner saw 2.
    expect(summary.stats.uniqueStates).toBeGreaterThanOrEqual(3);
    expect(code).toBe(3);
    expect(err).toContain("Failed: found a reconciler or invariant that did not return");
  });

  it("a reconciler looping on microtasks (for (;;) await Promise.resolve()) is stopped the same way", async () => {
    const { summary } = await explore([fixture("microtaskReconciler"), ...BUDGET]);
    expect(summary.stopReason).toBe("runaway");
    expect(summary.stopDetail).toMatch(/^reconciler "Spinner" did not return within 4 s \(state [0-9a-f]{16}, request default\/counter; /);
    expect(summary.stats.uniqueStates).toBeGreaterThanOrEqual(3);
  });

  it("a looping invariant is stopped and named with the state it was checking", async () => {
    const { code, summary } = await explore([fixture("loopingInvariant"), ...BUDGET]);
    expect(summary.stopReason).toBe("runaway");
    expect(summary.stopDetail).toMatch(/^invariant "count is sane" did not return within 4 s \(state [0-9a-f]{16}; reconcileTimeoutMs is 2 s\)/);
    expect(summary.stats.uniqueStates).toBeGreaterThanOrEqual(2);
    expect(code).toBe(3);
  });

  it("the partial result of a stopped run is saved as a dump that loads, with the state cut short not expanded", async () => {
    const file = join(dir, "spin.dump.json");
    const { summary } = await explore([fixture("spinningReconciler"), ...BUDGET, "--dump-output", file]);
    const loaded = await loadDump(file);
    expect(loaded.complete).toBe(false);
    expect(loaded.stats.uniqueStates).toBe(summary.stats.uniqueStates);
    const cutShort = summary.stopDetail!.match(/state ([0-9a-f]{16})/)![1]!;
    const graph = loaded.graph;
    const index = Array.from({ length: graph.stateCount() }, (_, s) => s).find((s) => graph.stateId(s) === cutShort)!;
    expect(graph.outcome(index).kind).toBe("unexpanded");
  });

  it("a run that ends normally gives the same result isolated as in-process", async () => {
    const isolated = await explore(["test/cli/fixtures/namedScenario.ts"]);
    const inProcess = await explore(["test/cli/fixtures/namedScenario.ts", "--no-isolate"]);
    const comparable = (s: JsonSummary) => ({ ...s, stats: { ...s.stats, durationMs: 0, statesPerSecond: 0 } });
    expect(isolated.code).toBe(0);
    expect(comparable(isolated.summary)).toEqual(comparable(inProcess.summary));
    expect(isolated.summary.complete).toBe(true);
  });

  it("a scenario module that does not load is the same clear error as without isolation", async () => {
    const io = capturedIO();
    const code = await runCli(["explore", "test/cli/fixtures/brokenModule.ts", "--no-interactive"], io, root);
    expect(code).toBe(1);
    expect(io.err()).toMatch(/^error: could not load test\/cli\/fixtures\/brokenModule\.ts/);
  });
});

describe("Ctrl-C during a reconciler that never returns", () => {
  it("ends the kamera process with the partial result printed and saved, and exit status 130", async () => {
    const file = join(dir, "interrupted.dump.json");
    // A budget far beyond the test: only Ctrl-C can end this run.
    const args = ["explore", fixture("spinningReconciler"), "--no-interactive", "--reconcile-timeout", "600000", "--dump-output", file];
    const child = spawn(process.execPath, [join(root, "bin", "kamera.js"), ...args], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    let pressed = false;
    child.stdout.on("data", (c: Buffer) => (out += c.toString("utf8")));
    child.stderr.on("data", (c: Buffer) => {
      err += c.toString("utf8");
      if (!pressed && err.includes("Spinner: looping")) {
        pressed = true;
        child.kill("SIGINT");
      }
    });
    const code = await new Promise<number | null>((done) => child.on("close", (c) => done(c)));
    expect(pressed).toBe(true);
    expect(err).toMatch(/Stopped: stopped while reconciler "Spinner" was running \(state [0-9a-f]{16}, request default\/counter\); it did not return within 2 s/);
    expect(err).toContain(`Dump written to ${file}`);
    expect(out).toMatch(/^Exploration of runaway-spin: interrupted: partial results$/m);
    expect(code).toBe(130);
    const loaded = await loadDump(file);
    expect(loaded.complete).toBe(false);
    expect(loaded.stats.uniqueStates).toBeGreaterThanOrEqual(3);
  });
});
