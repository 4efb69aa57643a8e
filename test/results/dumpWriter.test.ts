import { Writable } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { ArrayResultGraph, type ArrayGraphState } from "../../src/results/arrayResultGraph.ts";
import type { DumpDocument } from "../../src/results/dumpFormat.ts";
import { writeDump } from "../../src/results/dumpWriter.ts";
import type { StepRecord } from "../../src/explore/stepRecord.ts";
import { foo0, foo1, sampleGraph } from "./sampleGraph.ts";

const digestMode = vi.hoisted(() => ({ constant: false }));
vi.mock("../../src/results/objectDigest.ts", async (importOriginal) => {
  const actual = await importOriginal<typeof import("../../src/results/objectDigest.ts")>();
  return { ...actual, digestText: (t: string) => (digestMode.constant ? "00000000000000aa" : actual.digestText(t)) };
});

/** A sink that records chunks, acknowledging each only after a macrotask (a slow disk). */
class SlowSink extends Writable {
  readonly chunks: string[] = [];
  constructor() {
    super({ highWaterMark: 1024, decodeStrings: false });
  }
  override _write(chunk: string | Buffer, _enc: BufferEncoding, done: (e?: Error | null) => void): void {
    this.chunks.push(chunk.toString());
    setImmediate(done);
  }
  get text(): string {
    return this.chunks.join("");
  }
}

async function dumpOf(graph: Parameters<typeof writeDump>[0], opts?: Parameters<typeof writeDump>[2]) {
  const sink = new SlowSink();
  const summary = await writeDump(graph, sink, opts);
  return { text: sink.text, doc: JSON.parse(sink.text) as DumpDocument, summary, sink };
}

/** A chain of n states, each with its own ConfigMap version. */
function chain(n: number): ArrayResultGraph {
  const states: ArrayGraphState[] = [];
  const steps: StepRecord[] = [];
  const edges: [number, number, number][] = [];
  for (let i = 0; i < n; i++) {
    const cm = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "cm", namespace: "default" }, data: { i: String(i) } };
    states.push({ id: i.toString(16).padStart(16, "0"), objects: [cm], pending: [], outcome: { kind: i === n - 1 ? "converged" : "expanded" }, depth: i });
    if (i > 0) {
      steps.push({ reconcilerId: "Counter", request: { namespace: "default", name: "cm" }, effects: [] });
      edges.push([i - 1, i, i - 1]);
    }
  }
  return new ArrayResultGraph({ states, steps, edges });
}

