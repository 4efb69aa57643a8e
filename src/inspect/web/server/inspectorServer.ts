import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { extname, join, normalize, sep } from "node:path";
import { KameraError } from "../../../kameraError.ts";

/** The result the page opens: a dump, held as text or as a file streamed on each request. */
export type ServedResult = { name: string; text: string } | { name: string; file: string };

/** Options of `startInspectorServer`. */
export interface InspectorServerOptions {
  /** Directory of the built app (`ensureWebApp()`). */
  appDir: string;
  /** The result to open in the page; without one the page starts empty (open a dump, run an example). */
  result?: ServedResult;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
}

/** A running inspector server. */
export interface InspectorServer {
  /** `http://127.0.0.1:<port>/` */
  url: string;
  port: number;
  close(): Promise<void>;
}

const CONTENT_TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".map": "application/json; charset=utf-8",
  ".ico": "image/x-icon",
};

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The URL path the result is served under: its file name, so the page can show it. */
function resultPath(result: ServedResult): string {
  const base = result.name.split(/[\\/]/).pop() || "result.json";
  return `results/${encodeURIComponent(base)}`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { "Content-Type": type, "Content-Length": Buffer.byteLength(body), "X-Content-Type-Options": "nosniff", ...extra });
  res.end(body);
}

/**
 * Serves the built browser inspector and one result on 127.0.0.1 only (never another interface:
 * dumps may hold cluster objects). The page is marked with the result's URL
 * (`<meta name="kamera-results">`) and opens it on load. Only GET and HEAD of the app's own files
 * and of the result are answered; paths cannot leave the app directory.
 *
 * @example
 * ```ts
 * const server = await startInspectorServer({ appDir: await ensureWebApp(), result: { name: "run.dump.json", file: "run.dump.json" }, port: 4280 });
 * console.log(`open ${server.url}`);
 * ```
 */
export async function startInspectorServer(opts: InspectorServerOptions): Promise<InspectorServer> {
  const appDir = normalize(opts.appDir.endsWith(sep) ? opts.appDir : opts.appDir + sep);
  const indexHtml = await readFile(join(appDir, "index.html"), "utf8").catch((e: NodeJS.ErrnoException) => {
    throw new KameraError(`the browser inspector is not built in ${appDir} (${e.code ?? e.message}); run npm run build:web`);
  });
  const result = opts.result;
  const served = result ? resultPath(result) : undefined;
  if (result && "file" in result) {
    const info = await stat(result.file).catch(() => undefined);
    if (!info?.isFile()) throw new KameraError(`no such file: ${result.file}`);
  }
  const page = served
    ? indexHtml.replace("<head>", `<head>\n    <meta name="kamera-results" content="${escapeAttribute(served)}" />`)
    : indexHtml;

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, "text/plain; charset=utf-8", "method not allowed\n", { Allow: "GET, HEAD" });
      return;
    }
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    let path: string;
    try {
      path = decodeURIComponent(url.pathname);
    } catch {
      send(res, 400, "text/plain; charset=utf-8", "bad path\n");
      return;
    }
    if (path === "/" || path === "/index.html") {
      send(res, 200, CONTENT_TYPES[".html"]!, page, { "Cache-Control": "no-store" });
      return;
    }
    if (result && served && url.pathname === `/${served}`) {
      const headers = { "Content-Type": CONTENT_TYPES[".json"]!, "Cache-Control": "no-store", "X-Content-Type-Options": "nosniff" };
      if ("text" in result) {
        send(res, 200, headers["Content-Type"], result.text, headers);
        return;
      }
      const info = await stat(result.file);
      res.writeHead(200, { ...headers, "Content-Length": info.size });
      if (req.method === "HEAD") {
        res.end();
        return;
      }
      createReadStream(result.file)
        .on("error", (e) => res.destroy(e))
        .pipe(res);
      return;
    }
    const file = normalize(join(appDir, path));
    if (!file.startsWith(appDir)) {
      send(res, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    const info = await stat(file).catch(() => undefined);
    if (!info?.isFile()) {
      send(res, 404, "text/plain; charset=utf-8", "not found\n");
      return;
    }
    // Node leaves the body out of answers to HEAD by itself.
    send(res, 200, CONTENT_TYPES[extname(file)] ?? "application/octet-stream", await readFile(file));
  };

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      // A failure while answering (a file vanishing mid-request) ends that response, not the server.
      if (!res.headersSent) send(res, 500, "text/plain; charset=utf-8", `internal error: ${e instanceof Error ? e.message : String(e)}\n`);
      else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EADDRINUSE") reject(new KameraError(`port ${opts.port} on 127.0.0.1 is in use; pick another with --port`));
      else if (e.code === "EACCES") reject(new KameraError(`not allowed to listen on port ${opts.port}; pick a port above 1023 with --port`));
      else reject(e);
    });
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }),
  };
}
