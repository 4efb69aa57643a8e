import { stripVTControlCharacters } from "node:util";
import { render } from "ink-testing-library";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { InspectedTrace } from "../../../src/inspect/model/inspectedTrace.ts";
import { TraceInspector } from "../../../src/inspect/tui/traceInspector.tsx";
import { parseTrace } from "../../../src/trace/traceParser.ts";
import { externalRootId } from "../../../src/trace/traceRecorder.ts";
import { cutBeforeLastEnd, recordMirrorTrace, type Recorded } from "../../trace/recordedTrace.ts";
import { FAILURE, recordRecreateTrace, type RecordedRecreate } from "../../trace/recreatedTrace.ts";

const KEY = { pageDown: "\u001b[6~", tab: "\t" };

let app: ReturnType<typeof render> | undefined;
afterEach(() => {
  app?.unmount();
  app = undefined;
});

let rec: Recorded;
let trace: InspectedTrace;
let recreate: RecordedRecreate;
let recreated: InspectedTrace;
beforeAll(async () => {
  rec = await recordMirrorTrace();
  trace = new InspectedTrace(parseTrace(rec.text, "trace.jsonl"), "trace.jsonl");
  recreate = await recordRecreateTrace();
  recreated = new InspectedTrace(parseTrace(recreate.text, "recreate.jsonl"), "recreate.jsonl");
});

const frame = () => stripVTControlCharacters(app!.lastFrame() ?? "");
/** Waits until the screen shows `text` (Ink draws after the key is handled, when it gets to it). */
const shows = (text: string) => expect.poll(frame, { timeout: 10_000 }).toContain(text);

