import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { buildExploreResult } from "../../src/explore/buildExploreResult.ts";
import { loadDump, saveDump } from "../../src/results/dump.ts";
import type { ExploreResult, ResultState } from "../../src/explore/exploreResult.ts";
import { pathSignature } from "../../src/explore/pathSignature.ts";
import type { ResultGraph } from "../../src/explore/resultGraph.ts";
import { bundledScenarios } from "../../examples/index.ts";
import { sampleGraph, sampleStateId } from "./sampleGraph.ts";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-dump-test-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const stats = {
  statesVisited: 11,
  uniqueStates: 11,
  transitions: 12,
  reconcilesExecuted: 12,
  reconcilesReplayed: 3,
  maxDepth: 4,
  durationMs: 3,
  statesPerSecond: 3666,
  frontierSize: 0,
  collisionProbability: 3.3e-18,
  convergedCount: 2,
  abortedCount: 2,
  engine: "reference",
};

/** What an exploration of the sample graph would return: the result with its graph attached. */
function sampleResult(complete = true): ExploreResult & { graph: ResultGraph } {
  const graph = sampleGraph(complete);
  const result = buildExploreResult(graph, { stats, complete }) as ExploreResult & { graph: ResultGraph };
  Object.defineProperty(result, "graph", { value: graph, enumerable: false });
  return result;
}

/** Everything a ResultState says, with paths forced. */
function view(s: ResultState) {
  return {
    id: s.id,
    reason: s.reason,
    error: s.error,
    failedReconcile: s.failedReconcile,
    objects: s.objects,
    pending: s.pending,
    pathCount: s.pathCount,
    pathCountInfinite: s.pathCountInfinite,
    paths: s.paths,
    signatures: s.paths.map(pathSignature),
    pathsTruncated: s.pathsTruncated,
    cycle: s.cycle,
  };
}

function viewResult(r: ExploreResult) {
  return {
    converged: r.convergedStates.map(view),
    aborted: r.abortedStates.map(view),
    nonConverging: r.nonConverging.map(view),
    violations: r.violations.map((v) => ({ ...v, path: v.path })),
    stats: r.stats,
    complete: r.complete,
  };
}

async function problemOf(run: () => Promise<unknown>): Promise<string> {
  try {
    await run();
  } catch (e) {
    expect(e).toBeInstanceOf(KameraError);
    return (e as Error).message;
  }
  throw new Error("expected a KameraError");
}

