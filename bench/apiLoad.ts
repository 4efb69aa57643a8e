import { Agent, request } from "node:https";
import { performance } from "node:perf_hooks";
import type { ApiServer } from "../src/serveApi/apiServer.ts";

/** The size of a load run. */
export interface ApiLoadOptions {
  /** Concurrent clients, each sending its requests one after another. */
  clients: number;
  /** Requests in all, split evenly between the clients. */
  requests: number;
  /** Watches open on the load's namespace for the whole run. */
  watches: number;
}

/** What a load run observed. */
export interface ApiLoadReport {
  /** Each request's latency in ms, in completion order. */
  latenciesMs: number[];
  /** Requests that did not succeed, with their status and body. */
  errors: string[];
  /** Writes that succeeded (each must reach every watch). */
  writes: number;
  /** Watches that missed, repeated or reordered an event, with what was wrong. */
  watchFaults: string[];
  /** Events delivered to all watches together. */
  eventsDelivered: number;
}

interface Reply {
  status: number;
  body: string;
}

const NAMESPACE = "load";

/** A deterministic pseudo-random sequence (mulberry32), so every run sends the same requests. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function send(server: ApiServer, agent: Agent, method: string, path: string, body?: unknown, contentType = "application/json"): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const payload = body === undefined ? undefined : JSON.stringify(body);
    const headers: Record<string, string> = { Authorization: `Bearer ${server.token}` };
    if (payload !== undefined) headers["Content-Type"] = contentType;
    const req = request(new URL(path, server.url), { method, headers, agent, ca: server.certificate }, (res) => {
      let text = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => (text += c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body: text }));
    });
    req.on("error", reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

interface WatchLog {
  events: { type: string; name: string; rv: number }[];
  close(): void;
}

function openWatch(server: ApiServer, agent: Agent, fromRevision: number, onEvent: () => void): Promise<WatchLog> {
  return new Promise((resolve, reject) => {
    const url = new URL(`/api/v1/namespaces/${NAMESPACE}/configmaps?watch=true&resourceVersion=${fromRevision}`, server.url);
    const req = request(url, { headers: { Authorization: `Bearer ${server.token}` }, agent, ca: server.certificate }, (res) => {
      const log: WatchLog = { events: [], close: () => req.destroy() };
      let buf = "";
      res.setEncoding("utf8");
      res.on("data", (c: string) => {
        buf += c;
        let nl: number;
        while ((nl = buf.indexOf("\n")) >= 0) {
          const e = JSON.parse(buf.slice(0, nl)) as { type: string; object: { metadata: { name: string; resourceVersion: string } } };
          buf = buf.slice(nl + 1);
          log.events.push({ type: e.type, name: e.object.metadata.name, rv: Number(e.object.metadata.resourceVersion) });
          onEvent();
        }
      });
      res.on("error", () => {});
      resolve(log);
    });
    req.on("error", (e) => {
      if ((e as NodeJS.ErrnoException).code !== "ECONNRESET") reject(e);
    });
    req.end();
  });
}

/**
 * Drives a served cluster with `clients` concurrent clients sending `requests` mixed requests
 * (create, get, list by label, merge patch, delete of config maps in one namespace, each client
 * on its own objects so nothing conflicts) while `watches` watches follow the namespace from the
 * revision before the first write. The requests are the same on every run (seeded per client).
 * Then checks that every watch saw every write exactly once, in revision order, as the server
 * recorded it.
 */
