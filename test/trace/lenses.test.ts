import { beforeAll, describe, expect, it } from "vitest";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { knowledgeLens, lifecycleLens, parseTrace, provenanceLens, ROOT_EVENT_LABEL, type Trace } from "../../src/index.ts";
import { knowledgeText, lifecycleText, provenanceText } from "../../src/trace/lensText.ts";
import { objectKeys } from "../../src/trace/lifecycleLens.ts";
import { cutBeforeLastEnd, recordMirrorTrace, type Recorded } from "./recordedTrace.ts";
import { FAILURE, recordRecreateTrace, type RecordedRecreate } from "./recreatedTrace.ts";
import { recordReadAcrossLivesTrace, type RecordedReadAcrossLives } from "./readAcrossLivesTrace.ts";

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
    expect(lc.lives).toHaveLength(1);
    const versions = lc.lives[0]!.versions;
    expect(versions.map((v) => [v.resourceVersion, v.writer.traced && `${v.writer.controller} ${v.writer.op} ${v.writer.reconcileId}`])).toEqual([
      [rec.rv.mirrorB, "MirrorController CREATE id-001"],
      [rec.rv.mirrorE, "MirrorController UPDATE id-007"],
      [rec.rv.mirrorF, "MirrorController UPDATE id-012"],
    ]);
    expect(versions[0]!.diff).toBe("");
    expect(versions[1]!.diff).toContain('-    "greeting": "hello"\n+    "greeting": "hi"');
    expect(versions[2]!.diff).toContain('-    "greeting": "hi"\n+    "greeting": "hey"');
  });

  it("lifecycle: versions written outside the trace name the event that first saw them", () => {
    const lc = lifecycleLens(trace, "core/ConfigMap/default/web");
    expect(lc.lives.map((l) => l.uid)).toEqual([trace.events[0]!.uid]);
    expect(lc.lives[0]!.versions.map((v) => [v.resourceVersion, v.writer.traced ? `by ${v.writer.controller}` : `seen by #${v.writer.firstSeenBy.index}`])).toEqual([
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

describe("a trace cut while its last reconcile ran: no end record for it", () => {
  let rec: Recorded;
  let whole: Trace;
  let cut: Trace;
  beforeAll(async () => {
    rec = await recordMirrorTrace();
    whole = parseTrace(rec.text, rec.file);
    cut = parseTrace(cutBeforeLastEnd(rec.text), rec.file);
  });

  it("every lens that names a reconcile marks the one without an end record unfinished, and only that one", () => {
    expect(cut.problems).toEqual([]);
    const reconciles = (t: Trace) => provenanceLens(t).flatMap((tree) => tree.reconciles.flatMap(function all(r): [string, boolean][] {
      return [[r.reconcileId, r.unfinished === true], ...r.writes.flatMap((w) => w.caused.flatMap(all))];
    }));
    expect(reconciles(cut)).toEqual([["id-001", false], ["id-005", false], ["id-007", false], ["id-012", true]]);
    const lastTree = provenanceLens(cut).at(-1)!;
    expect(provenanceText([lastTree])).toContain(`reconcile MirrorController default/web [id-012] read core/ConfigMap/default/web@${rec.rv.webD}  unfinished: no end record\n`);

    const writes = knowledgeLens(cut);
    expect(writes.map((w) => [w.reconcileId, w.reconcileUnfinished])).toEqual([
      ["id-001", undefined],
      ["id-007", undefined],
      ["id-012", true],
    ]);
    expect(knowledgeText(writes)).toContain(`#10 MirrorController UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorF}  reconcile unfinished: no end record\n`);

    const mirror = lifecycleLens(cut, "ConfigMap/default/web-mirror");
    expect(mirror.lives[0]!.versions.map((v) => v.writer.traced && v.writer.reconcileUnfinished)).toEqual([undefined, undefined, true]);
    expect(lifecycleText(mirror)).toContain(`(UPDATE, event #10 ${cut.events[10]!.id}, reconcile id-012 unfinished: no end record)\n`);

    expect(reconciles(whole).every(([, unfinished]) => !unfinished)).toBe(true);
    const everything = [...objectKeys(whole).map((k) => lifecycleText(lifecycleLens(whole, k))), provenanceText(provenanceLens(whole)), knowledgeText(knowledgeLens(whole))].join("");
    expect(everything).not.toContain("unfinished");
  });
});

describe("a trace where an object is deleted and created again under its name, and a reconcile fails", () => {
  let rec: RecordedRecreate;
  let trace: Trace;
  beforeAll(async () => {
    rec = await recordRecreateTrace();
    trace = parseTrace(rec.text, rec.file);
  });

  it("lifecycle: the recreated object is a second life, with its own uid, versions and no diff from the deleted one", () => {
    const lc = lifecycleLens(trace, "ConfigMap/default/app");
    expect(lc.lives.map((l) => [l.uid, l.versions.map((v) => v.resourceVersion), l.deletedBy.map((d) => `${d.controller} #${d.index}`)])).toEqual([
      [rec.uid.first, [rec.rv.appA], ["Keeper #1"]],
      [rec.uid.second, [rec.rv.appB, rec.rv.appC], []],
    ]);
    expect(lc.lives[1]!.versions[0]!.diff).toBe("");
    expect(lc.lives[1]!.versions[1]!.diff).toContain('-    "v": "2"\n+    "v": "3"');
    expect(lifecycleText(lc)).toContain(
      [
        `lifecycle of core/ConfigMap/default/app: 3 version(s) in 2 lives (deleted and created again)`,
        `  first life, uid ${rec.uid.first}`,
        `  rv ${rec.rv.appA}  not written by a traced client; first seen by Keeper (GET, event #0)`,
        `  deleted by Keeper (event #1 ${trace.events[1]!.id})`,
        `  recreated: a new object under the same name, uid ${rec.uid.second}`,
        `  rv ${rec.rv.appB}  written by Keeper (CREATE, event #2 ${trace.events[2]!.id}, reconcile id-001)`,
      ].join("\n"),
    );
  });

  it("lifecycle: an object only a failed call names (a GET answered NotFound) has no lifecycle, and the error says it never existed", () => {
    expect(objectKeys(trace)).toEqual(["core/ConfigMap/default/app"]);
    expect(() => lifecycleLens(trace, "ConfigMap/default/ghost")).toThrow(
      "ConfigMap/default/ghost never existed in the trace: no version of it was read or written, only failed calls name it (event #5 GET 404 NotFound); it has: core/ConfigMap/default/app",
    );
  });

  it("every lens that names a reconcile marks the one that failed with its error, and only that one", () => {
    expect(trace.reconciles.get("id-005")!.error).toBe(FAILURE);
    const [tree] = provenanceLens(trace);
    const r1 = tree!.reconciles[0]!;
    const r2 = r1.writes[1]!.caused[0]!;
    expect([r1.reconcileId, r1.error, r2.reconcileId, r2.error]).toEqual(["id-001", undefined, "id-005", FAILURE]);
    expect(provenanceText([tree!])).toContain(`reconcile Keeper default/app [id-005] read core/ConfigMap/default/app@${rec.rv.appB}  failed: ${FAILURE}\n`);
    expect(provenanceText([tree!])).toContain(`reconcile Keeper default/app [id-001] read core/ConfigMap/default/app@${rec.rv.appA}\n`);

    const writes = knowledgeLens(trace);
    expect(writes.map((w) => [w.reconcileId, w.op, w.reconcileError])).toEqual([
      ["id-001", "DELETE", undefined],
      ["id-001", "CREATE", undefined],
      ["id-005", "UPDATE", FAILURE],
    ]);
    expect(knowledgeText(writes)).toContain(`#4 Keeper UPDATE core/ConfigMap/default/app@${rec.rv.appC}  reconcile failed: ${FAILURE}\n`);

    const [created, updated] = lifecycleLens(trace, "ConfigMap/default/app").lives[1]!.versions;
    expect([created!.writer.traced && created!.writer.reconcileError, updated!.writer.traced && updated!.writer.reconcileError]).toEqual([undefined, FAILURE]);
    expect(lifecycleText(lifecycleLens(trace, "ConfigMap/default/app"))).toContain(`(UPDATE, event #4 ${trace.events[4]!.id}, reconcile id-005 failed: ${FAILURE})`);
  });
});

describe("a trace where an object is deleted and created again around a reconcile's read of it", () => {
  let rec: RecordedReadAcrossLives;
  let trace: Trace;
  beforeAll(async () => {
    rec = await recordReadAcrossLivesTrace();
    trace = parseTrace(rec.text, rec.file);
  });

  it("knowledge: a read is not stale because the object was deleted and created again after it; the new object is another life", () => {
    expect(lifecycleLens(trace, "ConfigMap/default/app").lives.map((l) => [l.uid, l.versions.map((v) => v.resourceVersion)])).toEqual([
      [rec.uid.first, [rec.rv.appA]],
      [rec.uid.second, [rec.rv.appB]],
    ]);
    const [create] = knowledgeLens(trace);
    expect([create!.reconcileId, create!.op, create!.object, create!.resourceVersion]).toEqual(["id-001", "CREATE", "core/ConfigMap/default/app-copy", rec.rv.copyX]);
    expect(create!.reads.map((r) => [r.object, r.resourceVersion, r.stale, r.newestResourceVersion])).toEqual([["core/ConfigMap/default/app", rec.rv.appA, false, rec.rv.appA]]);
  });

  it("knowledge: a read that answers the deleted object when the one created again already existed (a stale cache) is stale, newest in the new life", () => {
    const update = knowledgeLens(trace)[1]!;
    expect([update.reconcileId, update.op, update.resourceVersion]).toEqual(["id-006", "UPDATE", rec.rv.copyY]);
    expect(update.reads.map((r) => [r.object, r.resourceVersion, r.stale, r.newestResourceVersion])).toEqual([
      ["core/ConfigMap/default/app", rec.rv.appA, true, rec.rv.appB],
      ["core/ConfigMap/default/app-copy", rec.rv.copyX, false, rec.rv.copyX],
    ]);
    expect(knowledgeText(knowledgeLens(trace))).toContain(`    read core/ConfigMap/default/app@${rec.rv.appA}  STALE: the server held rv ${rec.rv.appB}\n`);
  });
});

describe("the lifecycle lens as text", () => {
  const header = '{"type":"header","format":"kamera-trace","version":1,"createdAt":"2026-01-01T00:00:00.000Z"}';
  const data = (first: string, last: string) => Object.fromEntries(Array.from({ length: 30 }, (_, i) => [`k${String(i + 1).padStart(2, "0")}`, i === 0 ? first : i === 29 ? last : "same"]));
  const version = (rv: string, hash: string, first: string, last: string) => [
    JSON.stringify({ type: "object", hash, value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "big", namespace: "default", uid: "u1", resourceVersion: rv }, data: data(first, last) } }),
    JSON.stringify({ type: "event", id: `e${rv}`, ts: "2026-01-01T00:00:00.000Z", reconcileId: null, controller: "c", rootId: null, op: "GET", group: "", kind: "ConfigMap", namespace: "default", name: "big", uid: "u1", resourceVersion: rv, hash }),
  ];

  it("a version that differs in two places far apart keeps every line of both hunks, the second after its @@ line", () => {
    const trace = parseTrace([header, ...version("5", "h5", "a", "y"), ...version("6", "h6", "b", "z"), ""].join("\n"), "big.jsonl");
    const lc = lifecycleLens(trace, "ConfigMap/default/big");
    const diff = lc.lives[0]!.versions[1]!.diff;
    const [, first, second] = diff.replace(/\n$/, "").split(/^@@ .*@@$/m);
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
    expect(first).toContain('-    "k01": "a",\n+    "k01": "b",');
    expect(second).toContain('-    "k30": "y"\n+    "k30": "z"');
    const indented = (hunk: string) => hunk.replace(/^\n|\n$/g, "").split("\n").map((l) => `      ${l}`).join("\n");
    const text = lifecycleText(lc);
    expect(text).toContain(`  rv 6  not written by a traced client; first seen by c (GET, event #1)\n${indented(first!)}\n      @@ -`);
    expect(text).toContain(`@@\n${indented(second!)}\n`);
    const changes = diff.split("\n").filter((l) => /^[-+]/.test(l) && !/^(---|\+\+\+) /.test(l));
    expect(text.split("\n").filter((l) => /^ {6}[-+]/.test(l))).toEqual(changes.map((l) => `      ${l}`));
  });
});

describe("the knowledge lens and a reconcile's own writes", () => {
  const header = '{"type":"header","format":"kamera-trace","version":1,"createdAt":"2026-01-01T00:00:00.000Z"}';
  const object = (name: string, rv: string, hash: string) =>
    JSON.stringify({ type: "object", hash, value: { apiVersion: "v1", kind: "ConfigMap", metadata: { name, namespace: "default", uid: `u-${name}`, resourceVersion: rv } } });
  const event = (id: string, reconcileId: string | null, controller: string, op: string, name: string, rv: string, hash: string) =>
    JSON.stringify({ type: "event", id, ts: "2026-01-01T00:00:00.000Z", reconcileId, controller, rootId: null, op, group: "", kind: "ConfigMap", namespace: "default", name, uid: `u-${name}`, resourceVersion: rv, hash });
  const reconcile = (id: string) => [
    JSON.stringify({ type: "reconcile", id, ts: "2026-01-01T00:00:00.000Z", controller: "C", namespace: "default", name: "app" }),
  ];
  const ended = (id: string) => JSON.stringify({ type: "reconciled", id, ts: "2026-01-01T00:00:00.000Z" });

  it("a read is not stale by a version the same reconcile wrote afterwards: the write's answer told it that version", () => {
    const text = [
      header,
      object("app", "1", "a1"),
      ...reconcile("r1"),
      event("e1", "r1", "C", "GET", "app", "1", "a1"),
      object("app", "2", "a2"),
      event("e2", "r1", "C", "UPDATE", "app", "2", "a2"),
      object("x", "3", "x3"),
      event("e3", "r1", "C", "CREATE", "x", "3", "x3"),
      ended("r1"),
      "",
    ].join("\n");
    const writes = knowledgeLens(parseTrace(text, "own.jsonl"));
    const createX = writes.find((w) => w.op === "CREATE")!;
    expect(createX.reads).toEqual([expect.objectContaining({ object: "core/ConfigMap/default/app", resourceVersion: "1", stale: false })]);
  });

  it("but a version another client wrote in between still makes it stale, whatever the reconcile wrote after", () => {
    const text = [
      header,
      object("app", "1", "a1"),
      ...reconcile("r1"),
      event("e1", "r1", "C", "GET", "app", "1", "a1"),
      object("app", "2", "a2"),
      event("e2", null, "intruder", "UPDATE", "app", "2", "a2"),
      object("app", "3", "a3"),
      event("e3", "r1", "C", "PATCH", "app", "3", "a3"),
      object("x", "4", "x4"),
      event("e4", "r1", "C", "CREATE", "x", "4", "x4"),
      ended("r1"),
      "",
    ].join("\n");
    const writes = knowledgeLens(parseTrace(text, "other.jsonl"));
    const createX = writes.find((w) => w.op === "CREATE")!;
    expect(createX.reads).toEqual([expect.objectContaining({ object: "core/ConfigMap/default/app", resourceVersion: "1", stale: true, newestResourceVersion: "3" })]);
  });
});