describe("the terminal trace inspector", () => {
  it("lifecycle: lists the objects and shows the selected one's versions with writers and diffs", async () => {
    app = render(<TraceInspector trace={trace} columns={100} rows={40} />);
    await shows("trace.jsonl: 11 event(s), 4 reconcile(s), 6 object version(s), 3 write(s), 1 acting on stale reads");
    await shows("Objects");
    expect(frame()).toContain("core/ConfigMap/default/web  3 version(s)  intruder");
    expect(frame()).toContain("core/ConfigMap/default/web-mirror  3 version(s)  MirrorController");
    await shows(`lifecycle of core/ConfigMap/default/web: 3 version(s)`);
    expect(frame()).toContain(`rv ${rec.rv.webA}  not written by a traced client; first seen by MirrorController (GET, event #0)`);
    app.stdin.write("j");
    await shows("lifecycle of core/ConfigMap/default/web-mirror: 3 version(s)");
    await shows("2 of 2");
    expect(frame()).toContain(`rv ${rec.rv.mirrorE}  written by MirrorController (UPDATE, event #7 `);
    expect(frame()).toContain('-    "greeting": "hello"');
    expect(frame()).toContain('+    "greeting": "hi"');
  });

  it("knowledge: n jumps to the write made on a stale read, s lists only such writes; provenance shows a root's tree", async () => {
    app = render(<TraceInspector trace={trace} columns={120} rows={30} />);
    await shows("Objects");
    app.stdin.write("3");
    await shows("Writes in traced reconciles");
    expect(frame()).toContain(`#7 MirrorController UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorE}  1 STALE`);
    await shows("1 of 3");
    app.stdin.write("n");
    await shows("2 of 3");
    await shows(`read core/ConfigMap/default/web@${rec.rv.webC}  STALE: the server held rv ${rec.rv.webD}`);
    expect(frame()).toContain(`── write, event ${trace.writes[1]!.eventId}`);
    expect(frame()).toContain(`read core/ConfigMap/default/web-mirror@${rec.rv.mirrorB}\n`);
    app.stdin.write("s");
    await shows("1 of 1 stale");
    expect(frame()).not.toContain(`#2 MirrorController CREATE`);
    await shows("STALE: the server held rv");

    app.stdin.write("2");
    await shows("Causal roots");
    await shows(`root ${externalRootId("core/ConfigMap/default/web", rec.rv.webA)} (outside write of core/ConfigMap/default/web at rv ${rec.rv.webA})`);
    expect(frame()).toContain(`reconcile MirrorController default/web [id-001] read core/ConfigMap/default/web@${rec.rv.webA}`);
    expect(frame()).toContain(`CREATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorB} (event #2)`);
    expect(frame()).toContain(`reconcile MirrorController default/web-mirror [id-005]`);
    app.stdin.write(KEY.tab);
    await shows("Writes in traced reconciles");
  });

  it("marks the reconcile without an end record unfinished: in the summary, its root's row, the causal tree and its write", async () => {
    const cut = new InspectedTrace(parseTrace(cutBeforeLastEnd(rec.text), "running.jsonl"), "running.jsonl");
    app = render(<TraceInspector trace={cut} columns={140} rows={40} />);
    await shows("running.jsonl: 11 event(s), 4 reconcile(s) (1 unfinished)");
    app.stdin.write("2");
    await shows("Causal roots");
    expect(frame()).toContain("1 reconcile(s), 1 write(s)  1 unfinished");
    app.stdin.write("G");
    await shows(`reconcile MirrorController default/web [id-012] read core/ConfigMap/default/web@${rec.rv.webD}  unfinished: no end record`);
    app.stdin.write("3");
    await shows(`#10 MirrorController UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorF}  reconcile unfinished: no end record`);
  });

  it("leaves the terminal's last row free, so a full frame never scrolls the screen", async () => {
    app = render(<TraceInspector trace={trace} columns={100} rows={30} />);
    await shows("Objects");
    expect(frame().split("\n")).toHaveLength(29);
  });

  it("opens where it is told, and pages through a detail longer than the screen", async () => {
    const stale = trace.writes.find((w) => w.reads.some((r) => r.stale))!;
    app = render(<TraceInspector trace={trace} columns={100} rows={24} start={{ lens: "knowledge", item: stale.eventId }} />);
    await shows("2 of 3");
    await shows("STALE: the server held rv");
    app.unmount();
    app = render(<TraceInspector trace={trace} columns={100} rows={14} start={{ lens: "lifecycle", item: "core/ConfigMap/default/web-mirror" }} />);
    await shows("lifecycle of core/ConfigMap/default/web-mirror");
    await shows("(lines 1-");
    expect(frame()).not.toContain('"greeting": "hey"');
    // Five rows of detail on 14 rows of screen: four pages down (sent at once, each counts) show lines 21-25.
    app.stdin.write(KEY.pageDown.repeat(4));
    await shows("(lines 21-25 of 30)");
    expect(frame()).toContain('+    "greeting": "hey"');
  });
});

describe("the terminal trace inspector on a trace where an object is deleted and created again, and a GET answers NotFound", () => {
  it("lifecycle: lists the recreated object once, marked recreated, with its lives apart; the object that never existed is not listed", async () => {
    app = render(<TraceInspector trace={recreated} columns={120} rows={40} />);
    await shows("Objects");
    await shows("1 of 1");
    expect(frame()).toContain("core/ConfigMap/default/app  3 version(s)  Keeper · recreated\n");
    expect(frame()).not.toContain("default/ghost");
    await shows(`  first life, uid ${recreate.uid.first}`);
    expect(frame()).toContain(`  recreated: a new object under the same name, uid ${recreate.uid.second}\n  rv ${recreate.rv.appB}  written by Keeper (CREATE`);
  });

  it("marks the reconcile that failed: in its root's row, in the causal tree, and on the writes it made", async () => {
    app = render(<TraceInspector trace={recreated} columns={140} rows={40} />);
    await shows("recreate.jsonl: 6 event(s), 2 reconcile(s) (1 failed)");
    app.stdin.write("2");
    await shows("Causal roots");
    expect(frame()).toContain("2 reconcile(s), 3 write(s)  1 failed");
    await shows(`reconcile Keeper default/app [id-005] read core/ConfigMap/default/app@${recreate.rv.appB}  failed: ${FAILURE}`);
    app.stdin.write("3");
    await shows(`#4 Keeper UPDATE core/ConfigMap/default/app@${recreate.rv.appC}  reconcile failed: ${FAILURE}`);
  });
});
