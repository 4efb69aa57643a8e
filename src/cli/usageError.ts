import { KameraError } from "../kameraError.ts";

/**
 * A mistake on the command line — an unknown flag, a bad flag value, a missing file, an unknown
 * example — as opposed to a failure while running. The CLI prints the message with a hint on how
 * to get help and exits with status 2, the conventional status for usage errors.
 *
 * @example
 * ```ts
 * throw new UsageError(`--max-depth expects a non-negative integer, got "-3"`, "kamera explore --help");
 * ```
 */
export class UsageError extends KameraError {
  /** The command whose `--help` explains the right usage, e.g. `"kamera explore --help"`. */
  readonly helpCommand: string | undefined;

  constructor(message: string, helpCommand?: string) {
    super(message);
    this.helpCommand = helpCommand;
  }
}
