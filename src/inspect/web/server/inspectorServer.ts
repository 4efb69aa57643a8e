import { createReadStream } from "node:fs";
import { open, readFile, type FileHandle } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { join, normalize, sep } from "node:path";
import { KameraError } from "../../../kameraError.ts";
import { pageAssets } from "./pageAssets.ts";

/**
 * The result the page opens: a dump or a trace (the page tells them apart by content), held as
 * text or as a file streamed on each request. `kind` only sets the content type it is served with.
 */
export type ServedResult = ({ name: string; text: string } | { name: string; file: string }) & { kind?: "dump" | "trace" };

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

/**
 * The page loads only its own scripts, styles and Wasm core and fetches only its result; it is
 * never framed (clickjacking) and runs no inline script. `wasm-unsafe-eval` lets the worker compile
 * the Wasm core; `data:` images are the empty favicon. Inline style attributes are allowed: the
 * graph library positions its canvases with them (styles cannot run code; scripts stay strict).
 */
const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join("; ");

/** Sent with every answer. */
const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  "Content-Security-Policy": CONTENT_SECURITY_POLICY,
  "X-Frame-Options": "DENY",
  "X-Content-Type-Options": "nosniff",
  "Referrer-Policy": "no-referrer",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const TEXT = "text/plain; charset=utf-8";
const JSON_TYPE = "application/json; charset=utf-8";
/** A trace is JSON Lines. */
const JSON_LINES_TYPE = "application/x-ndjson; charset=utf-8";

function escapeAttribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/** The URL path the result is served under: its file name, so the page can show it. */
function resultPath(result: ServedResult): string {
  const base = result.name.split(/[\\/]/).pop() || "result.json";
  return `results/${encodeURIComponent(base)}`;
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, "Content-Type": type, "Content-Length": Buffer.byteLength(body), ...extra });
  res.end(body);
}

/**
 * Whether a request's Host names this server as the page knows it. A DNS-rebinding page (a
 * hostile site whose name is re-pointed at 127.0.0.1) sends its own name here, and must get
 * nothing: the result may hold cluster objects.
 */
function isOwnHost(host: string | undefined, port: number): boolean {
  return host === `127.0.0.1:${port}` || host === `localhost:${port}`;
}

/** The served dump, opened once: later requests read this open file, whatever the path now names. */
interface OpenResult {
  handle: FileHandle;
  size: number;
}

async function openResultFile(file: string): Promise<OpenResult> {
  const handle = await open(file, "r").catch((e: NodeJS.ErrnoException) => {
    throw new KameraError(e.code === "ENOENT" ? `no such file: ${file}` : `cannot open ${file}: ${e.message}`);
  });
  const info = await handle.stat();
  if (!info.isFile()) {
    await handle.close();
    throw new KameraError(`no such file: ${file} (not a regular file)`);
  }
  return { handle, size: info.size };
}

/**
 * Serves the built browser inspector and one result (a dump or a trace) on 127.0.0.1 only (never another interface:
 * dumps may hold cluster objects). The page is marked with the result's URL
 * (`<meta name="kamera-results">`) and opens it on load. Only GET and HEAD are answered, only
 * for a Host of `127.0.0.1:<port>` or `localhost:<port>` (no DNS rebinding), and only for the
 * files the built page loads (read into memory at start, see `pageAssets`) and the result. A
 * result file is opened once, at start: replacing or re-pointing the path later changes nothing
 * served. Every answer carries a strict Content-Security-Policy and `X-Frame-Options: DENY`; an
 * internal failure is a bare 500 that names no path.
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
  const assets = await pageAssets(appDir);
  const result = opts.result;
  const served = result ? resultPath(result) : undefined;
  const file = result && "file" in result ? await openResultFile(result.file) : undefined;
  const page = served
    ? indexHtml.replace("<head>", `<head>\n    <meta name="kamera-results" content="${escapeAttribute(served)}" />`)
    : indexHtml;
  const resultType = result?.kind === "trace" ? JSON_LINES_TYPE : JSON_TYPE;
  let port = opts.port;

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    if (!isOwnHost(req.headers.host, port)) {
      send(res, 403, TEXT, `this server answers only to 127.0.0.1:${port} and localhost:${port}\n`);
      return;
    }
    if (req.method !== "GET" && req.method !== "HEAD") {
      send(res, 405, TEXT, "method not allowed\n", { Allow: "GET, HEAD" });
      return;
    }
    let path: string;
    try {
      path = new URL(req.url ?? "/", "http://127.0.0.1").pathname;
    } catch {
      send(res, 400, TEXT, "bad request target\n");
      return;
    }
    if (path === "/" || path === "/index.html") {
      send(res, 200, "text/html; charset=utf-8", page, { "Cache-Control": "no-store" });
      return;
    }
    if (result && served && path === `/${served}`) {
      if ("text" in result) {
        send(res, 200, resultType, result.text, { "Cache-Control": "no-store" });
        return;
      }
      res.writeHead(200, { ...SECURITY_HEADERS, "Content-Type": resultType, "Cache-Control": "no-store", "Content-Length": file!.size });
      // Node leaves the body out of answers to HEAD by itself, but reading the file is wasted work.
      if (req.method === "HEAD" || file!.size === 0) {
        res.end();
        return;
      }
      // Positioned reads of the file opened at start, which stays open for other requests.
      createReadStream("", { fd: file!.handle.fd, start: 0, end: file!.size - 1, autoClose: false })
        .on("error", () => res.destroy())
        .pipe(res);
      return;
    }
    // Only the page's own files, as held in memory since start; no path ever reaches the disk.
    const asset = assets.get(path);
    if (asset === undefined) {
      send(res, 404, TEXT, "not found\n");
      return;
    }
    send(res, 200, asset.type, asset.body);
  };

  const server: Server = createServer((req, res) => {
    try {
      handle(req, res);
    } catch {
      // A failure while answering ends that response, not the server; the answer names no file
      // or path, which would tell a caller about the machine.
      if (!res.headersSent) send(res, 500, TEXT, "internal error\n");
      else res.destroy();
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (e: NodeJS.ErrnoException) => {
      void file?.handle.close();
      if (e.code === "EADDRINUSE") reject(new KameraError(`port ${opts.port} on 127.0.0.1 is in use; pick another with --port`));
      else if (e.code === "EACCES") reject(new KameraError(`not allowed to listen on port ${opts.port}; pick a port above 1023 with --port`));
      else reject(e);
    });
    server.listen(opts.port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  port = typeof address === "object" && address ? address.port : opts.port;
  return {
    url: `http://127.0.0.1:${port}/`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((e) => (e ? reject(e) : resolve()));
        server.closeAllConnections();
      }).finally(() => file?.handle.close()),
  };
}
