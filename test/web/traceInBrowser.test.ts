import { mkdir } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInspectorServer, type InspectorServer } from "../../src/inspect/web/server/inspectorServer.ts";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { cutBeforeLastEnd, recordMirrorTrace, type Recorded } from "../trace/recordedTrace.ts";
import { FAILURE, recordRecreateTrace, type RecordedRecreate } from "../trace/recreatedTrace.ts";
import { CHROMIUM_MISSING, startChromium, type ChromiumSession } from "./chromiumSession.ts";
import { builtWebApp } from "./webAppBuild.ts";

/** Screenshots land here (gitignored); CI keeps them as test artifacts. */
const ARTIFACTS = fileURLToPath(new URL("../../test-artifacts/web/", import.meta.url));
// Generous bounds: these wait for work, not for speed, and a loaded 2-core machine is slow.
const POLL = { timeout: 60_000 };

let appDir: string;
let browser: ChromiumSession;
let served: InspectorServer;
let damaged: InspectorServer;
let plain: InspectorServer;
let recreatedServer: InspectorServer;
let runningServer: InspectorServer;
let rec: Recorded;
let recreate: RecordedRecreate;

if (CHROMIUM_MISSING) console.warn(CHROMIUM_MISSING);

/**
 * The recorded trace with a corrupt line in its middle and its last line cut off, as a writer
 * killed mid-record leaves it.
 */
function damage(text: string): { text: string; corruptLine: number; lastLine: number } {
  const lines = text.replace(/\n$/, "").split("\n");
  const corruptLine = 4;
  lines.splice(corruptLine - 1, 0, "{this is not json");
  const last = lines.length - 1;
  lines[last] = lines[last]!.slice(0, 25);
  return { text: lines.join("\n"), corruptLine, lastLine: last + 1 };
}

beforeAll(async () => {
  if (CHROMIUM_MISSING) return;
  await mkdir(ARTIFACTS, { recursive: true });
  rec = await recordMirrorTrace();
  appDir = builtWebApp();
  served = await startInspectorServer({ appDir, port: 0, result: { name: "mirror.trace.jsonl", text: rec.text, kind: "trace" } });
  damaged = await startInspectorServer({ appDir, port: 0, result: { name: "damaged.jsonl", text: damage(rec.text).text, kind: "trace" } });
  plain = await startInspectorServer({ appDir, port: 0 });
  recreate = await recordRecreateTrace();
  recreatedServer = await startInspectorServer({ appDir, port: 0, result: { name: "recreate.trace.jsonl", text: recreate.text, kind: "trace" } });
  runningServer = await startInspectorServer({ appDir, port: 0, result: { name: "running.trace.jsonl", text: cutBeforeLastEnd(rec.text), kind: "trace" } });
  browser = await startChromium();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await served?.close();
  await damaged?.close();
  await plain?.close();
  await recreatedServer?.close();
  await runningServer?.close();
});

