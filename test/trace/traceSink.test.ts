import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Writable } from "node:stream";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { describe, expect, it } from "vitest";
import { MirrorReconciler } from "../../examples/config-mirror/mirrorReconciler.ts";
import { sourceConfigMap } from "../../examples/config-mirror/scenario.ts";
import { ExplorerBuilder, openTraceFile, parseTrace, streamSink, traceClient, traceReconciler } from "../../src/index.ts";

describe("trace sinks", () => {
  it("an unwritable file is an error when it is opened, not lost records later", async () => {
    await expect(openTraceFile("/nonexistent-dir/trace.jsonl")).rejects.toThrow(/^cannot write the trace file \/nonexistent-dir\/trace.jsonl: ENOENT.*\(choose a path in a writable directory\)$/);
  });

  it("appending to a file that is not a trace is refused", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "notes.txt");
    await writeFile(file, "my notes\n");
    await expect(openTraceFile(file)).rejects.toThrow(`cannot append to ${file}: it is not a kamera-trace version 1 file (its first line is not that header); choose a new file`);
  });

  it("a new file gets one header; reopening appends without another", async () => {
    const file = join(await mkdtemp(join(tmpdir(), "kamera-trace-")), "t.jsonl");
    await (await openTraceFile(file)).close();
    await (await openTraceFile(file)).close();
    const lines = (await readFile(file, "utf8")).split("\n").filter((l) => l !== "");
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0]!)).toMatchObject({ type: "header", format: "kamera-trace", version: 1 });
  });

  it("an ended stream is an error at start", async () => {
    const s = new PassThrough();
    s.end();
    await expect(streamSink(s)).rejects.toThrow("streamSink: the stream is not writable (ended, closed or destroyed)");
  });

  it("a stream that fails makes the next flush throw, naming the trace stream", async () => {
    let fail = false;
    const s = new Writable({ write: (_c, _e, cb) => cb(fail ? new Error("disk full") : null) });
    s.on("error", () => undefined);
    const sink = await streamSink(s);
    fail = true;
    sink.write("{}");
    await expect(sink.flush()).rejects.toThrow("trace stream: writing the trace failed: disk full");
    await expect(sink.flush()).rejects.toThrow("disk full");
  });

  it("traces kamera's own Client too, in an exploration: the same reconciler records in simulation", async () => {
    const chunks: string[] = [];
    const out = new Writable({ write: (c, _e, cb) => (chunks.push(String(c)), cb()) });
    const sink = await streamSink(out);
    let n = 0;
    const newId = () => `s-${++n}`;
    const eb = new ExplorerBuilder();
    eb.withReconciler("MirrorController", (c) =>
      traceReconciler(new MirrorReconciler(traceClient(c, { controller: "MirrorController", sink, newId }).asKubernetesObjectApi()), { controller: "MirrorController", sink, newId }),
    ).for("core/ConfigMap");
    const result = await eb.build().explore(eb.initialState().addTopLevelObject(sourceConfigMap(), "MirrorController").build());
    expect(result.convergedStates).toHaveLength(1);
    const trace = parseTrace(chunks.join(""));
    expect(trace.problems).toEqual([]);
    const create = trace.events.find((e) => e.op === "CREATE")!;
    expect([create.controller, create.name, create.rootId]).toEqual(["MirrorController", "web-mirror", externalRootId("core/ConfigMap/default/web", trace.events[0]!.resourceVersion)]);
  });
});
