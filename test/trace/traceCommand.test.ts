import { beforeAll, describe, expect, it } from "vitest";
import type { JsonSummary } from "../../src/cli/jsonSummary.ts";
import { runCli } from "../../src/cli/runCli.ts";
import { capturedIO } from "../cli/capturedIO.ts";
import { cutBeforeLastEnd, recordMirrorTrace, type Recorded } from "./recordedTrace.ts";
import { FAILURE, recordRecreateTrace, type RecordedRecreate } from "./recreatedTrace.ts";
// kamera explore names a bundled example, which the executable registers; here the test does.
import "../../examples/index.ts";

async function kamera(...argv: string[]) {
  const io = capturedIO();
  const code = await runCli(argv, io, process.cwd());
  return { code, out: io.out(), err: io.err() };
}

describe("kamera trace and kamera explore --from-trace", () => {
  let rec: Recorded;
  beforeAll(async () => {
    rec = await recordMirrorTrace();
  });

  it("prints the three lenses as text by default", async () => {
    const r = await kamera("trace", rec.file);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${rec.file}: 11 event(s), 4 reconcile(s)`);
    expect(r.out).toContain("== lifecycle ==\nlifecycle of core/ConfigMap/default/web: 3 version(s)");
    expect(r.out).toContain("== provenance ==\nroot ext-");
    expect(r.out).toContain(`    read core/ConfigMap/default/web@${rec.rv.webC}  STALE: the server held rv ${rec.rv.webD}`);
    expect(r.out).toContain("3 write(s), 1 acting on stale reads");
  });

  it("marks the reconcile the trace has no end record of unfinished, in the summary and in every lens", async () => {
    const { readFile, writeFile } = await import("node:fs/promises");
    const cut = `${rec.file}.running.jsonl`;
    await writeFile(cut, cutBeforeLastEnd(await readFile(rec.file, "utf8")));
    const r = await kamera("trace", cut, "--no-interactive");
    expect([r.code, r.err]).toEqual([0, ""]);
    expect(r.out).toContain(`${cut}: 11 event(s), 4 reconcile(s) (1 unfinished), 6 object version(s)\n`);
    expect(r.out).toMatch(new RegExp(`  rv ${rec.rv.mirrorF}  written by MirrorController \\(UPDATE, event #10 id-\\d+, reconcile id-012 unfinished: no end record\\)\n`));
    expect(r.out).toContain(`  reconcile MirrorController default/web [id-012] read core/ConfigMap/default/web@${rec.rv.webD}  unfinished: no end record\n`);
    expect(r.out).toContain(`#10 MirrorController UPDATE core/ConfigMap/default/web-mirror@${rec.rv.mirrorF}  reconcile unfinished: no end record\n`);
    expect(r.out.match(/unfinished/g)).toHaveLength(4);
  });

  it("--json --lens lifecycle --object prints one object's lifecycle for scripts", async () => {
    const r = await kamera("trace", rec.file, "--json", "--lens", "lifecycle", "--object", "ConfigMap/default/web-mirror");
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { lifecycle: { object: string; lives: { versions: { resourceVersion: string }[] }[] }[]; knowledge?: unknown };
    expect(json.lifecycle.map((l) => [l.object, l.lives.flatMap((life) => life.versions.map((v) => v.resourceVersion))])).toEqual([["core/ConfigMap/default/web-mirror", [rec.rv.mirrorB, rec.rv.mirrorE, rec.rv.mirrorF]]]);
    expect(json.knowledge).toBeUndefined();
  });

  it("a bad lens is a usage error (exit 2); a missing file names the file, and a directory says it is one", async () => {
    const bad = await kamera("trace", rec.file, "--lens", "everything");
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--lens must be one of lifecycle, provenance, knowledge, got "everything"');
    const missing = await kamera("trace", "no-such-trace.jsonl");
    expect(missing.code).toBe(2);
    expect(missing.err).toContain("no-such-trace.jsonl: no such file");
    const folder = await kamera("trace", "test");
    expect(folder.code).toBe(2);
    expect(folder.err).toContain("test: is a directory; give a trace file");
  });

  it("a malformed or unknown --object or --root is a usage error (exit 2) in printed mode too", async () => {
    for (const flags of [["--object", "ConfigMap/web"], ["--object", "ConfigMap/default/nope"], ["--root", "nope"], ["--lens", "knowledge", "--object", "ConfigMap/default/nope"]]) {
      const r = await kamera("trace", rec.file, "--no-interactive", ...flags);
      expect([flags, r.code, r.out]).toEqual([flags, 2, ""]);
    }
    expect((await kamera("trace", rec.file, "--no-interactive", "--root", "nope")).err).toContain('the trace has no root "nope"; its roots are: ext-');
  });

  it("a lens that does not show --object or --root refuses it as a usage error instead of ignoring it", async () => {
    const prov = await kamera("trace", rec.file, "--no-interactive", "--lens", "provenance", "--object", "ConfigMap/default/web");
    expect([prov.code, prov.err]).toEqual([2, "error: --lens provenance takes no --object: --object chooses the object of the lifecycle lens\n(run 'kamera trace --help' for usage)\n"]);
    const know = await kamera("trace", rec.file, "--no-interactive", "--lens", "knowledge", "--root", "nope");
    expect([know.code, know.out]).toEqual([2, ""]);
    expect(know.err).toContain("--lens knowledge takes no --root: --root chooses the root of the provenance lens");
  });

  it("explore --from-trace --at 0 converges like the scenario itself", async () => {
    const fromTrace = await kamera("explore", "config-mirror", "--from-trace", rec.file, "--at", "0", "--no-interactive", "--json");
    const plain = await kamera("explore", "config-mirror", "--no-interactive", "--json");
    expect(fromTrace.code).toBe(0);
    const a = JSON.parse(fromTrace.out) as JsonSummary;
    const b = JSON.parse(plain.out) as JsonSummary;
    expect(a.complete).toBe(true);
    expect(a.converged.map((s) => s.objectCount)).toEqual(b.converged.map((s) => s.objectCount));
    expect(a.converged).toHaveLength(1);
    const both = await kamera("explore", "config-mirror", "--from-trace", rec.file, "--from", rec.file, "--no-interactive");
    expect(both.code).toBe(2);
    expect(both.err).toContain("--from and --from-trace both choose the starting objects; give one");
    const atAlone = await kamera("explore", "config-mirror", "--at", "3", "--no-interactive");
    expect(atAlone.code).toBe(2);
    expect(atAlone.err).toContain("--at needs --from-trace");
    const badAt = await kamera("explore", "config-mirror", "--from-trace", rec.file, "--at", "500", "--no-interactive");
    expect(badAt.code).toBe(2);
    expect(badAt.err).toContain("--at 500: the trace has events 0 to 10");
  });

  it("explore --from-trace says what kamera trace says of a damaged trace among the result's warnings, rather than starting from it silently", async () => {
    const { readFile, writeFile } = await import("node:fs/promises");
    const text = await readFile(rec.file, "utf8");
    const cut = `${rec.file}.cut.jsonl`;
    await writeFile(cut, text.slice(0, text.trimEnd().length - 20));
    const r = await kamera("explore", "config-mirror", "--from-trace", cut, "--no-interactive");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^Warnings: 1\n  .*\.cut\.jsonl:\d+: skipped: truncated: the last line ends mid-record/m);
    // Said once, in the summary.
    expect(r.err).not.toContain("mid-record");
    const clean = await kamera("explore", "config-mirror", "--from-trace", rec.file, "--no-interactive");
    expect(clean.out).not.toContain("Warnings:");
  });

  it("explore --from-trace warns of the trace's controllers the scenario has no reconciler for, with the nearest name", async () => {
    const { readFile, writeFile } = await import("node:fs/promises");
    const renamed = `${rec.file}.renamed.jsonl`;
    await writeFile(renamed, (await readFile(rec.file, "utf8")).replaceAll('"controller":"MirrorController"', '"controller":"mirror-controller"'));
    const r = await kamera("explore", "config-mirror", "--from-trace", renamed, "--no-interactive");
    expect(r.out).toMatch(/^  none of the trace's controllers \(mirror-controller\) is a reconciler of this scenario \(the scenario's reconcilers are MirrorController/m);
    const other = await kamera("explore", "zookeeper", "--from-trace", rec.file, "--no-interactive");
    expect(other.out).toMatch(/^  none of the trace's controllers \(MirrorController\) is a reconciler of this scenario/m);
  });

  it("explore --from-trace --json lists the trace's warnings first among the result's, and its dump keeps them for kamera inspect", async () => {
    const { readFile, writeFile } = await import("node:fs/promises");
    const text = await readFile(rec.file, "utf8");
    const damaged = `${rec.file}.damaged.jsonl`;
    await writeFile(damaged, text.slice(0, text.trimEnd().length - 20).replaceAll('"controller":"MirrorController"', '"controller":"MirrorControler"'));
    const dump = `${rec.file}.damaged.dump.json`;
    const r = await kamera("explore", "config-mirror", "--from-trace", damaged, "--no-interactive", "--json", "--dump-output", dump);
    expect(r.code).toBe(0);
    const summary = JSON.parse(r.out) as JsonSummary;
    expect(summary.warnings).toEqual([
      expect.stringMatching(/\.damaged\.jsonl:\d+: skipped: truncated: the last line ends mid-record/),
      expect.stringMatching(/^none of the trace's controllers \(MirrorControler\) is a reconciler of this scenario/),
    ]);
    expect(r.err).not.toContain("mid-record");
    const inspected = await kamera("inspect", dump, "--no-interactive");
    expect(inspected.code).toBe(0);
    expect(inspected.out).toContain(`\nWarnings: 2\n  ${summary.warnings[0]}\n  ${summary.warnings[1]}\n`);
    const inspectedJson = await kamera("inspect", dump, "--json");
    expect((JSON.parse(inspectedJson.out) as JsonSummary).warnings).toEqual(summary.warnings);
  });
});

describe("kamera trace of a trace where an object is deleted and created again, and a GET answers NotFound", () => {
  let rec: RecordedRecreate;
  beforeAll(async () => {
    rec = await recordRecreateTrace();
  });

  it("prints the recreated object's two lives apart, and no lifecycle for the object that never existed", async () => {
    const r = await kamera("trace", rec.file, "--no-interactive", "--lens", "lifecycle");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`lifecycle of core/ConfigMap/default/app: 3 version(s) in 2 lives (deleted and created again)\n  first life, uid ${rec.uid.first}\n`);
    expect(r.out).toMatch(new RegExp(`  deleted by Keeper \\(event #1 id-\\d+\\)\n  recreated: a new object under the same name, uid ${rec.uid.second}\n  rv ${rec.rv.appB}  written by Keeper \\(CREATE`));
    expect(r.out).not.toContain("default/ghost");
    const json = JSON.parse((await kamera("trace", rec.file, "--json", "--lens", "lifecycle")).out) as { lifecycle: { object: string; lives: { uid: string }[] }[] };
    expect(json.lifecycle.map((l) => [l.object, l.lives.map((life) => life.uid)])).toEqual([["core/ConfigMap/default/app", [rec.uid.first, rec.uid.second]]]);
  });

  it("marks the reconcile that failed, with its error, in the summary and in every lens", async () => {
    const r = await kamera("trace", rec.file, "--no-interactive");
    expect(r.code).toBe(0);
    expect(r.out).toContain(`${rec.file}: 6 event(s), 2 reconcile(s) (1 failed), 3 object version(s)\n`);
    expect(r.out).toMatch(new RegExp(`  rv ${rec.rv.appC}  written by Keeper \\(UPDATE, event #4 id-\\d+, reconcile id-005 failed: ${FAILURE}\\)\n`));
    expect(r.out).toContain(`      reconcile Keeper default/app [id-005] read core/ConfigMap/default/app@${rec.rv.appB}  failed: ${FAILURE}\n`);
    expect(r.out).toContain(`#4 Keeper UPDATE core/ConfigMap/default/app@${rec.rv.appC}  reconcile failed: ${FAILURE}\n`);
    expect(r.out.match(/failed: /g)).toHaveLength(3);
  });

  it("--object naming an object only a failed call names is a usage error saying it never existed", async () => {
    const r = await kamera("trace", rec.file, "--no-interactive", "--object", "ConfigMap/default/ghost");
    expect([r.code, r.out]).toEqual([2, ""]);
    expect(r.err).toContain("ConfigMap/default/ghost never existed in the trace: no version of it was read or written, only failed calls name it (event #5 GET 404 NotFound)");
  });
});