describe("writing dumps", () => {
  it("writes the versioned header, the scenario and exact counts", async () => {
    const { doc, summary } = await dumpOf(sampleGraph(), { scenario: { name: "sample", description: "one of everything" } });
    expect(doc.format).toBe("kamera-dump");
    expect(doc.version).toBe(2);
    expect(doc.checksum).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.createdBy).toMatch(/^kamera \d+\.\d+\.\d+/);
    expect(doc.scenario).toEqual({ name: "sample", description: "one of everything" });
    expect(doc.complete).toBe(true);
    expect(doc.counts).toEqual({ objects: doc.objects.length, keys: 4, states: 11, steps: 12, edges: 12 });
    expect(summary).toMatchObject(doc.counts);
  });

  it("stores each object version once and references it by hash from states and effects", async () => {
    const { doc } = await dumpOf(sampleGraph());
    // foo0, foo1, foo2, cfg, cfgDeleting, cfg2, web1, web2.
    expect(doc.objects).toHaveLength(8);
    expect(new Set(doc.objects.map((o) => o.hash)).size).toBe(8);
    const hashOf = (o: object) => doc.objects.find((e) => JSON.stringify(e.object) === JSON.stringify(o))!.hash;
    expect(doc.states[1]!.objects).toEqual([[0, hashOf(foo1)]]);
    expect(doc.states[2]!.objects.map(([k]) => k)).toEqual([1, 0]);
    expect(doc.steps[0]!.effects[0]).toEqual({
      op: "UPDATE",
      group: "webapp.example.com",
      kind: "Foo",
      namespace: "default",
      name: "foo",
      before: hashOf(foo0),
      after: hashOf(foo1),
    });
  });

  it("stores each object key once, with its group and kind", async () => {
    const { doc } = await dumpOf(sampleGraph());
    expect(doc.keys).toEqual([
      { group: "webapp.example.com", kind: "Foo", namespace: "default", name: "foo" },
      { group: "", kind: "ConfigMap", namespace: "default", name: "cfg" },
      { group: "apps", kind: "Deployment", namespace: "default", name: "web" },
      { group: "", kind: "ConfigMap", namespace: "default", name: "cfg-2" },
    ]);
  });

  it("records outcomes, reasons, errors, violations and step details", async () => {
    const { doc } = await dumpOf(sampleGraph(false), { stats: undefined });
    expect(doc.complete).toBe(false);
    expect(doc.states[4]).toMatchObject({
      outcome: "aborted",
      reason: "error",
      error: "boom: cannot reach backend",
      failedReconcile: { reconcilerId: "BarController", request: { namespace: "default", name: "foo" } },
    });
    expect(doc.states[7]!.violations).toEqual([{ invariant: "one config map", message: "2 ConfigMaps in default" }]);
    expect(doc.states[8]!.outcome).toBe("unexpanded");
    expect(doc.steps[3]).toMatchObject({ requeueAfter: 5000, choices: ["mode=1"], staleView: { "webapp.example.com/Foo": 2 } });
    expect(doc.steps[2]!.requeue).toBe(true);
    expect(doc.steps[4]).toMatchObject({ error: "boom: cannot reach backend", effects: [] });
    expect(doc.edges[0]).toEqual([0, 1, 0]);
  });

  it("puts one element per line so dumps diff and grep well", async () => {
    const { text, doc } = await dumpOf(sampleGraph());
    const lines = text.trimEnd().split("\n");
    const elements = doc.objects.length + doc.keys.length + doc.states.length + doc.steps.length + doc.edges.length;
    // The header, then per section an opening line, its elements and a closing line, then the checksum.
    expect(lines).toHaveLength(1 + 5 * 2 + elements + 1);
    expect(lines.filter((l) => l.startsWith('{"id":'))).toHaveLength(11);
  });

  it("writes the same bytes for the same graph", async () => {
    const a = await dumpOf(sampleGraph(), { scenario: { name: "x" } });
    const b = await dumpOf(sampleGraph(), { scenario: { name: "x" } });
    expect(a.text).toBe(b.text);
  });

  it("streams a large graph in bounded chunks, waiting for a slow sink to drain", async () => {
    const { sink, doc, summary } = await dumpOf(chain(5000));
    expect(doc.states).toHaveLength(5000);
    expect(sink.chunks.length).toBeGreaterThan(5);
    // Each chunk is at most the flush threshold plus one element.
    for (const c of sink.chunks) expect(c.length).toBeLessThan((1 << 16) + 1000);
    expect(summary.chars).toBe(sink.text.length);
  });

  it("fails with the sink's error when the sink fails", async () => {
    const broken = new Writable({
      write(_chunk, _enc, done) {
        done(new Error("disk full"));
      },
    });
    await expect(writeDump(chain(3000), broken)).rejects.toThrow("disk full");
  });

  it("gives distinct labels to different objects whose digests collide", async () => {
    digestMode.constant = true;
    try {
      const { doc } = await dumpOf(sampleGraph());
      expect(doc.objects.map((o) => o.hash)).toEqual([
        "00000000000000aa",
        "00000000000000aa-1",
        "00000000000000aa-2",
        "00000000000000aa-3",
        "00000000000000aa-4",
        "00000000000000aa-5",
        "00000000000000aa-6",
        "00000000000000aa-7",
      ]);
    } finally {
      digestMode.constant = false;
    }
  });

  it("stores equal objects held as separate instances once", async () => {
    const copy = structuredClone(foo1);
    const g = new ArrayResultGraph({
      states: [
        { id: "a", objects: [foo1], pending: [], outcome: { kind: "expanded" }, depth: 0 },
        { id: "b", objects: [copy], pending: [], outcome: { kind: "converged" }, depth: 1 },
      ],
      steps: [{ reconcilerId: "A", request: { namespace: "", name: "x" }, effects: [] }],
      edges: [[0, 1, 0]],
    });
    const { doc } = await dumpOf(g);
    expect(doc.objects).toHaveLength(1);
  });

  it("rejects a scenario that is not a plain JSON object", async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    await expect(writeDump(sampleGraph(), new SlowSink(), { scenario: cyclic })).rejects.toThrow(/scenario cannot be written as JSON/);
    await expect(writeDump(sampleGraph(), new SlowSink(), { scenario: [] as never })).rejects.toThrow(/plain object/);
  });
});
