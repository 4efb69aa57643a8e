import { createReadStream } from "node:fs";
import { readFile } from "node:fs/promises";
import { KameraError } from "../kameraError.ts";
import { DUMP_SECTIONS, DumpDecoder, isOptionalSection, type DecodedDump } from "./dumpDecoder.ts";
import { parseDump } from "./dumpReader.ts";
import { jsonSyntaxError } from "./jsonSyntaxError.ts";

/** The file is valid JSON perhaps, but not laid out one element per line as the writer does: read it whole. */
class NotLineLaid extends Error {}

/**
 * Longest first line read as the header of a line-laid dump. The writer's header line holds the
 * scenario and stats, a few kilobytes; a longer first line means another layout (a minified dump
 * is one line), which is read whole instead of being gathered here first.
 */
const MAX_HEADER_LINE = 16 << 20;

/**
 * Yields the lines of a UTF-8 file (without their "\n"), and whether the last one ended with a
 * newline. Linear in the file: each chunk is scanned once, and a line spanning chunks is joined
 * once, when its end arrives (scanning the growing remainder again for every chunk made a long
 * line quadratic). A leading byte-order mark is dropped.
 */
async function* linesOf(path: string): AsyncGenerator<{ text: string; last: boolean; newline: boolean }> {
  let parts: string[] = [];
  let partsLength = 0;
  let pending: string | undefined;
  let lines = 0;
  let first = true;
  for await (const raw of createReadStream(path, { encoding: "utf8", highWaterMark: 1 << 20 })) {
    let chunk = raw as string;
    if (first && chunk.startsWith("\uFEFF")) chunk = chunk.slice(1);
    first = false;
    let start = 0;
    for (let nl = chunk.indexOf("\n"); nl >= 0; nl = chunk.indexOf("\n", start)) {
      if (pending !== undefined) yield { text: pending, last: false, newline: true };
      parts.push(chunk.slice(start, nl));
      pending = parts.length === 1 ? parts[0]! : parts.join("");
      parts = [];
      partsLength = 0;
      lines++;
      start = nl + 1;
    }
    if (start < chunk.length) {
      parts.push(chunk.slice(start));
      partsLength += chunk.length - start;
      if (lines === 0 && partsLength > MAX_HEADER_LINE) throw new NotLineLaid();
    }
  }
  const carry = parts.join("");
  if (carry !== "") {
    if (pending !== undefined) yield { text: pending, last: false, newline: true };
    yield { text: carry, last: true, newline: false };
  } else if (pending !== undefined) yield { text: pending, last: true, newline: true };
}

/** Why a file cannot be read, in words (missing file, a folder, no permission). */
function readProblem(path: string, e: unknown): KameraError {
  const err = e as NodeJS.ErrnoException;
  if (err.code === "ERR_STRING_TOO_LONG") {
    return new KameraError(`cannot load dump ${path}: the file is too large to read as one string, and it is not laid out one element per line as kamera writes dumps`);
  }
  return new KameraError(`cannot load dump ${path}: ${err.code === "ENOENT" ? "no such file" : err.message}`);
}

/** Reads the file whole and parses it (any JSON layout; limited by the largest string Node can hold). */
async function readWhole(path: string): Promise<DecodedDump> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw readProblem(path, e);
  }
  return parseDump(text, path);
}

/**
 * Reads a dump file element by element, as the writer laid it out (one element per line), so a
 * dump larger than the largest string Node can hold still loads and no giant JSON tree is ever
 * built. A file in another layout (pretty-printed, minified) is read whole instead. A file cut
 * short is reported as truncated, a damaged line by its line and column.
 *
 * @example
 * ```ts
 * const { graph, scenario } = await readDumpFile("dump.json");
 * ```
 */
