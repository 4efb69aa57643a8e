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
import { scenario as duplicateInvariant } from "../../examples/duplicate-invariant/scenario.ts";
import { scenario as livelock } from "../../examples/livelock/scenario.ts";
import { DumpChecksum } from "../../src/results/dumpChecksum.ts";
import { DUMP_SECTIONS } from "../../src/results/dumpDecoder.ts";
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
    shortest: s.shortest,
  };
}

function viewResult(r: ExploreResult) {
  return {
    converged: r.convergedStates.map(view),
    aborted: r.abortedStates.map(view),
    nonConverging: r.nonConverging.map(view),
    keepsFailing: r.keepsFailing.map(view),
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
    const explored = await builder.build().explore(initial, options);
    const file = join(dir, `${name}.json`);
    await saveDump(explored, file, { scenario: { name } });
    const loaded = await loadDump(file);
    expect(viewResult(loaded)).toEqual(viewResult(explored));
    expect(loaded.graph.stateCount()).toBe(explored.graph.stateCount());
    expect(loaded.graph.edgeCount()).toBe(explored.graph.edgeCount());
  });

  it("gives back the counterexamples a reduced search shortened: duplicate-invariant's 2-step violation, not the reduced graph's 3 steps, with its claim and its cost", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const live = await builder.build().explore(initial, options);
    expect(live.violations[0]!.path).toHaveLength(2);
    expect(live.violations[0]!.shortest).toBe(true);
    // The reduced graph alone gives a longer path: what a dump without the shortened paths reopened with.
    expect(buildExploreResult(live.graph, { stats: live.stats }).violations[0]!.path).toHaveLength(3);
    const file = join(dir, "shortened.json");
    await saveDump(live, file);
    const loaded = await loadDump(file);
    expect(loaded.violations.map((v) => ({ ...v, path: v.path }))).toEqual(live.violations.map((v) => ({ ...v, path: v.path })));
    expect(loaded.stats.shortening).toEqual(live.stats.shortening);
    expect(loaded.stats).toEqual(live.stats);
  });

  it("gives back a livelock's shortened path and cycle with their claim", async () => {
    const { builder, initial, options } = livelock.build();
    const live = await builder.build().explore(initial, options);
    expect(live.nonConverging.some((s) => s.shortest !== undefined)).toBe(true);
    const file = join(dir, "livelock.json");
    await saveDump(live, file);
    const loaded = await loadDump(file);
    expect(loaded.nonConverging.map(view)).toEqual(live.nonConverging.map(view));
    expect(loaded.stats.shortening).toEqual(live.stats.shortening);
  });

  it("loads a dump written before counterexamples were stored as before: the graph's paths, no claim of shortest", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const live = await builder.build().explore(initial, options);
    const file = join(dir, "before.json");
    await saveDump(live, file);
    const doc = JSON.parse(await readFile(file, "utf8"));
    delete doc.counterexamples;
    delete doc.counts.counterexamples;
    delete doc.stats.shortening;
    // The checksum as builds before these fields computed it: the header's seven fields, then every element.
    const checksum = new DumpChecksum();
    checksum.update(JSON.stringify([doc.format, doc.version, doc.createdBy, doc.scenario, doc.complete, doc.stats, doc.counts]));
    const sections = DUMP_SECTIONS.filter((section) => doc[section] !== undefined);
    for (const section of sections) for (const e of doc[section]) checksum.update(JSON.stringify(e));
    const { checksum: _, ...header } = doc;
    for (const section of sections) delete header[section];
    // Laid out as the writer lays dumps out, one element per line, so the line reader reads it.
    const text =
      `${JSON.stringify(header).slice(0, -1)},\n` +
      sections.map((section) => `"${section}":[\n${doc[section].map((e: unknown) => JSON.stringify(e)).join(",\n")}\n]`).join(",\n") +
      `,\n"checksum":${JSON.stringify(checksum.digest())}}\n`;
    await writeFile(file, text);
    const loaded = await loadDump(file);
    expect(loaded.violations[0]!.path).toHaveLength(3);
    expect("shortest" in loaded.violations[0]!).toBe(false);
    expect(loaded.stats.shortening).toBeUndefined();
    expect(viewResult(loaded)).toEqual(viewResult(buildExploreResult(live.graph, { stats: loaded.stats })));
    // Read whole (another layout) too.
    await writeFile(file, JSON.stringify(JSON.parse(text), null, 2));
    expect((await loadDump(file)).violations[0]!.path).toHaveLength(3);
  });

  it("reports a damaged stored counterexample, shortening record or stop reason by its field", async () => {
    const { builder, initial, options } = duplicateInvariant.build();
    const file = join(dir, "damaged-counterexample.json");
    await saveDump(await builder.build().explore(initial, options), file);
    const original = await readFile(file, "utf8");
    const edited = join(dir, "edited.json");
    const problem = async (edit: (doc: any) => void): Promise<string> => {
      const doc = JSON.parse(original);
      edit(doc);
      await writeFile(edited, JSON.stringify(doc));
      return (await problemOf(() => loadDump(edited))).replace(`cannot load dump ${edited}: `, "");
    };
    expect(await problem((d) => (d.counterexamples[0].shortest = "yes"))).toBe('counterexamples[0].shortest: expected a boolean, got the string "yes"');
    expect(await problem((d) => (d.counterexamples[0].stateId = "0000000000000000"))).toBe('counterexamples[0].stateId: state "0000000000000000" is not in the dump\'s states');
    expect(await problem((d) => (d.counterexamples[0].invariant = "other"))).toMatch(/^counterexamples\[0\]\.invariant: "other" does not fail at state/);
    expect(await problem((d) => d.counterexamples[0].path.pop())).toMatch(/^counterexamples\[0\]\.path: ends at state "\w+", not at "\w+", the state it is the path to$/);
    expect(await problem((d) => d.counterexamples[0].path.shift())).toMatch(/^counterexamples\[0\]\.path\[0\]\.stateBefore: expected "\w+"/);
    expect(await problem((d) => (d.counterexamples[0].kind = "loop"))).toBe("counterexamples[0].invariant: is not a field of a loop");
    expect(await problem((d) => (d.counterexamples[0].note = 1))).toMatch(/^counterexamples\[0\]\.note: is not a field of the dump format/);
    expect(await problem((d) => (d.counts.counterexamples = 2))).toBe("counts.counterexamples: the header says number 2 but the file holds 1 (damaged or edited file)");
    expect(await problem((d) => delete d.stats.shortening.exhausted)).toBe("stats.shortening.exhausted: expected a boolean, got nothing (the field is missing)");
    expect(await problem((d) => (d.stopReason = "timeout"))).toBe("stopReason: is not a field of a complete dump (complete is true)");
    expect(await problem((d) => Object.assign(d, { complete: false, stopReason: "bored" }))).toBe('stopReason: expected one of signal, timeout, maxStates, walks, runaway, got the string "bored"');
  });

  it("reopens an interrupted search as interrupted, and one the watchdog stopped with what it stopped", async () => {
    const interrupted = Object.assign(sampleResult(false), { stopReason: "signal" as const });
    const file = join(dir, "interrupted.json");
    await saveDump(interrupted, file);
    const loaded = await loadDump(file);
    expect(loaded.stopReason).toBe("signal");
    expect(loaded.stopDetail).toBeUndefined();
    const runaway = Object.assign(sampleResult(false), { stopReason: "runaway" as const, stopDetail: "FooController did not return within 5000 ms" });
    await saveDump(runaway, file);
    expect(await loadDump(file)).toMatchObject({ stopReason: "runaway", stopDetail: "FooController did not return within 5000 ms", complete: false });
    // A dump written before stop reasons were recorded has none: the summary says "stopped early".
    await saveDump(sampleResult(false), file);
    expect((await loadDump(file)).stopReason).toBeUndefined();
  });

  it("keeps the result's warnings, in order, read line by line and whole; a dump without them has none", async () => {
    const warnings = ['trace.jsonl:7: skipped: truncated: the last line ends mid-record', 'the trace\'s controller "foo" is no reconciler of this scenario: what it reconciled is pending again'];
    const file = join(dir, "warned.json");
    await saveDump(Object.assign(sampleResult(), { warnings }), file);
    const text = await readFile(file, "utf8");
    expect(JSON.parse(text).warnings).toEqual(warnings);
    expect((await loadDump(file)).warnings).toEqual(warnings);
    // Another layout is read whole, as the browser inspector reads dumps.
    await writeFile(file, JSON.stringify(JSON.parse(text), null, 2));
    expect((await loadDump(file)).warnings).toEqual(warnings);
    // The checksum covers them: an edited warning is caught.
    await writeFile(file, text.replace("mid-record", "mid-recorD"));
    expect(await problemOf(() => loadDump(file))).toMatch(/checksum: the content does not match the checksum/);
    await writeFile(file, text.replace(JSON.stringify(warnings[0]), "7"));
    expect(await problemOf(() => loadDump(file))).toBe(`cannot load dump ${file}: warnings[0]: expected a string, got number 7`);
    // No warnings: no field, so such a dump is byte for byte what builds before warnings were stored wrote.
    await saveDump(Object.assign(sampleResult(), { warnings: [] }), file);
    const plain = await readFile(file, "utf8");
    expect(plain).not.toContain('"warnings"');
    await saveDump(sampleResult(), join(dir, "unwarned.json"));
    expect(plain).toBe(await readFile(join(dir, "unwarned.json"), "utf8"));
    expect((await loadDump(file)).warnings).toEqual([]);
  });

  it("keeps an exploration's own warnings through a save and load", async () => {
    const { ExplorerBuilder } = await import("../../src/explore/explorerBuilder.ts");
    const eb = new ExplorerBuilder();
    eb.withReconciler("Noop", () => ({ reconcile: async () => ({}) })).for("apps/Deployment");
    // A ConfigMap handed to a reconciler of Deployments: the exploration warns of it.
    const initial = eb.initialState().addTopLevelObject({ apiVersion: "v1", kind: "ConfigMap", metadata: { name: "c", namespace: "default" } }, "Noop").build();
    const explored = await eb.build().explore(initial);
    expect(explored.warnings.length).toBeGreaterThan(0);
    const file = join(dir, "explored-warnings.json");
    await saveDump(explored, file);
    const loaded = await loadDump(file);
    expect(loaded.warnings).toEqual(explored.warnings);
    // Saved again from the loaded result, they stay.
    await saveDump(loaded, join(dir, "explored-warnings-again.json"));
    expect((await loadDump(join(dir, "explored-warnings-again.json"))).warnings).toEqual(explored.warnings);
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
