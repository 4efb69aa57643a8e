import { beforeAll, describe, expect, it } from "vitest";
import { InspectedTrace, objectFate } from "../../../src/inspect/model/inspectedTrace.ts";
import { fragmentOfPlace, placeOfFragment } from "../../../src/inspect/model/tracePlace.ts";
import { parseTrace } from "../../../src/trace/traceParser.ts";
import { externalRootId } from "../../../src/trace/traceRecorder.ts";
import { cutBeforeLastEnd, recordMirrorTrace, type Recorded } from "../../trace/recordedTrace.ts";
import { recordRecreateTrace } from "../../trace/recreatedTrace.ts";

describe("a trace as both inspectors navigate it", () => {
  let rec: Recorded;
  let t: InspectedTrace;
  beforeAll(async () => {
    rec = await recordMirrorTrace();
    t = new InspectedTrace(parseTrace(rec.text, "trace.jsonl"), "trace.jsonl");
  });

  it("lists objects with their version counts and writers, roots with what they caused, and counts stale writes", () => {
    expect(t.summary()).toBe("11 event(s), 4 reconcile(s), 6 object version(s), 3 write(s), 1 acting on stale reads");
    expect(t.objects).toEqual([
      { key: "core/ConfigMap/default/web", versions: 3, writers: ["intruder"], lives: 1, deleted: false },
      { key: "core/ConfigMap/default/web-mirror", versions: 3, writers: ["MirrorController"], lives: 1, deleted: false },
    ]);
    const web = (rv: string) => externalRootId("core/ConfigMap/default/web", rv);
    expect(t.roots).toEqual([
      { rootId: web(rec.rv.webA), origin: `core/ConfigMap/default/web@${rec.rv.webA}`, reconciles: 2, writes: 1, failed: 0, unfinished: 0 },
      { rootId: web(rec.rv.webC), origin: `core/ConfigMap/default/web@${rec.rv.webC}`, reconciles: 1, writes: 1, failed: 0, unfinished: 0 },
      { rootId: web(rec.rv.webD), origin: `core/ConfigMap/default/web@${rec.rv.webD}`, reconciles: 1, writes: 1, failed: 0, unfinished: 0 },
    ]);
    expect(t.staleWrites).toBe(1);
  });

  it("answers a lifecycle by short spec or full key alike, and finds a write's root", () => {
    expect(t.lifecycle("ConfigMap/default/web-mirror")).toBe(t.lifecycle("core/ConfigMap/default/web-mirror"));
    const stale = t.writes.find((w) => w.reads.some((r) => r.stale))!;
    expect(t.indexOfEvent(stale.eventId)).toBe(7);
    expect(t.rootOfEvent(stale.eventId)).toBe(externalRootId("core/ConfigMap/default/web", rec.rv.webC));
    expect(() => t.lifecycle("ConfigMap/default/nope")).toThrow(/the trace has no object ConfigMap\/default\/nope/);
  });

  it("counts the reconcile without an end record (the trace was cut while it ran) in the summary and in its root's row", () => {
    const cut = new InspectedTrace(parseTrace(cutBeforeLastEnd(rec.text), "trace.jsonl"), "trace.jsonl");
    expect(cut.summary()).toBe("11 event(s), 4 reconcile(s) (1 unfinished), 6 object version(s), 3 write(s), 1 acting on stale reads");
    expect(cut.roots.map((r) => [r.reconciles, r.failed, r.unfinished])).toEqual([
      [2, 0, 0],
      [1, 0, 0],
      [1, 0, 1],
    ]);
  });
});

describe("a trace where an object is deleted and created again, and a GET answers NotFound", () => {
  let t: InspectedTrace;
  beforeAll(async () => {
    const rec = await recordRecreateTrace();
    t = new InspectedTrace(parseTrace(rec.text, "trace.jsonl"), "trace.jsonl");
  });

  it("lists the recreated object once, with its two lives, as existing at the end; the object only the NotFound names is not listed", () => {
    expect(t.objects).toEqual([{ key: "core/ConfigMap/default/app", versions: 3, writers: ["Keeper"], lives: 2, deleted: false }]);
    expect(objectFate(t.objects[0]!)).toEqual(["recreated"]);
    expect(t.hasObject("core/ConfigMap/default/app")).toBe(true);
    expect(t.hasObject("core/ConfigMap/default/ghost")).toBe(false);
    expect(t.lifecycle("ConfigMap/default/app").lives).toHaveLength(2);
    expect(() => t.lifecycle("ConfigMap/default/ghost")).toThrow(/ConfigMap\/default\/ghost never existed in the trace/);
  });

  it("counts the failed reconcile in the summary and in its root's row", () => {
    expect(t.summary()).toBe("6 event(s), 2 reconcile(s) (1 failed), 3 object version(s), 3 write(s), 0 acting on stale reads");
    expect(t.roots.map((r) => [r.reconciles, r.writes, r.failed, r.unfinished])).toEqual([[2, 3, 1, 0]]);
  });
});

describe("a place in the trace page as a URL fragment", () => {
  it("round-trips lens, item and focus, escaping slashes, and falls back to lifecycle for an unknown lens", () => {
    const place = { lens: "lifecycle" as const, item: "core/ConfigMap/default/web", focus: "7" };
    expect(fragmentOfPlace(place)).toBe("#lens=lifecycle&item=core%2FConfigMap%2Fdefault%2Fweb&focus=7");
    expect(placeOfFragment(fragmentOfPlace(place))).toEqual(place);
    expect(placeOfFragment("#lens=knowledge")).toEqual({ lens: "knowledge" });
    expect(placeOfFragment("#lens=everything&item=x")).toEqual({ lens: "lifecycle", item: "x" });
    expect(placeOfFragment("")).toEqual({ lens: "lifecycle" });
  });
});
