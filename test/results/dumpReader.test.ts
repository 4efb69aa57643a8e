import { Writable } from "node:stream";
import { beforeAll, describe, expect, it } from "vitest";
import { KameraError } from "../../src/kameraError.ts";
import type { DumpDocument } from "../../src/results/dumpFormat.ts";
import { decodeDump, parseDump } from "../../src/results/dumpReader.ts";
import { writeDump } from "../../src/results/dumpWriter.ts";
import { sampleGraph, sampleStates } from "./sampleGraph.ts";

let text = "";
beforeAll(async () => {
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

/** A fresh copy of the sample document, edited by `edit`. */
function edited(edit: (doc: DumpDocument) => void): DumpDocument {
  const doc = JSON.parse(text) as DumpDocument;
  edit(doc);
  return doc;
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

describe("reading dumps", () => {
  it("rebuilds the graph: states, objects, pending, outcomes, steps and edges", () => {
    const { graph, scenario, createdBy, complete } = parseDump(text, "sample.json");
    const original = sampleGraph();
    expect(scenario).toEqual({ name: "sample" });
    expect(createdBy).toMatch(/^kamera /);
    expect(complete).toBe(true);
    expect(graph.stateCount()).toBe(original.stateCount());
    for (let s = 0; s < graph.stateCount(); s++) {
      expect(graph.stateId(s)).toBe(original.stateId(s));
      expect(graph.depth(s)).toBe(original.depth(s));
      expect(graph.outcome(s)).toEqual(original.outcome(s));
      expect(graph.pending(s)).toEqual(original.pending(s));
      expect(graph.objects(s)).toEqual(original.objects(s));
    }
    expect(graph.edgeCount()).toBe(original.edgeCount());
    for (let e = 0; e < graph.edgeCount(); e++) {
      expect(graph.edge(e)).toEqual(original.edge(e));
      expect(graph.step(graph.edge(e)[2])).toEqual(original.step(original.edge(e)[2]));
    }
  });

  it("shares one frozen instance per object version across states and effects", () => {
    const { graph } = parseDump(text, "sample.json");
    const foo1 = graph.objects(1)[0]!;
    expect(graph.objects(2)[1]).toBe(foo1);
    expect(graph.step(0).effects[0]!.after).toBe(foo1);
    expect(Object.isFrozen(foo1)).toBe(true);
    expect(Object.isFrozen(foo1.metadata)).toBe(true);
  });

  it("never recomputes digests: a version 1 dump (no checksum) with arbitrary labels loads", () => {
    const doc = edited((d) => {
      (d as { version: number }).version = 1;
      delete d.checksum;
      const relabel = new Map(d.objects.map((o, i) => [o.hash, `obj-${i}`]));
      for (const o of d.objects) o.hash = relabel.get(o.hash)!;
      for (const s of d.states) for (const r of s.objects) r[1] = relabel.get(r[1])!;
      for (const st of d.steps)
        for (const e of st.effects) {
          if (e.before) e.before = relabel.get(e.before)!;
          if (e.after) e.after = relabel.get(e.after)!;
        }
    });
    const { graph } = decodeDump(doc, "relabelled.json");
    expect(graph.objects(3)).toEqual(sampleGraph().objects(3));
  });

  it("rejects a document that is not a kamera dump", () => {
    expect(problemOf(() => decodeDump([], "a.json"))).toBe("cannot load dump a.json: not a kamera dump (the file holds an array, not a JSON object)");
    expect(problemOf(() => decodeDump({ version: 1 }, "a.json"))).toMatch(/not a kamera dump \(no "format" field/);
    expect(problemOf(() => decodeDump({ format: "kamera-trace", version: 1 }, "a.json"))).toMatch(
      /not a kamera dump \(format is the string "kamera-trace", expected "kamera-dump"\)/,
    );
    expect(problemOf(() => parseDump('"hello"', "a.json"))).toMatch(/not a kamera dump \(it does not start with a JSON object/);
  });

  it("rejects a newer or unknown version, naming both versions", () => {
    expect(problemOf(() => decodeDump(edited((d) => ((d as { version: number }).version = 3)), "new.json"))).toBe(
      "cannot load dump new.json: dump version 3 was written by a newer kamera; this build reads versions 1 and 2",
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d as { version: unknown }).version = "1")), "odd.json"))).toBe(
      'cannot load dump odd.json: unsupported dump version the string "1"; this build reads versions 1 and 2',
    );
  });

  it("reports a truncated file as truncated wherever it is cut", () => {
    for (const cut of [text.trimEnd().length - 1, text.trimEnd().length - 3, Math.floor(text.length / 2), text.indexOf('"states"') + 12, 40]) {
      expect(problemOf(() => parseDump(text.slice(0, cut), "cut.json"))).toMatch(/^cannot load dump cut\.json: the file is truncated/);
    }
    expect(problemOf(() => parseDump("", "empty.json"))).toBe("cannot load dump empty.json: the file is empty");
  });

  it("reports a syntax error with its line and column, not a parser stack", () => {
    const broken = text.replace('"states":[', '"states":[}');
    const message = problemOf(() => parseDump(broken, "bad.json"));
    expect(message).toMatch(/^cannot load dump bad\.json: the file is not valid JSON at line \d+, column \d+/);
    expect(message).not.toMatch(/at JSON\.parse/);
  });

  it("names the location of a dangling object reference", () => {
    const doc = edited((d) => (d.states[2]!.objects[0]![1] = "feedfacefeedface"));
    expect(problemOf(() => decodeDump(doc, "d.json"))).toBe(
      'cannot load dump d.json: states[2].objects[0][1]: object "feedfacefeedface" is not in the dump\'s objects',
    );
    const key = edited((d) => (d.states[2]!.objects[0]![0] = 9));
    expect(problemOf(() => decodeDump(key, "d.json"))).toBe("cannot load dump d.json: states[2].objects[0][0]: key 9 does not exist (the dump has 4)");
    const effect = edited((d) => (d.steps[10]!.effects[1]!.after = "nope"));
    expect(problemOf(() => decodeDump(effect, "d.json"))).toMatch(/steps\[10\]\.effects\[1\]\.after: object "nope" is not in/);
  });

  it("names edges that point at missing states or steps", () => {
    expect(problemOf(() => decodeDump(edited((d) => (d.edges[3]![1] = 99)), "e.json"))).toBe(
      "cannot load dump e.json: edges[3][1]: state 99 does not exist (the dump has 11)",
    );
    expect(problemOf(() => decodeDump(edited((d) => (d.edges[0]![2] = -1)), "e.json"))).toMatch(
      /edges\[0\]\[2\]: expected a step number, got number -1/,
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d.edges as unknown[])[1] = [0, 1])), "e.json"))).toMatch(
      /edges\[1\]: expected \[from, to, stepId\], got 2 numbers/,
    );
  });

  it("catches counts that disagree with the contents", () => {
    const doc = edited((d) => d.steps.pop());
    expect(problemOf(() => decodeDump(doc, "c.json"))).toBe(
      "cannot load dump c.json: counts.steps: the header says number 12 but the file holds 11 (damaged or edited file)",
    );
    const extra = edited((d) => d.edges.push([0, 1, 0]));
    expect(problemOf(() => decodeDump(extra, "c.json"))).toBe(
      "cannot load dump c.json: edges[12]: the header says 12 edges, but there are more (damaged or edited file)",
    );
    const missing = edited((d) => delete (d as Partial<typeof d>).keys);
    expect(problemOf(() => decodeDump(missing, "c.json"))).toBe("cannot load dump c.json: keys: expected an array, got nothing");
  });

  it("catches a state key that disagrees with the object it references, and a key listed twice", () => {
    const doc = edited((d) => (d.states[1]!.objects[0]![0] = 1));
    expect(problemOf(() => decodeDump(doc, "k.json"))).toMatch(
      /states\[1\]\.objects\[0\]: key 1 \(core\/ConfigMap default\/cfg\) does not match object "[0-9a-f]+" \(webapp\.example\.com\/Foo default\/foo\)/,
    );
    const twice = edited((d) => d.states[2]!.objects.push(d.states[2]!.objects[0]!));
    expect(problemOf(() => decodeDump(twice, "k.json"))).toMatch(/states\[2\]\.objects\[2\]: core\/ConfigMap default\/cfg is listed twice in one state/);
    const badKind = edited((d) => (d.keys[0]!.kind = "foo"));
    expect(problemOf(() => decodeDump(badKind, "k.json"))).toMatch(/keys\[0\]: kind "webapp\.example\.com\/foo" is not valid/);
    const dupKey = edited((d) => (d.keys[3]!.name = "cfg"));
    expect(problemOf(() => decodeDump(dupKey, "k.json"))).toMatch(/keys\[3\]: is the same key as keys\[1\]/);
    const tuple = edited((d) => ((d.states[1]!.objects as unknown[])[0] = { key: 0 }));
    expect(problemOf(() => decodeDump(tuple, "k.json"))).toMatch(/states\[1\]\.objects\[0\]: expected \[key, hash\], got an object/);
  });

  it("catches wrong types, unknown outcomes and ops, and duplicate ids", () => {
    expect(problemOf(() => decodeDump(edited((d) => ((d.states[0] as { depth: unknown }).depth = "0")), "t.json"))).toMatch(
      /states\[0\]\.depth: expected a non-negative integer, got the string "0"/,
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d.states[3] as { outcome: string }).outcome = "done")), "t.json"))).toMatch(
      /states\[3\]\.outcome: expected one of converged, aborted, expanded, unexpanded, got "done"/,
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d.steps[0]!.effects[0] as { op: string }).op = "PUT")), "t.json"))).toMatch(
      /steps\[0\]\.effects\[0\]\.op: expected one of CREATE/,
    );
    expect(problemOf(() => decodeDump(edited((d) => (d.states[5]!.id = sampleStates[1]!.id)), "t.json"))).toMatch(
      /states\[5\]\.id: "5eed000000000001" is also the id of states\[1\]/,
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d.states[0]!.pending[0] as { request: unknown }).request = null)), "t.json"))).toMatch(
      /states\[0\]\.pending\[0\]\.request: expected an object, got null/,
    );
    expect(problemOf(() => decodeDump(edited((d) => ((d.objects[0]!.object as { kind?: string }).kind = undefined)), "t.json"))).toMatch(
      /objects\[0\]\.object: object has no valid apiVersion\/kind/,
    );
  });

  it("rejects a dump without states", () => {
    const doc = edited((d) => {
      d.states = [];
      d.edges = [];
      d.counts.states = 0;
      d.counts.edges = 0;
    });
    expect(problemOf(() => decodeDump(doc, "s.json"))).toMatch(/states: is empty: a dump holds at least the initial state/);
  });
});
