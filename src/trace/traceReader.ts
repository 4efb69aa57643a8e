import { readFile } from "node:fs/promises";
import { readFileHead } from "../results/fileHead.ts";
import { KameraError } from "../kameraError.ts";
import { parseTrace, type Trace } from "./traceParser.ts";
import { looksLikeTraceText } from "./traceSignature.ts";

/**
 * Reads a trace file (see `parseTrace`); a missing file is a `KameraError` saying so.
 *
 * @example
 * ```ts
 * const trace = await readTraceFile("trace.jsonl");
 * ```
 */
export async function readTraceFile(path: string): Promise<Trace> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (e) {
    throw new KameraError(`cannot read the trace ${path}: ${(e as Error).message}`);
  }
  return parseTrace(text, path);
}

/**
 * Whether `path` names a regular file that opens like a kamera trace (see `looksLikeTraceText`):
 * how `kamera serve` tells a trace from a dump by content. Whether it is a readable trace is for
 * `readTraceFile` to say, with a precise message.
 *
 * @example
 * ```ts
 * if (await looksLikeTraceFile("run.jsonl")) await readTraceFile("run.jsonl");
 * ```
 */
export async function looksLikeTraceFile(path: string): Promise<boolean> {
  const head = await readFileHead(path);
  return head !== undefined && looksLikeTraceText(head);
}
