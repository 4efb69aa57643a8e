import type { ExploreResult, ResultState } from "../explore/exploreResult.ts";
import type { CliIO } from "./cliIO.ts";
import type { DisplayMode } from "./displayMode.ts";
import { formatJsonSummary } from "./jsonSummary.ts";
import { formatPlainSummary } from "./plainSummary.ts";
import type { RunSubject, SummarizedResult } from "./summarizedResult.ts";

/** Details some display modes need. */
export interface PresentOptions {
  /** What the result is of: named in summaries and recorded in dumps saved from the inspectors. */
  subject?: RunSubject;
  /** A dump file of this very result, served as is by `web` instead of writing the dump again. */
  dumpFile?: string;
  /** Port of the browser inspector. */
  port?: number;
  /** The terminal inspector's `t` key: writes a regression test of a state and says where. */
  exportTest?: (result: ExploreResult, state: ResultState) => Promise<string>;
}

/**
 * Shows a result in the chosen mode: the JSON or plain summary on stdout, the terminal inspector
 * (resolves when the user quits it), or the browser inspector (resolves when Ctrl-C stops it).
 *
 * @example
 * ```ts
 * await presentResult(result, chooseDisplayMode(flags, io), io, { subject: { name: "trivial" } });
 * ```
 */
export async function presentResult(result: SummarizedResult, mode: DisplayMode, io: CliIO, opts: PresentOptions = {}): Promise<void> {
  const { subject } = opts;
  switch (mode) {
    case "json":
      io.stdout.write(formatJsonSummary(result, subject));
      return;
    case "plain":
      io.stdout.write(formatPlainSummary(result, subject));
      return;
    case "inspector": {
      // Loaded on demand: Ink and React take about as long to load as the rest of the CLI together.
      const { runInspector } = await import("../inspect/tui/index.ts");
      // Only chosen when both are terminals, so they are the process's tty streams.
      await runInspector(result, {
        stdin: io.stdin as NodeJS.ReadStream,
        stdout: io.stdout as NodeJS.WriteStream,
        scenario: subject ? { ...subject } : undefined,
        dumpPath: `${subject?.name ?? "kamera"}.dump.json`,
        ...(opts.exportTest ? { exportTest: opts.exportTest } : {}),
      });
      return;
    }
    case "web": {
      const name = opts.dumpFile ?? `${subject?.name ?? "result"}.dump.json`;
      // The browser inspector brings Vite and an HTTP server: load it only when asked for, so
      // importing kamera (and bundling it into a page) does not pull them in.
      const { serveInBrowser, temporaryDumpFile } = await import("./browserInspector.ts");
      if (opts.dumpFile !== undefined) {
        await serveInBrowser({ name, file: opts.dumpFile }, io, opts.port);
        return;
      }
      // Through a file, never one string: a large result's dump is longer than a string can be.
      const temporary = await temporaryDumpFile(result, subject);
      try {
        await serveInBrowser({ name, file: temporary.file }, io, opts.port);
      } finally {
        await temporary.remove();
      }
      return;
    }
  }
}
