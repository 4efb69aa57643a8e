/** A stream the CLI writes text to; `isTTY` and `columns` are read when present. */
export interface TextOutput {
  write(chunk: string): boolean;
  isTTY?: boolean;
  columns?: number;
}

/**
 * What the CLI and the Runner use of the process: its streams, its SIGINT, and exit. Tests pass
 * their own to run the CLI in-process; everything else uses `processIO()`.
 */
export interface CliIO {
  stdout: TextOutput & NodeJS.WritableStream;
  stderr: TextOutput & NodeJS.WritableStream;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Subscribes to Ctrl-C; returns the unsubscribe function. */
  onInterrupt(listener: () => void): () => void;
  /** Ends the process at once (a second Ctrl-C, or `--help` from a Runner script). */
  exit(code: number): never;
  /** Sets the status the process ends with once its work is done (a Runner script that found violations). */
  setExitCode?(code: number): void;
}

/** The real process's streams, SIGINT and exit. */
export function processIO(): CliIO {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    onInterrupt(listener) {
      process.on("SIGINT", listener);
      return () => {
        process.off("SIGINT", listener);
      };
    },
    exit: (code) => process.exit(code),
    setExitCode: (code) => {
      process.exitCode = code;
    },
  };
}
