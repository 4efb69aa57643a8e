import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import { readDumpFile } from "../../src/results/dumpFileReader.ts";
import type { DumpDocument } from "../../src/results/dumpFormat.ts";
import { decodeDump, parseDump } from "../../src/results/dumpReader.ts";
import { writeDump } from "../../src/results/dumpWriter.ts";
import { sampleGraph } from "./sampleGraph.ts";

let dir = "";
let text = "";
let n = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-damaged-"));
  const chunks: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      chunks.push(chunk.toString());
      done();
    },
  });
  await writeDump(sampleGraph(), sink, { scenario: { name: "sample" } });
  text = chunks.join("");
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileProblem(content: string): Promise<string | undefined> {
  const path = join(dir, `dump-${n++}.json`);
  await writeFile(path, content);
  try {
    await readDumpFile(path);
    return undefined;
  } catch (e) {
    if (!(e instanceof KameraError)) throw e;
    return e.message;
  }
}

function problemOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(KameraError);
    return (e as Error).message;
  }
  throw new Error("expected a KameraError");
}

/** The sample as a version 1 document (no checksum), edited: isolates the structural checks from the checksum. */
function v1(edit: (doc: DumpDocument) => void): DumpDocument {
  const doc = JSON.parse(text) as DumpDocument;
  (doc as { version: number }).version = 1;
  delete doc.checksum;
  edit(doc);
  return doc;
}

/** Another character in the same place: a digit counts up, a letter changes case, anything else becomes "x". */
function flip(c: string): string {
  if (/[0-9]/.test(c)) return String((Number(c) + 1) % 10);
  if (/[a-z]/.test(c)) return c.toUpperCase();
  if (/[A-Z]/.test(c)) return c.toLowerCase();
  return c === "x" ? "y" : "x";
}

describe("damaged dumps are rejected, not loaded with wrong data", () => {
  it("a renamed resourceVersion key and a changed state id are caught by the checksum", async () => {
    const renamed = text.replace('"resourceVersion"', '"resourceVersiom"');
    expect(renamed).not.toBe(text);
    expect(await fileProblem(renamed)).toMatch(/does not match the checksum/);
    const id = /"id":"([0-9a-f]{16})"/.exec(text)![1]!;
    const changedId = text.replace(`"id":"${id}"`, `"id":"f${id.slice(1)}"`);
    expect(await fileProblem(changedId)).toMatch(/does not match the checksum/);
    expect(problemOf(() => parseDump(changedId, "x.json"))).toMatch(/does not match the checksum/);
  });

  it("every single-byte flip is rejected", async () => {
    const loaded: number[] = [];
    for (let i = 0; i < text.length; i += 5) {
      const damaged = text.slice(0, i) + flip(text[i]!) + text.slice(i + 1);
      if ((await fileProblem(damaged)) === undefined) loaded.push(i);
    }
    expect(loaded.map((i) => JSON.stringify(text.slice(Math.max(0, i - 20), i + 20)))).toEqual([]);
  });

  it("a field the format does not have is rejected, naming it", () => {
    const doc = v1((d) => ((d.states[2] as unknown as Record<string, unknown>).resourceVersiom = "7"));
    expect(problemOf(() => decodeDump(doc, "x.json"))).toMatch(/states\[2\]\.resourceVersiom: is not a field of the dump format/);
    const header = v1((d) => ((d as unknown as Record<string, unknown>).extra = true));
    expect(problemOf(() => decodeDump(header, "x.json"))).toMatch(/\$\.extra: is not a field of the dump format/);
  });

  it("a duplicate edge, which would change path counts, is rejected", () => {
    const doc = v1((d) => {
      d.edges.push([...d.edges[2]!] as [number, number, number]);
      d.counts.edges++;
    });
    expect(problemOf(() => decodeDump(doc, "x.json"))).toMatch(/edges\[12\]: repeats an earlier edge \[1,2,2\]/);
  });

  it("a converged state with pending reconciles or outgoing edges is rejected", () => {
    const converged = v1((d) => d.states.findIndex((s) => s.outcome === "converged"));
    const c = converged.states.findIndex((s) => s.outcome === "converged");
    const pending = v1((d) => d.states[c]!.pending.push({ reconcilerId: "FooController", request: { namespace: "default", name: "foo" } }));
    expect(problemOf(() => decodeDump(pending, "x.json"))).toMatch(new RegExp(`states\\[${c}\\]: is converged but has 1 pending reconcile`));
    const outgoing = v1((d) => {
      d.edges.push([c, 0, 0]);
      d.counts.edges++;
    });
    expect(problemOf(() => decodeDump(outgoing, "x.json"))).toMatch(new RegExp(`states\\[${c}\\]: is converged but has 1 outgoing edge`));
  });

  it("an unexpanded state with successors is rejected in a complete dump; a partial one may hold one, the state its stop cut short", () => {
    const expanded = v1(() => undefined).states.flatMap((st, i) => (st.outcome === "expanded" ? [i] : []));
    const [a, b] = expanded as [number, number];
    const cutShort = (partial: boolean, ...states: number[]) =>
      v1((d) => {
        d.complete = !partial;
        for (const s of states) d.states[s]!.outcome = "unexpanded";
      });
    expect(problemOf(() => decodeDump(cutShort(false, a), "x.json"))).toMatch(new RegExp(`states\\[${a}\\]: is unexpanded but has \\d+ outgoing edge`));
    expect(decodeDump(cutShort(true, a), "x.json").graph.outcome(a).kind).toBe("unexpanded");
    expect(problemOf(() => decodeDump(cutShort(true, a, b), "x.json"))).toMatch(
      new RegExp(`states\\[${b}\\]: is unexpanded but has \\d+ outgoing edge\\(s\\) \\(a partial result may have one state cut short with successors, and states\\[${a}\\] is that one\\)`),
    );
  });

  it("a state that cannot be reached from the initial state is rejected", () => {
    const doc = v1((d) => {
      // State 10 is converged and reached only by the last edge.
      d.edges.pop();
      d.counts.edges--;
    });
    expect(problemOf(() => decodeDump(doc, "x.json"))).toMatch(/states\[10\]: is not reachable from the initial state/);
  });

  it("a missing field is named as missing, never as 'undefined undefined'", () => {
    const doc = v1((d) => delete (d.states[1] as Partial<(typeof d.states)[number]>).depth);
    const message = problemOf(() => decodeDump(doc, "x.json"));
    expect(message).not.toContain("undefined undefined");
    expect(message).toMatch(/states\[1\]\.depth: expected a non-negative integer, got nothing \(the field is missing\)/);
  });

  it("a dump that starts with a UTF-8 byte-order mark loads, line by line and whole", async () => {
    expect(await fileProblem(`\uFEFF${text}`)).toBeUndefined();
    expect(await fileProblem(`\uFEFF${JSON.stringify(JSON.parse(text))}`)).toBeUndefined();
    expect(parseDump(`\uFEFF${text}`, "bom.json").graph.stateCount()).toBe(11);
  });

  it("a version 1 dump (written before checksums) still loads", () => {
    const doc = v1(() => undefined);
    expect(decodeDump(doc, "old.json").graph.stateCount()).toBe(11);
  });
});
