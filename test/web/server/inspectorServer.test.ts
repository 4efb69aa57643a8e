import { mkdtemp, rm, writeFile, mkdir, symlink, unlink } from "node:fs/promises";
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
  await writeFile(join(appDir, "index.html"), '<!doctype html><html><head><title>t</title><script type="module" src="./assets/main.js"></script></head><body></body></html>');
  await writeFile(join(appDir, "assets", "main.js"), "console.log(1)");
  await writeFile(join(dir, "secret.txt"), "not for the page");
  await writeFile(join(dir, "run.dump.json"), '{"format":"kamera-dump"}');
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** A raw request, so paths reach the server exactly as written (no URL normalization by the client). */
function get(
  server: InspectorServer,
  path: string,
  method = "GET",
  host = `127.0.0.1:${server.port}`,
): Promise<{ status: number; type: string; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: "127.0.0.1", port: server.port, path, method, headers: { Host: host } }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (c) => (body += c));
      res.on("end", () => resolve({ status: res.statusCode!, type: String(res.headers["content-type"]), body, headers: res.headers }));
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

  it("answers only to its own Host (127.0.0.1:<port> or localhost:<port>), so a DNS-rebinding page gets nothing", async () => {
    await withServer({ result: { name: "run.dump.json", file: join(dir, "run.dump.json") } }, async (server) => {
      for (const host of ["evil.example", `evil.example:${server.port}`, "127.0.0.1", `127.0.0.1:${server.port + 1}`]) {
        const res = await get(server, "/results/run.dump.json", "GET", host);
        expect(res.status, host).toBe(403);
        expect(res.body).not.toContain("kamera-dump");
      }
      expect((await get(server, "/results/run.dump.json", "GET", `localhost:${server.port}`)).status).toBe(200);
    });
  });

  it("opens the dump once at start: re-pointing or removing the path afterwards changes nothing served", async () => {
    const link = join(dir, "linked.dump.json");
    await symlink(join(dir, "run.dump.json"), link);
    await withServer({ result: { name: "linked.dump.json", file: link } }, async (server) => {
      await unlink(link);
      await symlink(join(dir, "secret.txt"), link);
      const res = await get(server, "/results/linked.dump.json");
      expect(res.status).toBe(200);
      expect(res.body).toBe('{"format":"kamera-dump"}');
      await unlink(link);
      const again = await get(server, "/results/linked.dump.json");
      expect(again.body).toBe('{"format":"kamera-dump"}');
      expect(again.body).not.toContain(dir);
    });
  });

  it("sends a strict Content-Security-Policy and forbids framing on every answer", async () => {
    await withServer({ result: { name: "run.dump.json", file: join(dir, "run.dump.json") } }, async (server) => {
      for (const path of ["/", "/assets/main.js", "/results/run.dump.json", "/missing"]) {
        const res = await get(server, path);
        expect(res.headers["content-security-policy"], path).toContain("default-src 'none'");
        expect(res.headers["content-security-policy"], path).toContain("frame-ancestors 'none'");
        expect(res.headers["x-frame-options"], path).toBe("DENY");
      }
    });
  });

  it("serves only the files the page loads, not sources, package files or tool chunks lying in the build", async () => {
    await writeFile(join(appDir, "assets", "index-abc.ts"), "export const source = 1;");
    await writeFile(join(appDir, "assets", "package-abc.json"), '{"name":"dependency"}');
    await writeFile(join(appDir, "assets", "tool-abc.js"), "/* a bundler chunk the page never imports */");
    await withServer({}, async (server) => {
      expect((await get(server, "/assets/main.js")).status).toBe(200);
      for (const path of ["/assets/index-abc.ts", "/assets/package-abc.json", "/assets/tool-abc.js"]) {
        expect((await get(server, path)).status, path).toBe(404);
      }
    });
  });

  it("answers a request target that is no URL path with 400, not an internal error", async () => {
    await withServer({}, async (server) => {
      expect((await get(server, "//x:y")).status).toBe(400);
    });
  });
});