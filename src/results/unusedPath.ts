import { readFile, stat } from "node:fs/promises";
import { basename, dirname, extname, join } from "node:path";

/** The extensions a numbered name keeps whole: those of the files kamera writes, then any last one. */
const KEPT_EXTENSIONS = [".test.ts", ".dump.json"];

function extensionOf(name: string): string {
  return KEPT_EXTENSIONS.find((ext) => name.toLowerCase().endsWith(ext) && name.length > ext.length) ?? extname(name);
}

/** `path` numbered `n` before its extension: `run.dump.json` becomes `run-2.dump.json`. */
function numbered(path: string, n: number): string {
  const name = basename(path);
  const ext = extensionOf(name);
  return join(dirname(path), `${name.slice(0, name.length - ext.length)}-${n}${ext}`);
}

/** What `unusedPath` chose. */
export interface UnusedPath {
  /** Where to write. */
  path: string;
  /** A file there already holds exactly the text given: nothing needs writing. */
  holdsText: boolean;
}

/**
 * Where to write `path` without overwriting anything: `path` when nothing is there, else the
 * first free one of `<name>-2<ext>`, `<name>-3<ext>`, … (`run-2.dump.json`,
 * `demo.violation-x-2.test.ts`). The inspectors' save and test keys and `--export-tests` write
 * this way, so a file a user kept or edited is never replaced. With `text`, a file that already
 * holds exactly that text is the answer (`holdsText`): writing the same test again adds no copy.
 *
 * @example
 * ```ts
 * const target = await unusedPath("run.dump.json"); // { path: "run-2.dump.json", holdsText: false } when run.dump.json exists
 * ```
 */
export async function unusedPath(path: string, text?: string): Promise<UnusedPath> {
  for (let n = 1; ; n++) {
    const candidate = n === 1 ? path : numbered(path, n);
    const info = await stat(candidate).catch((e: NodeJS.ErrnoException) => {
      if (e.code === "ENOENT") return undefined;
      throw e;
    });
    if (info === undefined) return { path: candidate, holdsText: false };
    if (text !== undefined && info.isFile() && info.size === Buffer.byteLength(text) && (await readFile(candidate, "utf8")) === text) {
      return { path: candidate, holdsText: true };
    }
  }
}
