import type { ExplorerBuilder } from "../explore/explorerBuilder.ts";
import type { InitialState } from "../explore/initialStateBuilder.ts";
import { KameraError } from "../kameraError.ts";
import { initialStateFromTrace } from "../trace/traceInitialState.ts";
import { readTraceFile } from "../trace/traceReader.ts";
import { startFile } from "./startFile.ts";
import { UsageError } from "./usageError.ts";

/**
 * `kamera explore --from-trace <file> [--at <event>]`: the initial state from the trace, or
 * undefined when `--from-trace` was not given; flag mistakes are usage errors.
 */
export async function initialStateFromTraceFlags(builder: ExplorerBuilder, opts: Record<string, unknown>, cwd: string): Promise<InitialState | undefined> {
  const help = "kamera explore --help";
  if (typeof opts.fromTrace !== "string") {
    if (opts.at !== undefined) throw new UsageError("--at needs --from-trace: it names an event of that trace", help);
    return undefined;
  }
  if (typeof opts.from === "string") throw new UsageError("--from and --from-trace both choose the starting objects; give one", help);
  const trace = await readTraceFile(await startFile("--from-trace", opts.fromTrace, cwd));
  try {
    return initialStateFromTrace(builder, trace, opts.at as string | undefined);
  } catch (e) {
    if (e instanceof KameraError && /^--at /.test(e.message)) throw new UsageError(e.message, help);
    throw e;
  }
}
