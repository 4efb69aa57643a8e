import { open } from "node:fs/promises";

/**
 * The first `bytes` bytes of `path` as UTF-8 text, or `undefined` when it is not a regular file
 * that can be opened. Telling a file's kind by its content (a dump, a trace) needs no more than
 * its opening, and must not read a large file whole to do it.
 *
 * @example
 * ```ts
 * const head = await readFileHead("run.dump.json"); // undefined for a folder or a missing file
 * ```
 */
export async function readFileHead(path: string, bytes = 4096): Promise<string | undefined> {
  const file = await open(path, "r").catch(() => undefined);
  if (file === undefined) return undefined;
  try {
    if (!(await file.stat()).isFile()) return undefined;
    const head = Buffer.alloc(bytes);
    const { bytesRead } = await file.read(head, 0, head.length, 0);
    return head.toString("utf8", 0, bytesRead);
  } finally {
    await file.close();
  }
}
