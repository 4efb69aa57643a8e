import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runCli } from "../../src/cli/runCli.ts";
import { externalRootId } from "../../src/trace/traceRecorder.ts";
import { capturedIO, type CapturedIO } from "../cli/capturedIO.ts";
import { recordMirrorTrace, type Recorded } from "./recordedTrace.ts";

let rec: Recorded;
let dir: string;
beforeAll(async () => {
  rec = await recordMirrorTrace();
  dir = await mkdtemp(join(tmpdir(), "kamera-trace-web-"));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Starts `kamera <argv>` and waits for the address it prints (building the page may take a while). */
async function serving(argv: string[]): Promise<{ io: CapturedIO; done: Promise<number>; url: string }> {
  const io = capturedIO();
  const done = runCli(argv, io, process.cwd());
  let exited: number | undefined;
  void done.then((code) => (exited = code));
  for (;;) {
    const m = /at (http:\/\/127\.0\.0\.1:\d+\/\S*) \(Ctrl-C stops it\)/.exec(io.out());
    if (m) return { io, done, url: m[1]! };
    if (exited !== undefined) throw new Error(`kamera ended (${exited}) before serving:\n${io.err()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function stop(s: { io: CapturedIO; done: Promise<number> }): Promise<void> {
  s.io.interrupt();
  expect(await s.done).toBe(0);
}

/** A raw GET with a chosen Host header (fetch would not send another host's name). */
function get(url: string, host?: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: u.port, path: u.pathname, headers: { Host: host ?? u.host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

/** The result the served page is marked to open. */
async function servedResult(base: string): Promise<{ status: number; headers: Record<string, unknown>; body: string }> {
  const page = await get(base);
  const m = /<meta name="kamera-results" content="([^"]+)"/.exec(page.body);
  if (!m) throw new Error(`the page names no result:\n${page.body.slice(0, 500)}`);
  return get(new URL(m[1]!, base).href);
}

async function kamera(...argv: string[]) {
  const io = capturedIO();
  const code = await runCli(argv, io, process.cwd());
  return { code, out: io.out(), err: io.err() };
}

describe("kamera trace --web and kamera serve <trace>", () => {
  it("kamera trace --web serves the trace as JSON Lines to the page, with the server's hardening, and opens on the lens asked for", async () => {
    const s = await serving(["trace", rec.file, "--web", "--port", "0", "--lens", "knowledge"]);
    try {
      expect(s.url).toMatch(/\/#lens=knowledge$/);
      const base = s.url.replace(/#.*$/, "");
      const page = await get(base);
      expect(page.status).toBe(200);
      expect(page.body).toContain('<meta name="kamera-results" content="results/trace.jsonl" />');
      expect(String(page.headers["content-security-policy"])).toContain("default-src 'none'");
      expect(page.headers["x-frame-options"]).toBe("DENY");
      const trace = await servedResult(base);
      expect(trace.status).toBe(200);
      expect(trace.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
      expect(trace.body).toBe(rec.text);
      // A page from another site re-pointed at 127.0.0.1 gets nothing; sources are never served.
      expect((await get(`${base}results/trace.jsonl`, "attacker.example:80")).status).toBe(403);
      for (const path of ["main.ts", "traceInspector.ts", "src/trace/traceParser.ts", "package.json"]) expect((await get(`${base}${path}`)).status, path).toBe(404);
    } finally {
      await stop(s);
    }
  }, 300_000);

  it("--object opens the lifecycle of that object, --root the provenance of that root (both checked before serving)", async () => {
    const object = await serving(["trace", rec.file, "--web", "--port", "0", "--object", "ConfigMap/default/web-mirror"]);
    expect(object.url).toMatch(/\/#lens=lifecycle&item=core%2FConfigMap%2Fdefault%2Fweb-mirror$/);
    await stop(object);
    const rootId = externalRootId("core/ConfigMap/default/web", rec.rv.webA);
    const root = await serving(["trace", rec.file, "--web", "--port", "0", "--root", rootId]);
    expect(root.url).toMatch(new RegExp(`/#lens=provenance&item=${rootId}$`));
    await stop(root);
    const missing = await kamera("trace", rec.file, "--web", "--port", "0", "--object", "ConfigMap/default/nope");
    expect(missing.code).toBe(2); // a usage error, as in printed mode
    expect(missing.err).toContain("the trace has no object ConfigMap/default/nope; it has: core/ConfigMap/default/web, core/ConfigMap/default/web-mirror");
    expect(missing.out).not.toContain("Browser inspector");
  }, 300_000);

  it("kamera serve recognises a trace by its content, whatever it is called, and names skipped lines", async () => {
    const file = join(dir, "RECORDING.TXT");
    const lines = rec.text.split("\n");
    lines.splice(3, 0, "{garbage");
    await writeFile(file, lines.join("\n"));
    const s = await serving(["serve", file, "--port", "0"]);
    try {
      expect(s.io.err()).toContain(`${file}:4: skipped: not JSON: `);
      const trace = await servedResult(s.url);
      expect(trace.headers["content-type"]).toBe("application/x-ndjson; charset=utf-8");
      expect(trace.body).toBe(lines.join("\n"));
    } finally {
      await stop(s);
    }
  }, 300_000);

  it("a bad trace is a clear error before anything is served; flags that cannot go with --web are usage errors", async () => {
    const dump = join(dir, "run.jsonl");
    await writeFile(dump, '{"format":"kamera-dump","version":2}\n');
    const notTrace = await kamera("trace", dump, "--web", "--port", "0");
    expect(notTrace.code).toBe(1);
    expect(notTrace.err).toContain(`${dump} is not a kamera trace: line 1 should be its header {"type":"header","format":"kamera-trace","version":1}`);
    expect(notTrace.out).toBe("");

    const future = join(dir, "future.jsonl");
    await writeFile(future, '{"type":"header","format":"kamera-trace","version":9,"createdAt":"2030-01-01T00:00:00.000Z"}\n');
    for (const argv of [["trace", future, "--web", "--port", "0"], ["serve", future, "--port", "0"]]) {
      const r = await kamera(...argv);
      expect(r.code, argv.join(" ")).toBe(1);
      expect(r.err).toContain(`${future}, line 1: trace format "kamera-trace" version 9 is not supported; this kamera reads kamera-trace version 1`);
      expect(r.out).toBe("");
    }

    const serveNotTrace = await kamera("serve", dump.replace(/\.jsonl$/, ".ndjson"));
    expect(serveNotTrace.code).toBe(2);
    expect(serveNotTrace.err).toContain(": no such file");
    const serveDumpAsJsonl = await kamera("serve", dump);
    expect(serveDumpAsJsonl.code).toBe(2);
    expect(serveDumpAsJsonl.err).toContain(`${dump} is not a kamera trace: its first line is not a trace header`);

    const withJson = await kamera("trace", rec.file, "--web", "--json");
    expect(withJson.code).toBe(2);
    expect(withJson.err).toContain("--web cannot be combined with --json: it opens the browser inspector instead");
    const portAlone = await kamera("trace", rec.file, "--port", "0");
    expect(portAlone.code).toBe(2);
    expect(portAlone.err).toContain("--port needs --web");
  });
});
