import { DUMP_SECTIONS, DumpDecoder, isOptionalSection, type DecodedDump } from "./dumpDecoder.ts";
import { jsonSyntaxError } from "./jsonSyntaxError.ts";

export type { DecodedDump } from "./dumpDecoder.ts";

/**
 * Checks a parsed dump document and turns it into an array-backed graph. Every reference (object
 * digests, key, state and step numbers) is checked; nothing is re-hashed. Throws a `KameraError`
 * that names `source` and the JSON location of the first problem.
 *
 * Works without Node (the browser inspector opens dumps with it).
 *
 * @example
 * ```ts
 * const { graph, scenario } = decodeDump(JSON.parse(text), "dump.json");
 * const result = buildExploreResult(graph, { complete: graph.isComplete });
 * ```
 */
export function decodeDump(document: unknown, source: string): DecodedDump {
  const decoder = new DumpDecoder(source);
  decoder.header(document);
  const doc = document as Record<string, unknown>;
  for (const section of DUMP_SECTIONS) {
    const elements = doc[section];
    // Its count, if any, is checked at the end: a header that counts some but has none fails there.
    if (elements === undefined && isOptionalSection(section)) continue;
    if (!Array.isArray(elements)) {
      throw decoder.problem(`${section}: expected an array, got ${elements === undefined ? "nothing" : typeof elements}`);
    }
    for (let i = 0; i < elements.length; i++) decoder.add(section, elements[i], i);
  }
  return decoder.finish(doc.checksum);
}

/** Line and column (1-based) of a character offset, for JSON syntax errors. */
export function lineColumn(text: string, offset: number): string {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf("\n"); i >= 0 && i < offset; i = text.indexOf("\n", i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return `line ${line}, column ${offset - lineStart + 1}`;
}

/** The message for a JSON text that failed to parse: truncated, or where and why it is invalid. */
export function jsonProblem(text: string, parseError: unknown): string {
  // JSON.parse's message may not say where; find the spot ourselves.
  const found = jsonSyntaxError(text);
  if (found === undefined) return `the file is not valid JSON: ${(parseError as Error).message}`;
  if (found.atEnd) {
    return `the file is truncated: its JSON stops after ${text.length} characters, before the document is complete (an interrupted save or a partial copy?)`;
  }
  return `the file is not valid JSON at ${lineColumn(text, found.offset)}: ${found.message}`;
}

/**
 * Parses and decodes the text of a dump. A file cut short (an interrupted save, a partial copy)
 * is reported as truncated; other JSON errors give the line and column; never a parser stack.
 *
 * @example
 * ```ts
 * const { graph } = parseDump(await file.text(), file.name);
 * ```
 */
export function parseDump(text: string, source: string): DecodedDump {
  const decoder = new DumpDecoder(source);
  // A byte-order mark some editors add is no part of the JSON.
  if (text.startsWith("\uFEFF")) text = text.slice(1);
  if (text.trim() === "") throw decoder.problem("the file is empty");
  if (!text.trimStart().startsWith("{")) {
    throw decoder.problem(`not a kamera dump (it does not start with a JSON object; it starts with ${JSON.stringify(text.trimStart().slice(0, 20))})`);
  }
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch (e) {
    throw decoder.problem(jsonProblem(text, e));
  }
  return decodeDump(document, source);
}
