import { mkdtemp, readFile, rm } from "node:fs/promises";
import { Agent, createServer, request, type Server } from "node:http";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { scenario } from "../examples/mode-flip/scenario.ts";
import { startInspectorServer } from "../src/inspect/web/server/inspectorServer.ts";
import { ensureWebApp } from "../src/inspect/web/server/webAppBuild.ts";
import { saveDump } from "../src/results/dump.ts";

/**
 * A bounded loopback load test of the inspector server (`kamera serve`): REQUESTS requests at
 * CONCURRENCY to 127.0.0.1 only, cycling through the page, one of its scripts and the dump, then
 * it stops. The baseline is a bare `node:http` server answering the same bytes from memory with no
 * checks, measured in the same run; the ratio of medians says what the server's checks cost.
 * Override with KAMERA_BENCH_REQUESTS / KAMERA_BENCH_CONCURRENCY (capped, so it stays bounded).
 */
const REQUESTS = Math.min(20_000, Number(process.env.KAMERA_BENCH_REQUESTS ?? 2000));
const CONCURRENCY = Math.min(200, Number(process.env.KAMERA_BENCH_CONCURRENCY ?? 50));

interface LoadResult {
  p50: number;
  p99: number;
  max: number;
  errors: number;
  statusErrors: number;
  seconds: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Sends `REQUESTS` GETs over at most `CONCURRENCY` connections; every response is read to its end. */
async function load(port: number, paths: readonly string[]): Promise<LoadResult> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const latencies: number[] = [];
  let errors = 0;
  let statusErrors = 0;
  let next = 0;
  const one = (path: string): Promise<void> =>
    new Promise((resolve) => {
      const t0 = performance.now();
      const req = request({ host: "127.0.0.1", port, path, agent, headers: { Host: `127.0.0.1:${port}` } }, (res) => {
        res.resume();
        res.on("end", () => {
          latencies.push(performance.now() - t0);
          if (res.statusCode !== 200) statusErrors++;
          resolve();
        });
      });
      req.on("error", () => {
        errors++;
        resolve();
      });
      req.end();
    });
  const worker = async (): Promise<void> => {
    while (next < REQUESTS) await one(paths[next++ % paths.length]!);
  };
  const t0 = performance.now();
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - t0) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), max: latencies.at(-1) ?? 0, errors, statusErrors, seconds };
}

/** The same paths answered from memory by a server that checks nothing. */
async function bareServer(bodies: Map<string, Buffer>): Promise<Server> {
  const server = createServer((req, res) => {
    const body = bodies.get(req.url ?? "/");
    res.writeHead(body ? 200 : 404, { "Content-Length": body?.length ?? 0 });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  return server;
}

export async function run(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), "kamera-bench-serve-"));
  try {
    const { builder, initial, options } = scenario.build();
    const result = await builder.build().explore(initial, options);
    const dump = join(dir, "mode-flip.dump.json");
    await saveDump(result, dump, { scenario: { name: "mode-flip" } });
    const appDir = await ensureWebApp({ onBuild: (m) => console.log(m) });
    const server = await startInspectorServer({ appDir, port: 0, result: { name: "mode-flip.dump.json", file: dump } });
    const page = await (await fetch(server.url)).text();
    const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(page)?.[1];
    if (!script) throw new Error("the built page names no script");
    const paths = ["/", `/${script}`, "/results/mode-flip.dump.json"];
    const bodies = new Map<string, Buffer>([
      ["/", Buffer.from(page)],
      [`/${script}`, await readFile(join(appDir, script))],
      ["/results/mode-flip.dump.json", await readFile(dump)],
    ]);
    const bare = await bareServer(bodies);
    const bareAddress = bare.address();
    const barePort = typeof bareAddress === "object" && bareAddress ? bareAddress.port : 0;

    console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
    console.log(`${REQUESTS} requests at concurrency ${CONCURRENCY} to 127.0.0.1, cycling ${paths.join(", ")} (dump ${bodies.get(paths[2]!)!.length} bytes)`);
    // A warm-up round for each, so neither side pays for first-use compilation in its figures.
    await load(server.port, paths);
    await load(barePort, paths);
    const ours = await load(server.port, paths);
    const base = await load(barePort, paths);
    const row = (name: string, r: LoadResult) =>
      `${name.padEnd(22)} p50 ${r.p50.toFixed(2).padStart(7)} ms  p99 ${r.p99.toFixed(2).padStart(7)} ms  max ${r.max.toFixed(1).padStart(7)} ms  ` +
      `${(REQUESTS / r.seconds).toFixed(0).padStart(6)} req/s  errors ${r.errors}  non-200 ${r.statusErrors}`;
    console.log(row("kamera serve", ours));
    console.log(row("bare node:http", base));
    console.log(`ratio (kamera / bare): p50 ${(ours.p50 / base.p50).toFixed(2)}x, p99 ${(ours.p99 / base.p99).toFixed(2)}x`);
    await server.close();
    await new Promise<void>((r) => bare.close(() => r()));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