describe("saving and loading dumps", () => {
  it("round-trips the same states, paths, path counts, violations and stats", async () => {
    const original = sampleResult();
    const file = join(dir, "round.json");
    await saveDump(original, file, { scenario: { name: "sample" } });
    const loaded = await loadDump(file);
    expect(viewResult(loaded)).toEqual(viewResult(original));
    // The sample has two converged worlds, an error, a violation and a livelock.
    expect(loaded.convergedStates.map((s) => [s.id, s.pathCount])).toEqual([
      [sampleStateId(3), 2n],
      [sampleStateId(10), 2n],
    ]);
    expect(loaded.abortedStates.map((s) => s.reason)).toEqual(["error", "invariant"]);
    expect(loaded.nonConverging.map((s) => s.id)).toEqual([sampleStateId(5)]);
    expect(loaded.violations[0]!.path.map((s) => s.reconcilerId)).toEqual(["FooController", "FooController", "FooController"]);
    expect(loaded.dump).toMatchObject({ path: file, scenario: { name: "sample" } });
    expect(loaded.dump.createdBy).toMatch(/^kamera .*\(engine reference\)$/);
  });

  it.each(bundledScenarios.map((s) => [s.name, s] as const))("round-trips the real exploration of the %s scenario", async (name, scenario) => {
    const { builder, initial, options } = scenario.build();
    // A dump holds the explored graph: counterexamples shortened through states outside it are not in it (see counterexampleShortening.test.ts).
    const explored = await builder.build().explore(initial, { ...options, shortenCounterexamples: false });
    const file = join(dir, `${name}.json`);
    await saveDump(explored, file, { scenario: { name } });
    const loaded = await loadDump(file);
    expect(viewResult(loaded)).toEqual(viewResult(explored));
    expect(loaded.graph.stateCount()).toBe(explored.graph.stateCount());
    expect(loaded.graph.edgeCount()).toBe(explored.graph.edgeCount());
  });

  it("keeps a partial search partial: unexpanded states come back as limit states", async () => {
    const file = join(dir, "partial.json");
    await saveDump(sampleResult(false), file);
    const loaded = await loadDump(file);
    expect(loaded.complete).toBe(false);
    expect(loaded.abortedStates.map((s) => [s.id, s.reason])).toContainEqual([sampleStateId(8), "limit"]);
    expect(viewResult(loaded)).toEqual(viewResult(sampleResult(false)));
  });

  it("saves a loaded dump again byte for byte, keeping its scenario", async () => {
    const first = join(dir, "first.json");
    const second = join(dir, "second.json");
    await saveDump(sampleResult(), first, { scenario: { name: "sample" } });
    await saveDump(await loadDump(first), second);
    expect(await readFile(second, "utf8")).toBe(await readFile(first, "utf8"));
  });

  it("recomputes path counts rather than trusting stored ones, with the requested path cap", async () => {
    const file = join(dir, "capped.json");
    await saveDump(sampleResult(), file);
    const text = await readFile(file, "utf8");
    expect(text).not.toMatch(/pathCount|"paths"/);
    const capped = await loadDump(file, { pathCap: 1 });
    const a = capped.convergedStates[0]!;
    expect(a.paths).toHaveLength(1);
    expect(a.pathsTruncated).toBe(true);
  });

  it("refuses a result that carries no graph, saying which results do", async () => {
    const { graph: _graph, ...withoutGraph } = sampleResult();
    expect(await problemOf(() => saveDump(withoutGraph as ExploreResult, join(dir, "x.json")))).toMatch(
      /needs the explored graph.*explorer\.explore\(\) or loadDump\(\)/,
    );
  });

  it("reports a save into a missing folder and leaves no partial file", async () => {
    const file = join(dir, "missing", "x.json");
    expect(await problemOf(() => saveDump(sampleResult(), file))).toMatch(/^cannot save dump to .*x\.json: ENOENT/);
    expect((await readdir(dir)).filter((f) => f.endsWith(".partial"))).toEqual([]);
  });

  it("reports a missing file by name", async () => {
    const file = join(dir, "nothing-here.json");
    expect(await problemOf(() => loadDump(file))).toBe(`cannot load dump ${file}: no such file`);
  });

  it("reports a truncated file, a wrong version and a foreign file with clear messages", async () => {
    const good = join(dir, "good.json");
    await saveDump(sampleResult(), good);
    const text = await readFile(good, "utf8");

    const truncated = join(dir, "truncated.json");
    await writeFile(truncated, text.slice(0, Math.floor(text.length * 0.6)));
    expect(await problemOf(() => loadDump(truncated))).toMatch(new RegExp(`^cannot load dump ${truncated}: the file is truncated`));

    const future = join(dir, "future.json");
    await writeFile(future, text.replace('"version":2', '"version":7'));
    expect(await problemOf(() => loadDump(future))).toBe(
      `cannot load dump ${future}: dump version 7 was written by a newer kamera; this build reads versions 1 and 2`,
    );

    const foreign = join(dir, "package.json");
    await writeFile(foreign, JSON.stringify({ name: "not-a-dump", version: "1.0.0" }));
    expect(await problemOf(() => loadDump(foreign))).toMatch(/not a kamera dump \(no "format" field/);

    const corrupt = join(dir, "corrupt.json");
    await writeFile(corrupt, text.replace('"states":[', '"states":[[,'));
    expect(await problemOf(() => loadDump(corrupt))).toMatch(/the file is not valid JSON at line \d+, column 12: expected a value, found ","/);
  });
});
