import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { ensureWebApp } from "../inspect/web/server/webAppBuild.ts";
import { startInspectorServer, type ServedResult } from "../inspect/web/server/inspectorServer.ts";
import { KameraError } from "../kameraError.ts";
import { saveDump } from "../results/dump.ts";
import { resultDumpOptions, writeDump, type DumpedResult } from "../results/dumpWriter.ts";
import type { ExploreResult } from "../explore/exploreResult.ts";
import type { ResultGraph } from "../explore/resultGraph.ts";
import type { CliIO } from "./cliIO.ts";
import type { RunSubject } from "./summarizedResult.ts";

/** Port the browser inspector listens on unless `--port` says otherwise (stable, so a bookmark keeps working). */
export const DEFAULT_WEB_PORT = 4280;

/**
 * A result's dump, written to memory: what the page loads when there is no dump file to serve.
 * The result must carry its graph (explorations and loaded dumps do).
 */
export async function dumpText(result: DumpedResult & { graph?: ResultGraph }, subject?: RunSubject): Promise<string> {
  if (!result.graph) throw new KameraError("the browser inspector needs the explored graph, which this result does not carry");
  const chunks: string[] = [];
  const sink = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      chunks.push(typeof chunk === "string" ? chunk : chunk.toString("utf8"));
      done();
    },
  });
  // As saveDump writes it: the page then shows the counterexamples, the stop reason and the warnings the terminal did.
  await writeDump(result.graph, sink, { scenario: subject ? { ...subject } : {}, ...resultDumpOptions(result) });
  sink.end();
  return chunks.join("");
}

/**
 * A result's dump written to a private temp folder, for `--web` without `--dump-output`: the
 * server streams it from there, so no dump is ever held as one string (a result of a few hundred
 * thousand states makes a dump longer than the longest string Node can build). `remove` deletes it.
 */
export async function temporaryDumpFile(
  result: ExploreResult & { graph?: ResultGraph },
  subject?: RunSubject,
): Promise<{ file: string; remove: () => Promise<void> }> {
  if (!result.graph) throw new KameraError("the browser inspector needs the explored graph, which this result does not carry");
  const dir = await mkdtemp(join(tmpdir(), "kamera-served-"));
  const file = join(dir, `${subject?.name ?? "result"}.dump.json`.replace(/[\\/]/g, "_"));
  const remove = () => rm(dir, { recursive: true, force: true });
  try {
    await saveDump(result, file, { scenario: subject ? { ...subject } : {} });
  } catch (e) {
    await remove();
    throw e;
  }
  return { file, remove };
}

/**
 * Serves a result to the browser inspector on 127.0.0.1 (building the page on first use), prints
 * its address, and resolves when Ctrl-C stops the server. `fragment` (`#lens=knowledge`) is added
 * to the printed address: where in the result the page opens.
 *
 * @example
 * ```ts
 * await serveInBrowser({ name: "run.dump.json", file: "run.dump.json" }, processIO(), 4280);
 * ```
 */
export async function serveInBrowser(result: ServedResult, io: CliIO, port = DEFAULT_WEB_PORT, fragment = ""): Promise<void> {
  const appDir = await ensureWebApp({ onBuild: (message) => io.stderr.write(`${message}\n`) });
  const server = await startInspectorServer({ appDir, result, port });
  io.stdout.write(`Browser inspector for ${result.name} at ${server.url}${fragment} (Ctrl-C stops it)\n`);
  await new Promise<void>((resolve) => {
    const unsubscribe = io.onInterrupt(() => {
      unsubscribe();
      resolve();
    });
  });
  await server.close();
}
