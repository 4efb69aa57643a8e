import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../../src/cli/jsonSummary.ts";
import { runCli } from "../../../src/cli/runCli.ts";
import { bundledScenarioModules, registerScenarioModule } from "../../../src/scenarioRegistry.ts";
import { capturedIO } from "../capturedIO.ts";

const root = resolve(import.meta.dirname, "../../..");

// By module URL, as the kamera executable registers them: a scenario registered only in this
// thread cannot be loaded by a worker thread, and its run would quietly stay in-process.
registerScenarioModule(pathToFileURL(join(root, "examples", "index.ts")).href);

let dir = "";
beforeAll(async () => {
  expect(bundledScenarioModules().length).toBeGreaterThan(0);
  dir = await mkdtemp(join(tmpdir(), "kamera-isolated-same-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Runs `kamera explore` on a bundled example and returns its JSON summary and its dump (the whole graph), parsed. */
async function explore(example: string, extra: string[]): Promise<{ code: number; summary: JsonSummary; dump: unknown }> {
  const file = join(dir, `${example}${extra.join("")}.dump.json`);
  const io = capturedIO();
  const code = await runCli(["explore", example, "--no-interactive", "--json", "--dump-output", file, ...extra], io, root);
  return { code, summary: JSON.parse(io.out()) as JsonSummary, dump: JSON.parse(await readFile(file, "utf8")) };
}

/** Clock readings (and the dump's checksum, which covers them) differ from run to run; everything else must not. */
function withoutClock(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutClock);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (key === "durationMs" || key === "statesPerSecond" || key === "checksum") continue;
    out[key] = withoutClock(v);
  }
  return out;
}

// The graph crosses from the worker thread packed (object versions, pending reconciles and step
// records sent once and referred to by number): what arrives must be the graph explored, to the
// last state, step, edge and effect, in the same order (examples with replayed reconciles, a
// livelock, an invariant violation).
describe("an isolated run gives exactly the result of an in-process run", () => {
  for (const example of ["ownership-race", "livelock", "mode-flip", "duplicate-invariant", "config-mirror"]) {
    it(`${example}: the same summary and the same dump, state for state and step for step`, async () => {
      const isolated = await explore(example, []);
      const inProcess = await explore(example, ["--no-isolate"]);
      expect(isolated.code).toBe(inProcess.code);
      expect(withoutClock(isolated.summary)).toEqual(withoutClock(inProcess.summary));
      expect(JSON.stringify(withoutClock(isolated.dump))).toBe(JSON.stringify(withoutClock(inProcess.dump)));
    });
  }
});
