import { render } from "ink";
import { KameraError } from "../../kameraError.ts";
import { saveDump } from "../../results/dump.ts";
import { unusedPath } from "../../results/unusedPath.ts";
import type { DumpScenario } from "../../results/dumpFormat.ts";
import type { ExploreResult, ResultState } from "../../explore/exploreResult.ts";
import type { ResultGraph } from "../../explore/resultGraph.ts";
import { InspectorApp } from "./inspectorApp.tsx";

/** Options of `runInspector`. */
export interface InspectorOptions {
  /** Input and output streams (default: the process's). Input must be a terminal. */
  stdin?: NodeJS.ReadStream;
  stdout?: NodeJS.WriteStream;
  /** The path the `s` key offers (default "kamera-dump.json"). */
  dumpPath?: string;
  /** Recorded in dumps saved from the inspector. */
  scenario?: DumpScenario;
  /** Draw on the terminal's alternate screen and restore it on exit (default: when stdout is a terminal). */
  alternateScreen?: boolean;
  /** Route `console` output through Ink so stray logging cannot tear the screen (default true). */
  patchConsole?: boolean;
  /** What the `t` key does: write a regression test of a state and say where (see `exportTest`); without it `t` explains it is unavailable. */
  exportTest?: (result: ExploreResult, state: ResultState) => Promise<string>;
}

const ENTER_ALTERNATE_SCREEN = "\u001b[?1049h";
const LEAVE_ALTERNATE_SCREEN = "\u001b[?1049l";

/**
 * Opens the terminal inspector on a result and resolves when the user quits (`q` or Ctrl-C).
 * Browse states → paths → steps → one reconcile's effects with YAML diffs; `s` saves a dump
 * when the result carries its graph (results of `explorer.explore` and `loadDump` do), never over
 * an existing file: to the path typed, else to the first free numbered one (`run.dump.json` taken:
 * `run-2.dump.json`), and says which.
 *
 * @example
 * ```ts
 * const result = await eb.build().explore(initial);
 * await runInspector(result, { scenario: { name: "trivial" } });
 * ```
 */
export async function runInspector(result: ExploreResult & { graph?: ResultGraph }, opts: InspectorOptions = {}): Promise<void> {
  const stdin = opts.stdin ?? process.stdin;
  const stdout = opts.stdout ?? process.stdout;
  if (!stdin.isTTY) {
    throw new KameraError(
      "the terminal inspector needs an interactive terminal, but its input is not one; run with --no-interactive (or --json) for a printed summary",
    );
  }
  const alternate = opts.alternateScreen ?? stdout.isTTY === true;
  // Never over a file that is there (an earlier dump, one this inspector reads): the next free name, said.
  const save = async (path: string): Promise<string> => {
    const target = (await unusedPath(path)).path;
    const summary = await saveDump(result, target, { scenario: opts.scenario });
    return `saved ${target}${target === path ? "" : ` (${path} exists)`}: ${summary.states} states, ${summary.edges} transitions, ${summary.objects} object versions`;
  };
  if (alternate) stdout.write(ENTER_ALTERNATE_SCREEN);
  try {
    const exportTest = opts.exportTest;
    const exportState = exportTest ? (state: ResultState) => exportTest(result, state) : undefined;
    const app = render(<InspectorApp result={result} dumpPath={opts.dumpPath} save={save} exportTest={exportState} />, {
      stdin,
      stdout,
      exitOnCtrlC: true,
      patchConsole: opts.patchConsole ?? true,
      incrementalRendering: false,
    });
    await app.waitUntilExit();
  } finally {
    if (alternate) stdout.write(LEAVE_ALTERNATE_SCREEN);
  }
}
