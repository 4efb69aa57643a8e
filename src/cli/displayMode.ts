import type { CliIO } from "./cliIO.ts";
import type { RunFlags } from "./runFlags.ts";
import { UsageError } from "./usageError.ts";

/** How a result is shown: the terminal inspector, the browser inspector, a JSON summary, or a plain text summary. */
export type DisplayMode = "inspector" | "web" | "json" | "plain";

/**
 * Chooses how to show a result from the flags and the terminal: `--web` serves it to the browser
 * inspector, `--json` prints JSON; otherwise
 * the inspector opens when both stdin and stdout are terminals, unless `--no-interactive` says
 * otherwise; everything else gets the plain summary. Contradictory flags are usage errors.
 *
 * @example
 * ```ts
 * chooseDisplayMode({ json: true }, io); // "json"
 * ```
 */
export function chooseDisplayMode(flags: Pick<RunFlags, "interactive" | "json" | "web" | "port">, io: Pick<CliIO, "stdin" | "stdout">, helpCommand?: string): DisplayMode {
  // A port without --web would be silently ignored: the user meant the browser inspector.
  if (flags.port !== undefined && !flags.web) throw new UsageError(`--port ${flags.port} needs --web: it is the browser inspector's port`, helpCommand);
  if (flags.web) {
    if (flags.json) throw new UsageError("--web and --json cannot be combined: --web serves the result to a browser, --json prints it", helpCommand);
    if (flags.interactive === true) throw new UsageError("--web and --interactive cannot be combined: --web opens the browser inspector instead of the terminal one", helpCommand);
    return "web";
  }
  if (flags.json) {
    // Both would write to stdout, and a script reading the JSON cannot drive an inspector.
    if (flags.interactive === true) throw new UsageError("--json and --interactive cannot be combined: --json is for scripts", helpCommand);
    return "json";
  }
  const terminal = io.stdout.isTTY === true && io.stdin.isTTY === true;
  // The inspector reads keys in raw mode and draws with cursor movements: it needs a terminal.
  if (flags.interactive === true && !terminal) {
    throw new UsageError("--interactive needs a terminal on stdin and stdout; use --no-interactive or --json when piping", helpCommand);
  }
  return (flags.interactive ?? terminal) ? "inspector" : "plain";
}
