import { readFileHead } from "./fileHead.ts";

/** A UTF-8 byte-order mark, which some editors put at the start of a JSON file. */
const BOM = "\uFEFF";

/**
 * Whether `path` names a regular file whose content opens like a dump: a JSON object (after an
 * optional byte-order mark and whitespace). This is how the CLI tells a dump from a scenario
 * module, whatever the file is called (`RUN.DUMP.JSON`, `result.txt`): a module never starts with
 * `{`. Whether it is a valid dump is for `loadDump` to say, with a precise message.
 *
 * @example
 * ```ts
 * if (await looksLikeDump("A.DUMP.JSON")) await loadDump("A.DUMP.JSON");
 * ```
 */
export async function looksLikeDump(path: string): Promise<boolean> {
  let text = await readFileHead(path);
  if (text === undefined) return false;
  if (text.startsWith(BOM)) text = text.slice(BOM.length);
  return /^[ \t\r\n]*\{/.test(text);
}
