import { randomBytes } from "node:crypto";
import { once } from "node:events";
import { createWriteStream, type WriteStream } from "node:fs";
import { open, readdir, rename, rm } from "node:fs/promises";
import { finished } from "node:stream/promises";
import { basename, dirname, join } from "node:path";
import { KameraError } from "../kameraError.ts";
import { buildExploreResult } from "../explore/buildExploreResult.ts";
import type { DumpScenario } from "./dumpFormat.ts";
import { readDumpFile } from "./dumpFileReader.ts";
import { applyDumpCounterexamples } from "./dumpCounterexamples.ts";
import type { OutcomeStopReason } from "../explore/explorer.ts";
import { resultDumpOptions, writeDump, type DumpedResult, type DumpSummary } from "./dumpWriter.ts";
import type { ExploreResult } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";

export { writeDump, type DumpSink, type DumpSummary, type WriteDumpOptions } from "./dumpWriter.ts";

/** What `saveDump` records besides the result. */
export interface DumpMeta {
  /** What was explored (scenario name, description, options). */
  scenario?: DumpScenario;
  /** Overrides the build stamp. */
  createdBy?: string;
  /** Abandons the save when aborted: the temp file is removed, the target left as it was, and `saveDump` rejects. */
  signal?: AbortSignal;
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

/**
 * A result read back from a dump: the same states, paths and path counts, counterexamples with
 * the same paths and `shortest` claims, the same warnings, and for a partial search the same stop
 * reason, with its graph.
 */
export interface LoadedDump extends ExploreResult {
  /** For a partial search: why it stopped, as the saved result said (absent in dumps written before it was recorded). */
  stopReason?: OutcomeStopReason;
  /** For a search stopped by the watchdog: what did not return. */
  stopDetail?: string;
  /** The saved result's warnings (empty for dumps written before they were recorded). */
  warnings: string[];
  /** The explored graph (not enumerable, like an exploration's). */
  readonly graph: ResultGraph;
  /** The file and what it says about itself (not enumerable). */
  readonly dump: DumpOrigin;
}

/**
 * Writes an exploration's result to `path` as a versioned dump (README.md, "Dumps"), streaming so
 * large graphs never become one string. The file appears only once complete: the dump goes to a
 * temp file of its own beside `path` (created exclusively, so concurrent saves to one path never
 * share one and a planted symlink is never followed), is synced to disk, then renamed over
 * `path`. An interrupted save never leaves a truncated dump under the final name, and temp files
 * of saves whose process died are removed by the next save.
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
  result: DumpedResult & { graph?: ResultGraph },
  path: string,
  meta: DumpMeta = {},
): Promise<DumpSummary> {
  const signal = meta.signal;
  const graph = result.graph;
  if (!graph) {
    throw new KameraError(
      "saveDump needs the explored graph, which this result does not carry: save the result of explorer.explore() or loadDump()",
    );
  }
  if (typeof path !== "string" || path === "") throw new KameraError(`saveDump needs a file path, got ${JSON.stringify(path)}`);
  const dir = dirname(path);
  await removeStalePartials(dir, basename(path));
  const { out, partial } = await createPartial(dir, basename(path));
  let abandon: (() => void) | undefined;
  try {
    const abandoned = new Promise<never>((_, reject) => {
      abandon = () => reject(new KameraError(`saving the dump to ${path} was abandoned; ${path} is unchanged`));
      if (signal?.aborted) abandon();
      else signal?.addEventListener("abort", abandon, { once: true });
    });
    abandoned.catch(() => undefined);
    const writing = (async () => {
      const summary = await writeDump(graph, out, {
        scenario: meta.scenario ?? (result as Partial<LoadedDump>).dump?.scenario,
        createdBy: meta.createdBy,
        ...resultDumpOptions(result),
      });
      out.end();
      // The stream syncs the file before closing it (`flush`): on disk before it gets the final
      // name, so a crash after the rename never leaves an empty or torn dump.
      await finished(out);
      return summary;
    })();
    // Once abandoned, the write's own failure (its stream destroyed) is expected and not reported.
    writing.catch(() => undefined);
    const summary = await Promise.race([writing, abandoned]);
    await rename(partial, path);
    await syncDirectory(dir);
    return summary;
  } catch (e) {
    out.destroy();
    await rm(partial, { force: true });
    const err = e as NodeJS.ErrnoException;
    if (err.code && err.syscall) throw new KameraError(`cannot save dump to ${path}: ${err.message}`);
    throw e;
  } finally {
    if (abandon) signal?.removeEventListener("abort", abandon);
  }
}

/** Temp files are `.<name>.<pid>-<random>.partial` beside the target: same file system, so the rename is atomic. */
const PARTIAL = /^\.(.+)\.(\d+)-[0-9a-f]+\.partial$/;

/**
 * Creates a fresh temp file for one save, exclusively (`wx`): two saves to one path never share
 * a file, and a file or symlink already at the name (planted or left over) is never opened or
 * followed — another name is drawn instead.
 */
async function createPartial(dir: string, name: string): Promise<{ out: WriteStream; partial: string }> {
  for (let attempt = 0; ; attempt++) {
    const partial = join(dir, `.${name}.${process.pid}-${randomBytes(6).toString("hex")}.partial`);
    const out = createWriteStream(partial, { flags: "wx", mode: 0o644, encoding: "utf8", flush: true });
    try {
      await once(out, "open");
      return { out, partial };
    } catch (e) {
      out.destroy();
      if ((e as NodeJS.ErrnoException).code !== "EEXIST" || attempt >= 8) {
        const err = e as NodeJS.ErrnoException;
        throw new KameraError(`cannot save dump to ${join(dir, name)}: ${err.message}`);
      }
    }
  }
}

/**
 * Removes what interrupted saves to `name` left behind: temp files of processes that no longer
 * run, and the single `<name>.partial` older versions used. A temp file of a save still in
 * progress (its process is alive) is left alone. Removing a symlink removes the link, never its
 * target.
 */
async function removeStalePartials(dir: string, name: string): Promise<void> {
  const entries = await readdir(dir).catch(() => [] as string[]);
  for (const entry of entries) {
    const m = PARTIAL.exec(entry);
    const stale = entry === `${name}.partial` || (m !== null && m[1] === name && !isRunning(Number(m[2])));
    if (stale) await rm(join(dir, entry), { force: true }).catch(() => undefined);
  }
}

function isRunning(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Makes the rename itself durable. Some file systems cannot sync a directory; the save stands regardless. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r").catch(() => undefined);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

/**
 * Reads a dump written by `saveDump` and rebuilds the result: states, paths and path counts are
 * recomputed from the stored graph; counterexamples the saved result gave other paths (the full
 * graph's shortest, under a reduction) get those back, with their `shortest` claims; its warnings
 * come back as they were. The file is read element by element, so dumps larger than
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
  applyDumpCounterexamples(result, decoded.counterexamples, path);
  if (decoded.stopReason !== undefined) result.stopReason = decoded.stopReason;
  if (decoded.stopDetail !== undefined) result.stopDetail = decoded.stopDetail;
  result.warnings = decoded.warnings;
  Object.defineProperty(result, "graph", { value: decoded.graph, enumerable: false });
  Object.defineProperty(result, "dump", {
    value: { path, createdBy: decoded.createdBy, scenario: decoded.scenario } satisfies DumpOrigin,
    enumerable: false,
  });
  return result;
}
