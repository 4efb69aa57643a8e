import { request } from "node:https";
import type { ApiServer } from "../../src/serveApi/apiServer.ts";

/** A response of the served API: status, headers and the body (parsed when it is JSON). */
export interface ServerResponseOf {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

/**
 * One HTTPS request to a served cluster, trusting its certificate; the server's token unless
 * `token` is given. A body goes as application/json unless `contentType` says otherwise (null: no Content-Type).
 */
export function call(
  server: ApiServer,
  method: string,
  path: string,
  body?: unknown,
  opts: { token?: string | null; contentType?: string | null; accept?: string; raw?: Buffer | string } = {},
): Promise<ServerResponseOf> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    const headers: Record<string, string> = {};
    const token = opts.token === undefined ? server.token : opts.token;
    if (token !== null) headers.Authorization = `Bearer ${token}`;
    let payload: Buffer | string | undefined = opts.raw;
    if (payload === undefined && body !== undefined) payload = JSON.stringify(body);
    const contentType = opts.contentType === undefined ? "application/json" : opts.contentType;
    if (payload !== undefined && contentType !== null) headers["Content-Type"] = contentType;
    // Node sends a DELETE's body unchunked, so only a declared length delimits it.
    if (payload !== undefined) headers["Content-Length"] = String(Buffer.byteLength(payload));
    if (opts.accept) headers.Accept = opts.accept;
    const req = request(url, { method, headers, ca: server.certificate }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => {
        const text = Buffer.concat(chunks).toString("utf8");
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** An open watch: the events received so far, and `until` to wait for a condition on them. */
export interface WatchTap {
  events: { type: string; object: any }[];
  status: number;
  until(pred: (events: { type: string; object: any }[]) => boolean): Promise<void>;
  close(): void;
}

/** Opens a watch (GET with `watch=true` added) and collects its events. */
export function watch(server: ApiServer, path: string): Promise<WatchTap> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, server.url);
    url.searchParams.set("watch", "true");
    const waiters: (() => void)[] = [];
    const req = request(url, { method: "GET", headers: { Authorization: `Bearer ${server.token}` }, ca: server.certificate }, (res) => {
      let buf = "";
      const tap: WatchTap = {
        events: [],
        status: res.statusCode ?? 0,
        until(pred) {
          return new Promise((done) => {
            const check = () => {
              if (pred(tap.events)) done();
              else waiters.push(check);
            };
            check();
          });
        },
        close() {
          req.destroy();
        },
      };
      res.on("data", (c: Buffer) => {
        buf += c.toString("utf8");
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          if (line.trim() !== "") tap.events.push(JSON.parse(line));
        }
        for (const w of waiters.splice(0)) w();
      });
      res.on("end", () => {
        for (const w of waiters.splice(0)) w();
      });
      res.on("error", () => {});
      resolve(tap);
    });
    req.on("error", (e) => {
      if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
    });
    req.end();
  });
}