export async function runApiLoad(server: ApiServer, opts: ApiLoadOptions): Promise<ApiLoadReport> {
  const agent = new Agent({ keepAlive: true, maxSockets: opts.clients });
  const watchAgent = new Agent({ keepAlive: false });
  const report: ApiLoadReport = { latenciesMs: [], errors: [], writes: 0, watchFaults: [], eventsDelivered: 0 };
  const ns = await send(server, agent, "POST", "/api/v1/namespaces", { apiVersion: "v1", kind: "Namespace", metadata: { name: NAMESPACE } });
  if (ns.status !== 201) throw new Error(`could not create the load namespace: ${ns.status} ${ns.body}`);
  const from = server.cluster.revision;
  let wake: (() => void) | undefined;
  const watches = await Promise.all(Array.from({ length: opts.watches }, () => openWatch(server, watchAgent, from, () => wake?.())));

  const perClient = Math.floor(opts.requests / opts.clients);
  const base = `/api/v1/namespaces/${NAMESPACE}/configmaps`;
  const client = async (id: number) => {
    const rnd = random(id + 1);
    const live: string[] = [];
    let created = 0;
    for (let i = 0; i < perClient; i++) {
      const r = rnd();
      let method: string;
      let path: string;
      let body: unknown;
      let contentType = "application/json";
      let write = true;
      if (live.length === 0 || r < 0.3) {
        const name = `c${id}-${created++}`;
        live.push(name);
        method = "POST";
        path = base;
        body = { apiVersion: "v1", kind: "ConfigMap", metadata: { name, labels: { client: String(id) } }, data: { n: "0" } };
      } else if (r < 0.5) {
        method = "GET";
        path = `${base}/${live[Math.floor(rnd() * live.length)]}`;
        write = false;
      } else if (r < 0.6) {
        method = "GET";
        path = `${base}?labelSelector=client%3D${id}`;
        write = false;
      } else if (r < 0.85) {
        method = "PATCH";
        path = `${base}/${live[Math.floor(rnd() * live.length)]}`;
        body = { data: { n: String(i) } };
        contentType = "application/merge-patch+json";
      } else {
        const at = Math.floor(rnd() * live.length);
        method = "DELETE";
        path = `${base}/${live[at]}`;
        live.splice(at, 1);
      }
      const start = performance.now();
      const reply = await send(server, agent, method, path, body, contentType);
      report.latenciesMs.push(performance.now() - start);
      if (reply.status < 200 || reply.status > 299) report.errors.push(`${method} ${path}: ${reply.status} ${reply.body.slice(0, 200)}`);
      else if (write) report.writes += 1;
    }
  };
  await Promise.all(Array.from({ length: opts.clients }, (_, id) => client(id)));

  // What the server recorded for the namespace since the watches started: what each must have seen.
  const expected = (server.cluster.eventsAfter(from) ?? [])
    .filter((e) => e.object.metadata?.namespace === NAMESPACE)
    .map((e) => `${e.type} ${e.object.metadata?.name} ${e.revision}`);
  if (expected.length !== report.writes) report.watchFaults.push(`the server recorded ${expected.length} events for ${report.writes} successful writes`);
  // Every write has been committed; its events are on their way. Wait for them (bounded), then compare.
  const deadline = Date.now() + 30_000;
  const complete = () => watches.every((w) => w.events.length >= expected.length);
  while (!complete() && Date.now() < deadline) {
    await new Promise<void>((resolve) => {
      wake = resolve;
      setTimeout(resolve, 200);
    });
  }
  watches.forEach((w, i) => {
    report.eventsDelivered += w.events.length;
    const seen = w.events.map((e) => `${e.type} ${e.name} ${e.rv}`);
    const firstDiff = seen.findIndex((s, j) => s !== expected[j]);
    if (seen.length !== expected.length || firstDiff >= 0) {
      report.watchFaults.push(
        `watch ${i}: ${seen.length} events for ${expected.length} writes` + (firstDiff >= 0 ? `; event ${firstDiff + 1} is "${seen[firstDiff]}", expected "${expected[firstDiff]}"` : ""),
      );
    }
    w.close();
  });
  agent.destroy();
  watchAgent.destroy();
  return report;
}

/** The q-quantile (0..1) of some numbers, by nearest rank. */
export function quantile(values: readonly number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))]!;
}
