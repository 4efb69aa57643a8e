import { CommanderError } from "commander";
import { isReportableError } from "../kameraError.ts";
import type { CliIO } from "./cliIO.ts";
import { createProgram } from "./program.ts";
import { UsageError } from "./usageError.ts";
import { EXIT_USAGE } from "./exitStatus.ts";

export { EXIT_USAGE };

function causeText(e: Error): string {
  // A KameraError wrapping a failure in the user's own module keeps that failure's stack: it is
  // the only way to find the line at fault.
  const cause = e.cause;
  if (cause instanceof Error && !isReportableError(cause) && cause.stack) return `\n${cause.stack}`;
  return "";
}

/**
 * Runs the `kamera` command line and resolves to its exit status, never throwing: 0 on success,
 * 2 on usage errors (with a hint naming the `--help` to read), 1 when running failed (a
 * `KameraError` or `CoreError` is printed as its message; any other error, a bug, with its stack), 3
 * when `kamera explore` found violations, livelocks, failing reconcilers or a `--fail-on` outcome,
 * and 130 when Ctrl-C stopped a search whose partial result was printed.
 *
 * @example
 * ```ts
 * process.exitCode = await runCli(process.argv.slice(2), processIO(), process.cwd());
 * ```
 */
export async function runCli(argv: readonly string[], io: CliIO, cwd: string): Promise<number> {
  let exitCode = 0;
  const program = createProgram({ io, cwd, setExitCode: (code) => (exitCode = code) });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (e) {
    // Commander has already printed its message (and the hint) through the configured output.
    if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : EXIT_USAGE;
    if (e instanceof UsageError) {
      io.stderr.write(`error: ${e.message}\n${e.helpCommand ? `(run '${e.helpCommand}' for usage)\n` : ""}`);
      return EXIT_USAGE;
    }
    if (isReportableError(e)) {
      io.stderr.write(`error: ${e.message}${causeText(e)}\n`);
      return 1;
    }
    io.stderr.write(`error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    return 1;
  }
}
