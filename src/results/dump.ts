import { createWriteStream } from "node:fs";
import { rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { KameraError } from "../kameraError.ts";
import { buildExploreResult } from "../explore/buildExploreResult.ts";
import type { DumpScenario } from "./dumpFormat.ts";
import { readDumpFile } from "./dumpFileReader.ts";
import { writeDump, type DumpSummary } from "./dumpWriter.ts";
import type { ExploreResult } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";

export { writeDump, type DumpSink, type DumpSummary, type WriteDumpOptions } from "./dumpWriter.ts";

/** What `saveDump` records besides the result. */
export interface DumpMeta {
  /** What was explored (scenario name, description, options). */
  scenario?: DumpScenario;
  /** Overrides the build stamp. */
  createdBy?: string;
}

/** Options of `loadDump`. */
export interface LoadDumpOptions {
  /** At most this many unique effectful paths per state (default 100), as for an exploration. */
  pathCap?: number;
}

/** Where a loaded result came from. */
export interface DumpOrigin {
  path: string;
  createdBy: string;
  scenario: DumpScenario;
}

/** A result read back from a dump: the same states, paths and path counts, with its graph. */
export interface LoadedDump extends ExploreResult {
  /** The explored graph (not enumerable, like an exploration's). */
  readonly graph: ResultGraph;
  /** The file and what it says about itself (not enumerable). */
  readonly dump: DumpOrigin;
}

/**
 * Writes an exploration's result to `path` as a versioned dump (see inspector.md), streaming so
 * large graphs never become one string. The file appears only once complete: an interrupted
 * save never leaves a truncated dump under the final name.
 *
 * The result must carry its graph (results of `explorer.explore` and `loadDump` do).
 *
 * @example
 * ```ts
 * const result = await explorer.explore(initial);
 * await saveDump(result, "dump.json", { scenario: { name: "trivial" } });
 * ```
 */
export async function saveDump(
  result: ExploreResult & { graph?: ResultGraph },
  path: string,
  meta: DumpMeta = {},
): Promise<DumpSummary> {
  const graph = result.graph;
  if (!graph) {
    throw new KameraError(
      "saveDump needs the explored graph, which this result does not carry: save the result of explorer.explore() or loadDump()",
    );
  }
  if (typeof path !== "string" || path === "") throw new KameraError(`saveDump needs a file path, got ${JSON.stringify(path)}`);
  const partial = `${path}.partial`;
  const out = createWriteStream(partial, { encoding: "utf8" });
  try {
    const summary = await writeDump(graph, out, {
      scenario: meta.scenario ?? (result as Partial<LoadedDump>).dump?.scenario,
      createdBy: meta.createdBy,
      stats: result.stats,
      complete: result.complete,
    });
    out.end();
    await finished(out);
    await rename(partial, path);
    return summary;
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.syscall) throw new KameraError(`cannot save dump to ${path}: ${err.message}`);
    throw e;
  }
}

/**
 * Reads a dump written by `saveDump` and rebuilds the result: states, paths and path counts are
 * recomputed from the stored graph. The file is read element by element, so dumps larger than
 * the largest string Node can hold load too. A missing, corrupt, truncated or wrong-version file gives a
 * `KameraError` naming the file and what is wrong.
 *
 * @example
 * ```ts
 * const loaded = await loadDump("dump.json");
 * console.log(loaded.convergedStates.map((s) => s.pathCount));
 * ```
 */
export async function loadDump(path: string, opts: LoadDumpOptions = {}): Promise<LoadedDump> {
  const decoded = await readDumpFile(path);
  const result = buildExploreResult(decoded.graph, {
    pathCap: opts.pathCap,
    stats: decoded.stats,
    complete: decoded.complete,
  }) as LoadedDump;
  Object.defineProperty(result, "graph", { value: decoded.graph, enumerable: false });
  Object.defineProperty(result, "dump", {
    value: { path, createdBy: decoded.createdBy, scenario: decoded.scenario } satisfies DumpOrigin,
    enumerable: false,
  });
  return result;
}
