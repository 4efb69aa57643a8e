import { PassThrough } from "node:stream";
import type { CliIO } from "../../src/cli/cliIO.ts";

/** Thrown by `CapturedIO.exit`, so a test can see that the process would have ended. */
export class ExitCalled extends Error {
  constructor(readonly code: number) {
    super(`exit(${code})`);
  }
}

/** An in-memory CliIO: collects stdout and stderr, lets a test press Ctrl-C, and turns exit into a throw. */
export interface CapturedIO extends CliIO {
  out(): string;
  err(): string;
  /** Delivers a Ctrl-C to whoever listens, as SIGINT would. */
  interrupt(): void;
  listenerCount(): number;
}

function capture(isTTY: boolean) {
  let text = "";
  // Collected synchronously in write(), so a test sees output as soon as it is written.
  const stream = Object.assign(new PassThrough(), { isTTY, columns: 100 });
  stream.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
    return true;
  }) as typeof stream.write;
  return { stream, text: () => text };
}

/** A fresh captured IO; `tty` makes stderr (not stdin/stdout) look like a terminal. */
export function capturedIO(opts: { stderrTTY?: boolean } = {}): CapturedIO {
  const stdout = capture(false);
  const stderr = capture(opts.stderrTTY ?? false);
  const listeners = new Set<() => void>();
  return {
    stdout: stdout.stream,
    stderr: stderr.stream,
    stdin: Object.assign(new PassThrough(), { isTTY: false }),
    onInterrupt(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    exit(code): never {
      throw new ExitCalled(code);
    },
    out: stdout.text,
    err: stderr.text,
    interrupt: () => [...listeners].forEach((l) => l()),
    listenerCount: () => listeners.size,
  };
}
