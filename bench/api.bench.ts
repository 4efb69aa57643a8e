import { execFile, spawnSync } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { startApiServer } from "../src/serveApi/apiServer.ts";
import { quantile, runApiLoad } from "./apiLoad.ts";

const FULL = { clients: 20, requests: 10_000, watches: 200 };
const KUBECTL_RUNS = 21;

function kubectlBinary(): string | undefined {
  const bin = process.env.KAMERA_KUBECTL || "kubectl";
  return spawnSync(bin, ["version", "--client"], { timeout: 20_000 }).status === 0 ? bin : undefined;
}

function timeKubectl(bin: string, kubeconfig: string, args: string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const start = performance.now();
    execFile(bin, args, { env: { ...process.env, KUBECONFIG: kubeconfig } }, (err, _out, stderr) => {
      if (err) reject(new Error(`kubectl ${args.join(" ")}: ${stderr}`));
      else resolve(performance.now() - start);
    });
  });
}

const ms = (v: number) => `${v.toFixed(2)} ms`;

/**
 * The served API under load: 20 concurrent clients send 10,000 mixed requests over loopback HTTPS
 * while 200 watches follow every write; prints p50/p99 request latency, throughput, and checks
 * that nothing failed and no watch lost an event. The baseline is kubectl's own round trip
 * (`kubectl get configmap <name>`: process start, kubeconfig, discovery from its cache, one GET)
 * against the same server, as the ratio kubectl p50 / our p50.
 */
export async function run(): Promise<void> {
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const server = await startApiServer();
  const dir = await mkdtemp(join(tmpdir(), "kamera-bench-api-"));
  try {
    const started = performance.now();
    const report = await runApiLoad(server, FULL);
    const wall = (performance.now() - started) / 1000;
    const p50 = quantile(report.latenciesMs, 0.5);
    const p99 = quantile(report.latenciesMs, 0.99);
    console.log(`${FULL.clients} clients, ${report.latenciesMs.length} requests (${report.writes} writes), ${FULL.watches} watches`);
    console.log(`  request latency      p50 ${ms(p50)}   p99 ${ms(p99)}   max ${ms(Math.max(...report.latenciesMs))}`);
    console.log(`  throughput           ${(report.latenciesMs.length / wall).toFixed(0)} requests/s, ${(report.eventsDelivered / wall).toFixed(0)} watch events/s (${wall.toFixed(1)} s)`);
    console.log(`  failed requests      ${report.errors.length}${report.errors.length ? ` (first: ${report.errors[0]})` : ""}`);
    console.log(`  watch faults         ${report.watchFaults.length}${report.watchFaults.length ? ` (first: ${report.watchFaults[0]})` : ""}`);
    const bin = kubectlBinary();
    if (bin === undefined) {
      console.log("  baseline             skipped: no kubectl (apt-get install kubernetes-client, or set KAMERA_KUBECTL)");
      return;
    }
    const kubeconfig = join(dir, "kubeconfig");
    await writeFile(kubeconfig, server.kubeconfig, { mode: 0o600 });
    const args = ["get", "namespace", "load", "-o", "name"];
    await timeKubectl(bin, kubeconfig, args); // fills kubectl's discovery cache, as a user's second command finds it
    const runs: number[] = [];
    for (let i = 0; i < KUBECTL_RUNS; i++) runs.push(await timeKubectl(bin, kubeconfig, args));
    const k50 = quantile(runs, 0.5);
    console.log(`  kubectl round trip   p50 ${ms(k50)}   p99 ${ms(quantile(runs, 0.99))}   (${KUBECTL_RUNS} runs of kubectl ${args.join(" ")})`);
    console.log(`  ratio                kubectl p50 / request p50 = ${(k50 / p50).toFixed(1)}x`);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
