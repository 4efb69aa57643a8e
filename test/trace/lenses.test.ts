import { beforeAll, describe, expect, it } from "vitest";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { knowledgeLens, lifecycleLens, parseTrace, provenanceLens, ROOT_EVENT_LABEL, type Trace } from "../../src/index.ts";
import { recordMirrorTrace, type Recorded } from "./recordedTrace.ts";

describe("a trace recorded through client-node against serve-api, read by the three lenses", () => {
  let rec: Recorded;
  let trace: Trace;
  beforeAll(async () => {
    rec = await recordMirrorTrace();
    trace = parseTrace(rec.text, rec.file);
  });

  it("records every call as an event, in order, with its reconcile, controller and version", () => {
    expect(trace.problems).toEqual([]);
    const calls = trace.events.map((e) => `${e.controller} ${e.reconcileId ?? "-"} ${e.op} ${e.name}@${e.resourceVersion}${e.error ? ` ${e.error.code}` : ""}`);
    const { webA, mirrorB, webC, webD, mirrorE, mirrorF } = rec.rv;
    expect(calls).toEqual([
      `MirrorController id-001 GET web@${webA}`,
      `MirrorController id-001 GET web-mirror@ 404`,
      `MirrorController id-001 CREATE web-mirror@${mirrorB}`,
      `MirrorController id-005 GET web-mirror@${mirrorB}`,
      `MirrorController id-007 GET web@${webC}`,
      `intruder - UPDATE web@${webD}`,
      `MirrorController id-007 GET web-mirror@${mirrorB}`,
      `MirrorController id-007 UPDATE web-mirror@${mirrorE}`,
      `MirrorController id-012 GET web@${webD}`,
      `MirrorController id-012 GET web-mirror@${mirrorE}`,
      `MirrorController id-012 UPDATE web-mirror@${mirrorF}`,
    ]);
    expect([...trace.reconciles.values()].map((r) => `${r.id} ${r.namespace}/${r.name} ${r.startIndex}-${r.endIndex}`)).toEqual([
      "id-001 default/web 0-3",
      "id-005 default/web-mirror 3-4",
      "id-007 default/web 4-8",
      "id-012 default/web 8-11",
    ]);
  });

  it("writes each object version once, content-addressed, and the mirror carries the root label of the outside write it came from", () => {
    const hashes = trace.events.flatMap((e) => (e.hash ? [e.hash] : []));
    expect(trace.objects.size).toBe(new Set(hashes).size);
    expect(rec.text.split("\n").filter((l) => l.startsWith('{"type":"object"')).length).toBe(trace.objects.size);
    const created = trace.objects.get(trace.events[2]!.hash!) as { metadata: { labels: Record<string, string> } };
    expect(created.metadata.labels[ROOT_EVENT_LABEL]).toBe(externalRootId("core/ConfigMap/default/web", rec.rv.webA));
    expect(trace.events[2]!.rootId).toBe(externalRootId("core/ConfigMap/default/web", rec.rv.webA));
  });

  it("lifecycle: the mirror's versions in order, each with its writer and a diff from the one before", () => {
    const lc = lifecycleLens(trace, "ConfigMap/default/web-mirror");
    expect(lc.object).toBe("core/ConfigMap/default/web-mirror");
    expect(lc.versions.map((v) => [v.resourceVersion, v.writer.traced && `${v.writer.controller} ${v.writer.op} ${v.writer.reconcileId}`])).toEqual([
      [rec.rv.mirrorB, "MirrorController CREATE id-001"],
      [rec.rv.mirrorE, "MirrorController UPDATE id-007"],
      [rec.rv.mirrorF, "MirrorController UPDATE id-012"],
    ]);
    expect(lc.versions[0]!.diff).toBe("");
    expect(lc.versions[1]!.diff).toContain('-    "greeting": "hello"\n+    "greeting": "hi"');
    expect(lc.versions[2]!.diff).toContain('-    "greeting": "hi"\n+    "greeting": "hey"');
  });

  it("lifecycle: versions written outside the trace name the event that first saw them", () => {
    const lc = lifecycleLens(trace, "core/ConfigMap/default/web");
    expect(lc.versions.map((v) => [v.resourceVersion, v.writer.traced ? `by ${v.writer.controller}` : `seen by #${v.writer.firstSeenBy.index}`])).toEqual([
      [rec.rv.webA, "seen by #0"],
      [rec.rv.webC, "seen by #4"],
      [rec.rv.webD, "by intruder"],
    ]);
    expect(() => lifecycleLens(trace, "ConfigMap/default/nope")).toThrow(/the trace has no object ConfigMap\/default\/nope; it has: core\/ConfigMap\/default\/web, core\/ConfigMap\/default\/web-mirror/);
    expect(() => lifecycleLens(trace, "web")).toThrow(/expected kind\/namespace\/name/);
  });

  it("provenance: the outside create of web caused r1, whose create of the mirror caused r1b", () => {
    const root = externalRootId("core/ConfigMap/default/web", rec.rv.webA);
    const [tree] = provenanceLens(trace, root);
    expect(tree!.origin).toEqual({ object: "core/ConfigMap/default/web", resourceVersion: rec.rv.webA });
    expect(tree!.reconciles.map((r) => r.reconcileId)).toEqual(["id-001"]);
    const create = tree!.reconciles[0]!.writes[0]!;
    expect([create.op, create.object, create.resourceVersion]).toEqual(["CREATE", "core/ConfigMap/default/web-mirror", rec.rv.mirrorB]);
    expect(create.caused.map((r) => [r.reconcileId, r.request, r.triggeredBy.resourceVersion])).toEqual([["id-005", "default/web-mirror", rec.rv.mirrorB]]);
    expect(provenanceLens(trace).map((t) => t.rootId)).toEqual([root, externalRootId("core/ConfigMap/default/web", rec.rv.webC), externalRootId("core/ConfigMap/default/web", rec.rv.webD)]);
    expect(() => provenanceLens(trace, "nope")).toThrow(/the trace has no root "nope"; its roots are: ext-/);
  });

  it("knowledge: r2 wrote the mirror from web@C while the server already held web@D, and the lens flags that read stale", () => {
    const writes = knowledgeLens(trace);
    expect(writes.map((w) => `${w.reconcileId} ${w.op} ${w.object}@${w.resourceVersion}`)).toEqual([
      `id-001 CREATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorB}`,
      `id-007 UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorE}`,
      `id-012 UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorF}`,
    ]);
    const stale = (i: number) => writes[i]!.reads.map((r) => `${r.object.split("/").pop()}@${r.resourceVersion}${r.stale ? ` stale<${r.newestResourceVersion}` : ""}`);
    expect(stale(0)).toEqual([`web@${rec.rv.webA}`]);
    expect(stale(1)).toEqual([`web@${rec.rv.webC} stale<${rec.rv.webD}`, `web-mirror@${rec.rv.mirrorB}`]);
    expect(stale(2)).toEqual([`web@${rec.rv.webD}`, `web-mirror@${rec.rv.mirrorE}`]);
  });
});
