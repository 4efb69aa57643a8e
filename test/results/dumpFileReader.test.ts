import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import type { ArrayResultGraph } from "../../src/results/arrayResultGraph.ts";
import { readDumpFile } from "../../src/results/dumpFileReader.ts";
import { parseDump } from "../../src/results/dumpReader.ts";
import { writeDump } from "../../src/results/dumpWriter.ts";
import { sampleGraph } from "./sampleGraph.ts";

let dir = "";
let text = "";
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-dump-file-test-"));
  const chunks: string[] = [];
  await writeDump(
    sampleGraph(),
    new Writable({
      write(chunk, _enc, done) {
        chunks.push(chunk.toString());
        done();
      },
    }),
    { scenario: { name: "sample" } },
  );
  text = chunks.join("");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(content: string): Promise<string> {
  const path = join(dir, `dump-${n++}.json`);
  await writeFile(path, content);
  return path;
}

async function problemOf(content: string): Promise<string> {
  const path = await fileWith(content);
  try {
    await readDumpFile(path);
  } catch (e) {
    expect(e).toBeInstanceOf(KameraError);
    return (e as Error).message.replace(path, "FILE");
  }
  throw new Error("expected a KameraError");
}

function sameGraph(a: ArrayResultGraph, b: ArrayResultGraph): void {
  expect(a.stateCount()).toBe(b.stateCount());
  for (let s = 0; s < a.stateCount(); s++) {
    expect([a.stateId(s), a.depth(s), a.outcome(s), a.pending(s), a.objects(s)]).toEqual([b.stateId(s), b.depth(s), b.outcome(s), b.pending(s), b.objects(s)]);
  }
  expect(a.edgeCount()).toBe(b.edgeCount());
  for (let e = 0; e < a.edgeCount(); e++) {
    expect(a.edge(e)).toEqual(b.edge(e));
    expect(a.step(a.edge(e)[2])).toEqual(b.step(b.edge(e)[2]));
  }
}

/** The sample dump with line `i` (1-based) replaced. */
function withLine(i: number, replace: (line: string) => string): string {
  const lines = text.split("\n");
  lines[i - 1] = replace(lines[i - 1]!);
  return lines.join("\n");
}

const lineOf = (prefix: string, nth = 0) => text.split("\n").map((l, i) => [l, i + 1] as const).filter(([l]) => l.startsWith(prefix))[nth]![1];

describe("reading dump files", () => {
  it("reads the writer's layout element by element, giving the same graph as parsing it whole", async () => {
    const streamed = await readDumpFile(await fileWith(text));
    const whole = parseDump(text, "whole");
    sameGraph(streamed.graph, whole.graph);
    expect(streamed.scenario).toEqual({ name: "sample" });
    expect(streamed.complete).toBe(true);
  });

  it("reads any other JSON layout whole: pretty-printed or on one line", async () => {
    const doc = JSON.parse(text);
    const pretty = await readDumpFile(await fileWith(JSON.stringify(doc, null, 2)));
    const oneLine = await readDumpFile(await fileWith(JSON.stringify(doc)));
    sameGraph(pretty.graph, parseDump(text, "x").graph);
    sameGraph(oneLine.graph, parseDump(text, "x").graph);
  });

  it("reports a file cut anywhere as truncated", async () => {
    const cuts = new Set<number>();
    for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) {
      cuts.add(i);
      cuts.add(i + 1);
    }
    for (let c = 5; c < text.length - 3; c += 97) cuts.add(c);
    cuts.add(text.trimEnd().length - 1);
    for (const cut of [...cuts].sort((a, b) => a - b)) {
      if (cut >= text.trimEnd().length) continue;
      expect(await problemOf(text.slice(0, cut)), `cut at ${cut}`).toMatch(/^cannot load dump FILE: the file is truncated/);
    }
  });

  it("names the line and column of a damaged element", async () => {
    const line = lineOf('{"id":', 2);
    const broken = withLine(line, (l) => l.replace('"depth":2', '"depth":2x'));
    expect(await problemOf(broken)).toMatch(new RegExp(`^cannot load dump FILE: the file is not valid JSON at line ${line}, column \\d+: expected "," or "}", found "x"`));
  });

  it("catches a missing comma between elements and a comma after the last one", async () => {
    const first = lineOf('{"id":');
    expect(await problemOf(withLine(first, (l) => l.slice(0, -1)))).toMatch(
      new RegExp(`not valid JSON at line ${first}, column \\d+: expected "," after this element`),
    );
    const lastEdge = text.split("\n").lastIndexOf("],");
    expect(await problemOf(withLine(lastEdge, (l) => `${l},`))).toMatch(
      new RegExp(`not valid JSON at line ${lastEdge}, column \\d+: a comma after the last element of a list`),
    );
  });

  it("rejects text after the end of the dump", async () => {
    expect(await problemOf(`${text}{"more":1}\n`)).toMatch(/unexpected text after the end of the dump/);
  });

  it("checks the header's version before reading on", async () => {
    expect(await problemOf(text.replace('"version":2', '"version":3'))).toBe(
      "cannot load dump FILE: dump version 3 was written by a newer kamera; this build reads versions 1 and 2",
    );
  });

  it("reports an empty file, a folder and a missing file in words", async () => {
    expect(await problemOf("")).toBe("cannot load dump FILE: the file is empty");
    expect(await problemOf("\n\n")).toBe("cannot load dump FILE: the file is empty");
    const folder = join(dir, "a-folder");
    await mkdir(folder);
    await expect(readDumpFile(folder)).rejects.toThrow(/^cannot load dump .*a-folder: EISDIR/);
    await expect(readDumpFile(join(dir, "absent.json"))).rejects.toThrow(/^cannot load dump .*absent\.json: no such file$/);
  });
});
