import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parseTrace, readTraceFile } from "../../src/index.ts";

const HEADER = '{"type":"header","format":"kamera-trace","version":1,"createdAt":"2026-01-01T00:00:00.000Z"}';
const event = (id: string, extra = "") =>
  `{"type":"event","id":"${id}","ts":"2026-01-01T00:00:00.000Z","reconcileId":null,"controller":"c","rootId":null,"op":"GET","group":"","kind":"ConfigMap","namespace":"default","name":"web","uid":"u","resourceVersion":"1"${extra}}`;

describe("reading traces", () => {
  it("a corrupt line is reported with its number and the lines after it are still read", () => {
    const t = parseTrace([HEADER, event("a"), "{not json", event("b"), ""].join("\n"));
    expect(t.events.map((e) => e.id)).toEqual(["a", "b"]);
    expect(t.problems).toHaveLength(1);
    expect(t.problems[0]!.line).toBe(3);
    expect(t.problems[0]!.message).toMatch(/^not JSON: /);
  });

  it("a truncated last line is named as truncated", () => {
    const t = parseTrace([HEADER, event("a"), event("b").slice(0, 40)].join("\n"));
    expect(t.events.map((e) => e.id)).toEqual(["a"]);
    expect(t.problems).toEqual([{ line: 3, message: "truncated: the last line ends mid-record (was the writer stopped?)" }]);
  });

  it("records of the wrong shape are reported, not read", () => {
    const t = parseTrace([HEADER, event("a").replace('"op":"GET"', '"op":"FROB"'), '{"type":"mystery"}', "[1]", event("b", ',"hash":"h1"'), ""].join("\n"));
    expect(t.problems).toEqual([
      { line: 2, message: 'unknown op "FROB" (expected one of GET, LIST, CREATE, UPDATE, PATCH, DELETE)' },
      { line: 3, message: 'unknown record type "mystery"' },
      { line: 4, message: "not a record: expected a JSON object" },
      { line: 5, message: "event 0 (b) names object version h1, which the trace does not hold (the event is kept, without its object)", kept: true },
    ]);
  });

  it("a file that is not a trace, an empty file, or another format version is an error that says so", () => {
    expect(() => parseTrace('{"kind":"Pod"}\n', "x.jsonl")).toThrow('x.jsonl is not a kamera trace: line 1 should be its header {"type":"header","format":"kamera-trace","version":1}');
    expect(() => parseTrace("", "x.jsonl")).toThrow("x.jsonl is empty: a kamera trace starts with a header line");
    expect(() => parseTrace("\n{not json\n", "x.jsonl")).toThrow(
      'x.jsonl is not a kamera trace: line 2 should be its header {"type":"header","format":"kamera-trace","version":1}, but is not JSON: ',
    );
    expect(() => parseTrace("[1]\n", "x.jsonl")).toThrow("x.jsonl is not a kamera trace: line 1 should be its header");
    expect(() => parseTrace(HEADER.replace('"version":1', '"version":2') + "\n", "x.jsonl")).toThrow(
      'x.jsonl, line 1: trace format "kamera-trace" version 2 is not supported; this kamera reads kamera-trace version 1',
    );
  });

  it("a missing file is an error naming it", async () => {
    await expect(readTraceFile("/nonexistent/trace.jsonl")).rejects.toThrow(/^cannot read the trace \/nonexistent\/trace.jsonl: ENOENT/);
    const dir = await mkdtemp(join(tmpdir(), "kamera-trace-"));
    await writeFile(join(dir, "t.jsonl"), [HEADER, event("a"), ""].join("\n"));
    expect((await readTraceFile(join(dir, "t.jsonl"))).events).toHaveLength(1);
  });
});