export async function readDumpFile(path: string): Promise<DecodedDump> {
  const decoder = new DumpDecoder(path);
  const syntax = (line: number, column: number, what: string): KameraError =>
    decoder.problem(`the file is not valid JSON at line ${line}, column ${column}: ${what}`);
  const truncated = (): KameraError =>
    decoder.problem("the file is truncated: it ends before the dump is complete (an interrupted save or a partial copy?)");
  let phase: "header" | "open" | "elements" | "trailer" | "end" = "header";
  let checksum: unknown;
  let section = 0;
  let index = 0;
  let lineNo = 0;
  /** The previous element of the open section: its length and whether a comma followed it. */
  let previous: { length: number; comma: boolean } | undefined;
  /** Whether every section from `from` on may be left out, so the document may end before it. */
  const mayEndBefore = (from: number): boolean => DUMP_SECTIONS.slice(from).every(isOptionalSection);
  /** `"checksum":"…"}`: the document's last field and its closing brace. */
  const trailer = (text: string, last: boolean): void => {
    let fields: unknown;
    try {
      fields = JSON.parse(`{${text}`);
    } catch {
      if (last) throw truncated();
      throw new NotLineLaid();
    }
    const extra = Object.keys(fields as object).filter((k) => k !== "checksum");
    if (extra.length > 0) throw decoder.problem(`$.${extra[0]}: is not a field of the dump format (damaged or edited file)`);
    checksum = (fields as { checksum?: unknown }).checksum;
    phase = "end";
  };
  try {
    for await (const { text, last } of linesOf(path)) {
      lineNo++;
      switch (phase) {
        case "header": {
          // The document's opening fields, up to the comma before the first section.
          if (text.trim() === "" && last) throw decoder.problem("the file is empty");
          if (!text.startsWith("{") || !text.endsWith(",")) throw new NotLineLaid();
          let header: unknown;
          try {
            header = JSON.parse(`${text.slice(0, -1)}}`);
          } catch {
            throw new NotLineLaid();
          }
          decoder.header(header);
          phase = "open";
          break;
        }
        case "open":
          if (last && `"${DUMP_SECTIONS[section]}":[`.startsWith(text)) throw truncated();
          if (text !== `"${DUMP_SECTIONS[section]}":[`) {
            // The optional sections left out: what follows is the checksum.
            if (mayEndBefore(section)) {
              trailer(text, last);
              break;
            }
            throw new NotLineLaid();
          }
          phase = "elements";
          index = 0;
          previous = undefined;
          break;
        case "elements": {
          if (text === "]," || text === "]}") {
            if (previous?.comma) throw syntax(lineNo - 1, previous.length, "a comma after the last element of a list");
            const lastSection = section === DUMP_SECTIONS.length - 1;
            // Version 1 ends with its last section; version 2 then has its checksum line.
            if (text === "]}") {
              if (!mayEndBefore(section + 1)) throw new NotLineLaid();
              phase = "end";
            } else if (lastSection) phase = "trailer";
            else {
              section++;
              phase = "open";
            }
            break;
          }
          // A last line cut inside the closing bracket line is a truncation, not a missing comma.
          if (last && ("],".startsWith(text) || "]}".startsWith(text))) throw truncated();
          if (previous && !previous.comma) throw syntax(lineNo - 1, previous.length + 1, 'expected "," after this element');
          const comma = text.endsWith(",");
          const body = comma ? text.slice(0, -1) : text;
          let element: unknown;
          try {
            element = JSON.parse(body);
          } catch {
            const found = jsonSyntaxError(body);
            if (last && (found === undefined || found.atEnd)) throw truncated();
            throw syntax(lineNo, (found?.offset ?? 0) + 1, found?.message ?? "invalid JSON");
          }
          decoder.add(DUMP_SECTIONS[section]!, element, index++);
          previous = { length: text.length, comma };
          break;
        }
        case "trailer":
          trailer(text, last);
          break;
        case "end":
          if (text.trim() !== "") throw syntax(lineNo, 1, "unexpected text after the end of the dump");
          break;
      }
    }
  } catch (e) {
    if (e instanceof NotLineLaid) return readWhole(path);
    if (e instanceof KameraError) throw e;
    if ((e as NodeJS.ErrnoException).code) throw readProblem(path, e);
    throw e;
  }
  if (lineNo === 0) throw decoder.problem("the file is empty");
  if (phase !== "end") throw truncated();
  return decoder.finish(checksum);
}
