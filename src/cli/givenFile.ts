import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./usageError.ts";

/** What the command expects of a file named on its command line, for `givenFile`. */
export interface FileExpectation {
  /** What the file should be, as the message asks for it: "a dump file", "a trace file". */
  expected: string;
  /** The command whose `--help` explains it, e.g. "kamera inspect --help". */
  help: string;
  /** The flag that named the file, shown before it ("--from world.yaml"); absent for an argument. */
  flag?: string;
}

/**
 * The absolute path of a file named on the command line (`given` as typed, relative to `cwd`),
 * checked to be a regular file. A missing file, a directory or anything else is a usage error
 * (exit status 2) that says which it is and what was expected, rather than a raw ENOENT or
 * EISDIR, or a "no such file" for a directory that is there. Every command that reads a file
 * it is given checks it here, so they all say it the same way.
 *
 * @example
 * ```ts
 * const file = await givenFile("run.dump.json", process.cwd(), { expected: "a dump file", help: "kamera inspect --help" });
 * ```
 */
export async function givenFile(given: string, cwd: string, expectation: FileExpectation): Promise<string> {
  const file = resolve(cwd, given);
  const label = expectation.flag === undefined ? given : `${expectation.flag} ${given}`;
  const info = await stat(file).catch((e: NodeJS.ErrnoException) => {
    if (e.code === "ENOENT" || e.code === "ENOTDIR") return undefined;
    throw new UsageError(`${label}: cannot read it: ${e.message}`, expectation.help);
  });
  if (info === undefined) throw new UsageError(`${label}: no such file`, expectation.help);
  if (!info.isFile()) throw new UsageError(`${label}: ${info.isDirectory() ? "is a directory" : "is not a regular file"}; give ${expectation.expected}`, expectation.help);
  return file;
}
