import { render } from "ink";
import { KameraError } from "../../kameraError.ts";
import type { InspectedTrace } from "../model/inspectedTrace.ts";
import type { TracePlace } from "../model/tracePlace.ts";
import { TraceInspector } from "./traceInspector.tsx";

/**
 * Opens the terminal trace inspector and resolves when the user quits. Input must be a terminal.
 * Load this module with `importInteractively` (Ink must not see CI variables when it loads).
 */
export async function runTraceInspector(trace: InspectedTrace, start: TracePlace, io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }): Promise<void> {
  if (!io.stdin.isTTY) throw new KameraError("the trace inspector needs an interactive terminal; run with --no-interactive (or --json) for printed lenses, or --web for the browser");
  const app = render(<TraceInspector trace={trace} start={start} />, { stdin: io.stdin, stdout: io.stdout, exitOnCtrlC: false });
  await app.waitUntilExit();
}
