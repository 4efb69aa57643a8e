import type { CliIO } from "./cliIO.ts";

/** What the commands need from their surroundings, and where they report their exit status. */
export interface ProgramContext {
  io: CliIO;
  /** Directory that relative module and dump paths are resolved against. */
  cwd: string;
  /** Called by a command that ends with a status other than 0 (e.g. 130 after Ctrl-C). */
  setExitCode(code: number): void;
}
