import { mkdtemp, rm, writeFile, mkdir } from "node:fs/promises";
import { request } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startInspectorServer, type InspectorServer } from "../../../src/inspect/web/server/inspectorServer.ts";
import { KameraError } from "../../../src/kameraError.ts";

let dir: string;
let appDir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "kamera-serve-"));
  appDir = join(dir, "app");
  await mkdir(join(appDir, "assets"), { recursive: true });
  await writeFile(join(appDir, "index.html"), "<!doctype html><html><head><title>t</title></head><body></body></html>");
  await writeFile(join(appDir, "assets", "main.js"), "console.log(1)");
  await writeFile(join(dir, "secret.txt"), "not for the page");
  await writeFile(join(dir, "run.dump.json"), '{"format":"kamera-dump"}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so paths reach the server exactly as written (no URL normalization by the client). */
function get(server: InspectorServer, path: string, method = "GET"): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body }));
    });
    req.on("error", reject);
    req.end();
  });
}

async function withServer(opts: Partial<Parameters<typeof startInspectorServer>[0]>, f: (s: InspectorServer) => Promise<void>): Promise<void> {
  const server = await startInspectorServer({ appDir, port: 0, ...opts });
  try {
    await f(server);
  } finally {
    await server.close();
  }
}

describe("startInspectorServer", () => {
  it("marks the page with the served result's URL and serves the dump file under it", async () => {
    await withServer({ result: { name: "run.dump.json", file: join(dir, "run.dump.json") } }, async (server) => {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
      const page = await get(server, "/");
      expect(page.type).toContain("text/html");
      expect(page.body).toContain('<meta name="kamera-results" content="results/run.dump.json" />');
      const dump = await get(server, "/results/run.dump.json");
      expect(dump.status).toBe(200);
      expect(dump.type).toContain("application/json");
      expect(dump.body).toBe('{"format":"kamera-dump"}');
    });
  });

  it("serves a result held in memory (an example explored by serve)", async () => {
    await withServer({ result: { name: "trivial.dump.json", text: "{}" } }, async (server) => {
      expect((await get(server, "/results/trivial.dump.json")).body).toBe("{}");
    });
  });

  it("serves the plain page when there is no result", async () => {
    await withServer({}, async (server) => {
      expect((await get(server, "/")).body).not.toContain("kamera-results");
      expect((await get(server, "/assets/main.js")).type).toContain("text/javascript");
    });
  });

  it("never serves files outside the app directory", async () => {
    await withServer({}, async (server) => {
      for (const path of ["/../secret.txt", "/..%2fsecret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt"]) {
        const res = await get(server, path);
        expect(res.status, path).toBe(404);
        expect(res.body).not.toContain("not for the page");
      }
    });
  });

  it("answers only GET and HEAD", async () => {
    await withServer({}, async (server) => {
      expect((await get(server, "/", "POST")).status).toBe(405);
      expect((await get(server, "/", "HEAD")).status).toBe(200);
    });
  });

  it("reports a port in use as a KameraError that says what to do", async () => {
    await withServer({}, async (server) => {
      const attempt = startInspectorServer({ appDir, port: server.port });
      await expect(attempt).rejects.toBeInstanceOf(KameraError);
      await expect(startInspectorServer({ appDir, port: server.port })).rejects.toThrow(/in use; pick another with --port/);
    });
  });

  it("refuses an app directory that holds no build, and a missing dump, with clear errors", async () => {
    await expect(startInspectorServer({ appDir: dir, port: 0 })).rejects.toThrow(/not built .*npm run build:web/);
    await expect(startInspectorServer({ appDir, port: 0, result: { name: "x", file: join(dir, "missing.json") } })).rejects.toThrow(/no such file/);
  });
});