/** A page whose script errors and console errors fail the test that opened it. */
async function openPage(url: string): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.context.newPage();
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error: ${m.text()}`);
  });
  await page.goto(url);
  return { page, errors };
}

/** The cells of a lens's list, row by row. */
function tableRows(page: Page, lens: string): Promise<string[][]> {
  return page.locator(`[data-testid=${lens}-table] tbody tr`).evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
}

async function rowsOnceDrawn(page: Page, lens: string, count: number): Promise<string[][]> {
  await expect.poll(() => page.locator(`[data-testid=${lens}-table] tbody tr`).count(), POLL).toBe(count);
  return tableRows(page, lens);
}

describe.skipIf(CHROMIUM_MISSING !== undefined)("a trace in the browser inspector", { timeout: 300_000 }, () => {
  it("lifecycle: lists the trace's objects, and shows an object's versions in order with their writers and diffs", async () => {
    const { page, errors } = await openPage(served.url);
    const { webA, mirrorB, webC, webD, mirrorE, mirrorF } = rec.rv;
    expect(await rowsOnceDrawn(page, "lifecycle", 2)).toEqual([
      ["core/ConfigMap/default/web", "3", "intruder"],
      ["core/ConfigMap/default/web-mirror", "3", "MirrorController"],
    ]);
    expect(await page.getByTestId("source").textContent()).toBe("mirror.trace.jsonl");
    expect(await page.getByTestId("trace-summary").textContent()).toBe("11 event(s), 4 reconcile(s), 6 object version(s), 3 write(s), 1 acting on stale reads");
    expect(await page.getByTestId("lens-lifecycle").getAttribute("aria-selected")).toBe("true");
    expect(await page.getByTestId("trace-problems").isVisible()).toBe(false);

    // web: two versions written from outside (named by the read that first saw them), one by the intruder.
    const versions = page.getByTestId("version");
    await expect.poll(() => versions.count(), POLL).toBe(3);
    expect(await versions.evaluateAll((vs) => vs.map((v) => v.getAttribute("data-rv")))).toEqual([webA, webC, webD]);
    expect(await versions.nth(0).getByTestId("writer").textContent()).toBe("not written by a traced client; first seen by MirrorController (GET, event #0)");
    expect(await versions.nth(2).getByTestId("writer").textContent()).toContain("written by intruder UPDATE event #5, outside any reconcile");

    // The mirror, picked with the keyboard: created by r1, then updated by r2 and r3.
    await page.keyboard.press("j");
    await expect.poll(() => page.url(), POLL).toContain("item=core%2FConfigMap%2Fdefault%2Fweb-mirror");
    await expect.poll(() => versions.evaluateAll((vs) => vs.map((v) => v.getAttribute("data-rv"))), POLL).toEqual([mirrorB, mirrorE, mirrorF]);
    const writers = await versions.getByTestId("writer").allTextContents();
    expect(writers.map((w) => w.replace(/what it knew$/, "").trim())).toEqual([
      "written by MirrorController CREATE event #2, reconcile id-001",
      "written by MirrorController UPDATE event #7, reconcile id-007",
      "written by MirrorController UPDATE event #10, reconcile id-012",
    ]);
    const diffs = page.getByTestId("version-diff");
    expect(await diffs.count()).toBe(2);
    expect(await diffs.nth(0).locator(".del").allTextContents()).toContain('-    "greeting": "hello"\n');
    expect(await diffs.nth(0).locator(".add").allTextContents()).toContain('+    "greeting": "hi"\n');
    expect(await diffs.nth(1).locator(".add").allTextContents()).toContain('+    "greeting": "hey"\n');
    await page.screenshot({ path: `${ARTIFACTS}trace-1-lifecycle.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("provenance: the outside create of web caused r1, whose create of the mirror caused r1b", async () => {
    const { page, errors } = await openPage(served.url);
    await rowsOnceDrawn(page, "lifecycle", 2);
    await page.keyboard.press("2");
    const roots = await rowsOnceDrawn(page, "provenance", 3);
    const { webA, mirrorB, webC, webD } = rec.rv;
    const rootA = externalRootId("core/ConfigMap/default/web", webA);
    expect(roots).toEqual([
      [rootA, `core/ConfigMap/default/web@${webA}`, "2", "1"],
      [externalRootId("core/ConfigMap/default/web", webC), `core/ConfigMap/default/web@${webC}`, "1", "1"],
      [externalRootId("core/ConfigMap/default/web", webD), `core/ConfigMap/default/web@${webD}`, "1", "1"],
    ]);
    expect(await page.getByTestId("origin").textContent()).toContain(`core/ConfigMap/default/web@${webA}`);
    const tree = page.getByTestId("provenance-tree");
    // r1 at the top; its CREATE of the mirror; under that, r1b, which read the version r1 wrote.
    const top = tree.locator(":scope > [data-testid=tree-reconcile]");
    expect(await top.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-reconcile")))).toEqual(["id-001"]);
    const create = top.locator(":scope > ul > [data-testid=tree-write]");
    expect((await create.textContent())?.startsWith(`CREATE core/ConfigMap/default/web-mirror@${mirrorB} event #2`)).toBe(true);
    const caused = create.locator(":scope > ul > [data-testid=tree-reconcile]");
    expect(await caused.evaluateAll((rs) => rs.map((r) => r.getAttribute("data-reconcile")))).toEqual(["id-005"]);
    expect(await caused.textContent()).toContain(`reconciles default/web-mirror [id-005] after reading core/ConfigMap/default/web-mirror@${mirrorB}`);
    await page.screenshot({ path: `${ARTIFACTS}trace-2-provenance.png` });

    // Following a write's link opens its object's lifecycle at the version it wrote; Back returns.
    await create.locator(":scope > button", { hasText: "lifecycle" }).click();
    await expect.poll(() => page.getByTestId("lens-lifecycle").getAttribute("aria-selected"), POLL).toBe("true");
    expect(await page.locator("[data-testid=version].focused").getAttribute("data-rv")).toBe(mirrorB);
    await page.goBack();
    await expect.poll(() => page.getByTestId("lens-provenance").getAttribute("aria-selected"), POLL).toBe("true");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("knowledge: flags the write r2 made from web while the server already held a newer web, and shows what it read", async () => {
    const { page, errors } = await openPage(served.url);
    await rowsOnceDrawn(page, "lifecycle", 2);
    await page.getByTestId("lens-knowledge").click();
    const { webA, mirrorB, webC, webD, mirrorE, mirrorF } = rec.rv;
    const writes = await rowsOnceDrawn(page, "knowledge", 3);
    expect(writes.map((r) => [r[0], r[2], r[3], r[4]])).toEqual([
      ["2", `CREATE core/ConfigMap/default/web-mirror@${mirrorB}`, "1", ""],
      ["7", `UPDATE core/ConfigMap/default/web-mirror@${mirrorE}`, "2", "1 stale"],
      ["10", `UPDATE core/ConfigMap/default/web-mirror@${mirrorF}`, "2", ""],
    ]);
    // Only the stale one, with the box (or the s key); it is selected with the keyboard.
    await page.keyboard.press("s");
    expect(await rowsOnceDrawn(page, "knowledge", 1)).toEqual([writes[1]]);
    await page.keyboard.press("g");
    const reads = page.getByTestId("read");
    await expect.poll(() => reads.count(), POLL).toBe(2);
    const cells = await reads.evaluateAll((trs) => trs.map((tr) => Array.from(tr.querySelectorAll("td"), (td) => td.textContent ?? "")));
    expect(cells).toEqual([
      ["core/ConfigMap/default/web", webC, webD, "STALE"],
      ["core/ConfigMap/default/web-mirror", mirrorB, mirrorB, "current"],
    ]);
    expect(await reads.nth(0).getAttribute("class")).toBe("stale");
    await page.screenshot({ path: `${ARTIFACTS}trace-3-knowledge.png` });

    // The first write read only web@A, which was current.
    await page.keyboard.press("s");
    await page.keyboard.press("g");
    await expect.poll(() => reads.count(), POLL).toBe(1);
    expect(await reads.nth(0).textContent()).toBe(`core/ConfigMap/default/web${webA}${webA}current`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("opens where the URL's fragment says (kamera trace --web --lens/--object/--root prints such a URL)", async () => {
    const { page, errors } = await openPage(`${served.url}#lens=knowledge&item=${encodeURIComponent(trace7EventId())}`);
    await rowsOnceDrawn(page, "knowledge", 3);
    expect(await page.locator("[data-testid=knowledge-table] tr.selected td").first().textContent()).toBe("7");
    expect(await page.getByTestId("reads").locator("tr.stale").count()).toBe(1);
    await page.goto(`${served.url}#lens=lifecycle&item=ConfigMap%2Fdefault%2Fweb-mirror`);
    await page.reload();
    await expect.poll(() => page.getByTestId("version").count(), POLL).toBe(3);
    expect(await page.locator("[data-testid=lifecycle-table] tr.selected td").first().textContent()).toBe("core/ConfigMap/default/web-mirror");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lists a damaged trace's skipped lines by number and shows the rest; a file that is no trace is explained", async () => {
    const { page, errors } = await openPage(damaged.url);
    const { corruptLine, lastLine } = damage(rec.text);
    const problems = page.getByTestId("trace-problems");
    await expect.poll(() => problems.isVisible(), POLL).toBe(true);
    await problems.locator("summary").click();
    const listed = await problems.locator("li").allTextContents();
    expect(listed).toHaveLength(2);
    expect(listed[0]).toMatch(new RegExp(`^line ${corruptLine}: not JSON: `));
    expect(listed[1]).toBe(`line ${lastLine}: truncated: the last line ends mid-record (was the writer stopped?)`);
    expect(await problems.locator("summary").textContent()).toBe("2 line(s) of damaged.jsonl skipped: the rest of the trace was read");
    // The last update's record is lost, the rest is there.
    expect(await rowsOnceDrawn(page, "lifecycle", 2)).toHaveLength(2);

    await page.getByTestId("trace-input").setInputFiles({ name: "run.dump.json", mimeType: "application/json", buffer: Buffer.from('{"format":"kamera-dump","version":2}') });
    const error = page.getByTestId("error");
    await expect.poll(() => error.isVisible(), POLL).toBe(true);
    expect(await error.textContent()).toContain('run.dump.json is not a kamera trace: line 1 should be its header {"type":"header","format":"kamera-trace","version":1}');
    // What was on screen stays.
    expect(await page.getByTestId("source").textContent()).toBe("damaged.jsonl");
    await page.screenshot({ path: `${ARTIFACTS}trace-4-damaged.png` });

    // Another trace opened from the page starts at the top of the lens shown.
    await page.keyboard.press("3");
    await page.keyboard.press("j");
    await expect.poll(() => page.url(), POLL).toContain("item=");
    await page.getByTestId("trace-input").setInputFiles({ name: "picked.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(rec.text) });
    await expect.poll(() => page.getByTestId("source").textContent(), POLL).toBe("picked.jsonl");
    expect(page.url()).toMatch(/#lens=knowledge$/);
    expect(await problems.isVisible()).toBe(false);
    expect(await page.locator("[data-testid=knowledge-table] tr.selected td").first().textContent()).toBe("2");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("lifecycle of an object deleted and created again: listed once as recreated, its lives apart; an object only a NotFound names is not listed", async () => {
    const { page, errors } = await openPage(recreatedServer.url);
    expect(await rowsOnceDrawn(page, "lifecycle", 1)).toEqual([["core/ConfigMap/default/app", "3", "Keeper · recreated"]]);
    const lives = page.getByTestId("life");
    await expect.poll(() => lives.count(), POLL).toBe(2);
    expect(await lives.evaluateAll((ls) => ls.map((l) => [l.getAttribute("data-uid"), l.textContent]))).toEqual([
      [recreate.uid.first, `first life, uid ${recreate.uid.first}`],
      [recreate.uid.second, `recreated: a new object under the same name, uid ${recreate.uid.second}`],
    ]);
    const { appA, appB, appC } = recreate.rv;
    // Each life's versions follow its heading; the first of the second life is not diffed against the deleted object.
    const order = await page.getByTestId("trace-detail").locator("[data-testid=life], [data-testid=version], [data-testid=deleted]").evaluateAll((els) =>
      els.map((e) => e.getAttribute("data-rv") ?? e.getAttribute("data-testid")),
    );
    expect(order).toEqual(["life", appA, "deleted", "life", appB, appC]);
    expect(await page.getByTestId("version-diff").count()).toBe(1);
    await page.screenshot({ path: `${ARTIFACTS}trace-5-recreated.png` });
    expect(errors).toEqual([]);
    await page.close();
  });

  it("marks the reconcile that failed in every lens: the version it wrote, its root's row and tree, and its write", async () => {
    const { page, errors } = await openPage(recreatedServer.url);
    const { appB, appC } = recreate.rv;
    await rowsOnceDrawn(page, "lifecycle", 1);
    expect(await page.getByTestId("trace-summary").textContent()).toBe("6 event(s), 2 reconcile(s) (1 failed), 3 object version(s), 3 write(s), 0 acting on stale reads");
    const versions = page.getByTestId("version");
    await expect.poll(() => versions.count(), POLL).toBe(3);
    expect(await versions.evaluateAll((vs) => vs.map((v) => v.querySelector("[data-testid=reconcile-failed]")?.textContent ?? null))).toEqual([null, null, `failed ${FAILURE}`]);

    await page.keyboard.press("2");
    expect((await rowsOnceDrawn(page, "provenance", 1))[0]![2]).toBe("2 1 failed");
    const failed = page.locator("[data-testid=tree-reconcile]:has(> [data-testid=reconcile-failed])");
    await expect.poll(() => failed.count(), POLL).toBe(1);
    expect(await failed.getAttribute("data-reconcile")).toBe("id-005");
    expect(await failed.textContent()).toContain(`after reading core/ConfigMap/default/app@${appB} failed ${FAILURE}`);
    await page.screenshot({ path: `${ARTIFACTS}trace-6-failed-reconcile.png` });

    await page.keyboard.press("3");
    const writes = await rowsOnceDrawn(page, "knowledge", 3);
    expect(writes.map((r) => r[2])).toEqual([
      "DELETE core/ConfigMap/default/app",
      `CREATE core/ConfigMap/default/app@${appB}`,
      `UPDATE core/ConfigMap/default/app@${appC} reconcile failed`,
    ]);
    await page.keyboard.press("G");
    await expect.poll(() => page.getByTestId("trace-detail").getByTestId("reconcile-failed").textContent(), POLL).toBe(`failed ${FAILURE}`);
    expect(errors).toEqual([]);
    await page.close();
  });

  it("marks the reconcile the trace has no end record of unfinished in every lens: the version it wrote, its root's row and tree, and its write", async () => {
    const { page, errors } = await openPage(runningServer.url);
    const { webD, mirrorF } = rec.rv;
    await rowsOnceDrawn(page, "lifecycle", 2);
    expect(await page.getByTestId("trace-summary").textContent()).toBe("11 event(s), 4 reconcile(s) (1 unfinished), 6 object version(s), 3 write(s), 1 acting on stale reads");
    await page.keyboard.press("j");
    const versions = page.getByTestId("version");
    await expect.poll(() => versions.evaluateAll((vs) => vs.map((v) => v.getAttribute("data-rv"))), POLL).toContain(mirrorF);
    expect(await versions.evaluateAll((vs) => vs.map((v) => v.querySelector("[data-testid=reconcile-unfinished]")?.textContent ?? null))).toEqual([null, null, "unfinished"]);

    await page.keyboard.press("2");
    expect((await rowsOnceDrawn(page, "provenance", 3)).map((r) => r[2])).toEqual(["2", "1", "1 1 unfinished"]);
    await page.keyboard.press("G");
    const unfinished = page.locator("[data-testid=tree-reconcile]:has(> [data-testid=reconcile-unfinished])");
    await expect.poll(() => unfinished.count(), POLL).toBe(1);
    expect(await unfinished.getAttribute("data-reconcile")).toBe("id-012");
    expect(await unfinished.textContent()).toContain(`after reading core/ConfigMap/default/web@${webD} unfinished`);
    await page.screenshot({ path: `${ARTIFACTS}trace-7-unfinished-reconcile.png` });

    await page.keyboard.press("3");
    const writes = await rowsOnceDrawn(page, "knowledge", 3);
    expect(writes.map((r) => r[2]!.endsWith("reconcile unfinished"))).toEqual([false, false, true]);
    expect(writes[2]![2]).toBe(`UPDATE core/ConfigMap/default/web-mirror@${mirrorF} reconcile unfinished`);
    await page.keyboard.press("G");
    await expect.poll(() => page.getByTestId("trace-detail").getByTestId("reconcile-unfinished").textContent(), POLL).toBe("unfinished");
    expect(errors).toEqual([]);
    await page.close();
  });

  it("a trace opened where the page expects a dump says what it is and how to open it", async () => {
    const { page, errors } = await openPage(plain.url);
    await page.getByTestId("dump-input").setInputFiles({ name: "trace.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(rec.text) });
    const error = page.getByTestId("error");
    await expect.poll(() => error.isVisible(), POLL).toBe(true);
    expect(await error.textContent()).toContain("trace.jsonl is a kamera trace, not a dump: open it with kamera trace trace.jsonl --web (or kamera serve trace.jsonl)");
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** The event id of r2's stale write (event #7). */
function trace7EventId(): string {
  const line = rec.text.split("\n").filter((l) => l.startsWith('{"type":"event"'))[7]!;
  return (JSON.parse(line) as { id: string }).id;
}
