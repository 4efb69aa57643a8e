import { TRACE_FORMAT_NAME } from "./traceFormat.ts";

/** A UTF-8 byte-order mark, which some editors put at the start of a text file. */
const BOM = "\uFEFF";

/**
 * Whether a text opens like a kamera trace: its first non-blank line is a JSON header record of
 * the trace format (of any version, so that `parseTrace` can name an unsupported one). This is how
 * `kamera serve` and the browser inspector tell a trace from a dump, whatever the file is called:
 * both start with `{`, but a dump is one JSON document and never starts with a trace header.
 * `head` may be just the start of the file; a header longer than it does not count.
 *
 * @example
 * ```ts
 * looksLikeTraceText('{"type":"header","format":"kamera-trace","version":1,"createdAt":"…"}\n…'); // true
 * ```
 */
export function looksLikeTraceText(head: string): boolean {
  const text = head.startsWith(BOM) ? head.slice(BOM.length) : head;
  const first = /^\s*([^\n]*)\n?/.exec(text)?.[1]?.trim() ?? "";
  if (!first.startsWith("{")) return false;
  try {
    const r = JSON.parse(first) as Record<string, unknown> | null;
    return r !== null && typeof r === "object" && r.type === "header" && r.format === TRACE_FORMAT_NAME;
  } catch {
    // The first line is not one JSON record (a dump spread over lines, a longer record cut off).
    return false;
  }
}
