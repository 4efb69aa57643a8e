import { stat } from "node:fs/promises";
import { resolve } from "node:path";
import { UsageError } from "./usageError.ts";

/**
 * The absolute path of the file `--from` or `--from-trace` names (`flag`), checked to be a
 * readable-looking file: a missing file or a directory is a usage error (exit status 2), as for
 * every other file kamera is given, not a raw ENOENT or EISDIR.
 *
 * @example
 * ```ts
 * const file = await startFile("--from", "world.yaml", process.cwd()); // "/home/me/world.yaml"
 * ```
 */
export async function startFile(flag: string, given: string, cwd: string): Promise<string> {
  const file = resolve(cwd, given);
  const info = await stat(file).catch(() => undefined);
  if (info === undefined) throw new UsageError(`${flag} ${given}: no such file`, "kamera explore --help");
  if (!info.isFile()) throw new UsageError(`${flag} ${given}: ${info.isDirectory() ? "is a directory" : "is not a file"}; give a file`, "kamera explore --help");
  return file;
}
