import { render } from "ink";
import { KameraError } from "../kameraError.ts";
import { TraceViewer, type LensPage } from "./traceViewer.tsx";

/** Opens the terminal trace viewer and resolves when the user quits. Input must be a terminal. */
export async function runTraceViewer(title: string, pages: readonly LensPage[], io: { stdin: NodeJS.ReadStream; stdout: NodeJS.WriteStream }): Promise<void> {
  if (!io.stdin.isTTY) throw new KameraError("the trace viewer needs an interactive terminal; run with --no-interactive (or --json) for printed lenses");
  const app = render(<TraceViewer title={title} pages={pages} rows={io.stdout.rows ?? 24} columns={io.stdout.columns ?? 80} />, {
    stdin: io.stdin,
    stdout: io.stdout,
    exitOnCtrlC: false,
  });
  await app.waitUntilExit();
}
