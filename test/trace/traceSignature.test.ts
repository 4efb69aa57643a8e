import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { looksLikeTraceFile } from "../../src/trace/traceReader.ts";
import { looksLikeTraceText } from "../../src/trace/traceSignature.ts";

const HEADER = '{"type":"header","format":"kamera-trace","version":1,"createdAt":"2026-01-01T00:00:00.000Z"}';

describe("telling a trace from a dump by content", () => {
  it("a text whose first line is a trace header is a trace, of any version and after a BOM or blank lines", () => {
    expect(looksLikeTraceText(`${HEADER}\n{"type":"event"}\n`)).toBe(true);
    expect(looksLikeTraceText(`\uFEFF\n\n${HEADER.replace('"version":1', '"version":7')}`)).toBe(true);
  });

  it("a dump, another JSON document, a header cut off, or an empty text is not", () => {
    expect(looksLikeTraceText('{\n  "format": "kamera-dump",\n  "version": 2\n}\n')).toBe(false);
    expect(looksLikeTraceText('{"format":"kamera-dump","version":2,"states":[]}')).toBe(false);
    expect(looksLikeTraceText('{"type":"header","format":"other-trace","version":1}\n')).toBe(false);
    expect(looksLikeTraceText(HEADER.slice(0, 30))).toBe(false);
    expect(looksLikeTraceText("")).toBe(false);
  });

  it("looksLikeTraceFile reads only the start of a file, and a missing file or a folder is not a trace", async () => {
    const dir = await mkdtemp(join(tmpdir(), "kamera-trace-sig-"));
    const file = join(dir, "RUN.TXT");
    await writeFile(file, `${HEADER}\n${'{"type":"object","hash":"h","value":{}}\n'.repeat(500)}`);
    expect(await looksLikeTraceFile(file)).toBe(true);
    expect(await looksLikeTraceFile(join(dir, "missing.jsonl"))).toBe(false);
    expect(await looksLikeTraceFile(dir)).toBe(false);
  });
});
