import { lstat, mkdtemp, readFile, readdir, rm, symlink, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { buildExploreResult } from "../../src/explore/buildExploreResult.ts";
import { loadDump, saveDump } from "../../src/results/dump.ts";
import type { ExploreResult } from "../../src/explore/exploreResult.ts";
import type { ResultGraph } from "../../src/explore/resultGraph.ts";
import { sampleGraph } from "./sampleGraph.ts";

let dir = "";
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-dump-save-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function sampleResult(complete = true): ExploreResult & { graph: ResultGraph } {
  const graph = sampleGraph(complete);
  const result = buildExploreResult(graph, { complete }) as ExploreResult & { graph: ResultGraph };
  Object.defineProperty(result, "graph", { value: graph, enumerable: false });
  return result;
}

const leftovers = async (): Promise<string[]> => (await readdir(dir)).filter((f) => f.endsWith(".partial"));

describe("saving a dump never loses or corrupts one", () => {
  it("concurrent saves to one path each complete, and the file is one whole dump", async () => {
    const file = join(dir, "concurrent.json");
    const results = [sampleResult(true), sampleResult(false), sampleResult(true), sampleResult(false)];
    await Promise.all(results.map((r, i) => saveDump(r, file, { scenario: { name: `save-${i}` } })));
    const loaded = await loadDump(file);
    expect(String(loaded.dump.scenario.name)).toMatch(/^save-[0-3]$/);
    expect(await leftovers()).toEqual([]);
  });

  it("a symlink planted at the old temp path is never followed: its target stays as it was", async () => {
    const file = join(dir, "planted.json");
    const victim = join(dir, "victim.txt");
    await writeFile(victim, "precious");
    await symlink(victim, `${file}.partial`);
    await saveDump(sampleResult(), file);
    expect(await readFile(victim, "utf8")).toBe("precious");
    expect((await loadDump(file)).convergedStates.length).toBeGreaterThan(0);
    // The planted link was a stale partial: removed (the link, not its target).
    await expect(lstat(`${file}.partial`)).rejects.toThrow(/ENOENT/);
  });

  it("temp files left by saves whose process died are removed by the next save", async () => {
    const file = join(dir, "stale.json");
    // Above the largest pid Linux hands out (2^22): no process runs under it.
    const dead = join(dir, ".stale.json.4194305-0a0b0c.partial");
    const live = join(dir, `.stale.json.${process.pid}-0d0e0f.partial`);
    await writeFile(dead, "half a dump");
    await writeFile(live, "a save in progress");
    await saveDump(sampleResult(), file);
    await expect(lstat(dead)).rejects.toThrow(/ENOENT/);
    expect(await readFile(live, "utf8")).toBe("a save in progress");
    await rm(live);
  });

  it("an abandoned save leaves the target as it was and no temp file", async () => {
    const file = join(dir, "abandoned.json");
    await writeFile(file, "the previous dump");
    const controller = new AbortController();
    controller.abort();
    const attempt = saveDump(sampleResult(), file, { signal: controller.signal });
    await expect(attempt).rejects.toBeInstanceOf(KameraError);
    await expect(attempt).rejects.toThrow(/abandoned; .* is unchanged/);
    expect(await readFile(file, "utf8")).toBe("the previous dump");
    expect(await leftovers()).toEqual([]);
  });
});
