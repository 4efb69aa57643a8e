import { mkdtemp, rm } from "node:fs/promises";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { KubeConfig, KubernetesObjectApi } from "@kubernetes/client-node";
import { MirrorReconciler } from "../examples/config-mirror/mirrorReconciler.ts";
import { startApiServer } from "../src/serveApi/apiServer.ts";
import { openTraceFile } from "../src/trace/traceSink.ts";
import { traceClient } from "../src/trace/traceClient.ts";
import { traceReconciler } from "../src/trace/traceReconciler.ts";
import type { ReconcileContext, Reconciler } from "../src/reconciler.ts";

const ROUNDS = 300;
const ctx: ReconcileContext = { now: () => new Date(), choose: (_l, o) => o[0]!, signal: new AbortController().signal, log: () => undefined };

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/**
 * Recording overhead: the config-mirror reconcile (GET the source, GET the mirror, replace the
 * mirror: three HTTPS round trips through client-node to `startApiServer`) untraced against the
 * same reconcile traced (traceClient + traceReconciler, appending to a trace file and flushing at
 * the end of each reconcile). Each round first changes the source (untimed) so that every timed
 * reconcile writes; traced and untraced rounds alternate so that drift hits both alike. Prints
 * medians and the ratio traced / untraced; the target is ≤ 1.3×.
 */
export async function run(): Promise<void> {
  console.log(`load average at start: ${loadavg().map((l) => l.toFixed(2)).join(" ")}`);
  const server = await startApiServer();
  const dir = await mkdtemp(join(tmpdir(), "kamera-bench-trace-"));
  try {
    const kc = new KubeConfig();
    kc.loadFromString(server.kubeconfig);
    const raw = KubernetesObjectApi.makeApiClient(kc);
    const sink = await openTraceFile(join(dir, "trace.jsonl"));
    const plain: Reconciler = new MirrorReconciler(KubernetesObjectApi.makeApiClient(kc));
    const traced = traceReconciler(new MirrorReconciler(traceClient(KubernetesObjectApi.makeApiClient(kc), { controller: "mirror", sink })), { controller: "mirror", sink });
    const spec = { apiVersion: "v1", kind: "ConfigMap", metadata: { name: "web", namespace: "default" } };
    await raw.create({ ...spec, data: { n: "0" } } as never);
    const req = { namespace: "default", name: "web" };
    await plain.reconcile(req, ctx); // creates the mirror; warms connections
    const times = { plain: [] as number[], traced: [] as number[] };
    for (let i = 1; i <= 2 * ROUNDS; i++) {
      const cur = (await raw.read(spec as never)) as unknown as typeof spec;
      await raw.replace({ ...cur, data: { n: String(i) } } as never);
      const which = i % 2 === 0 ? "plain" : "traced";
      const r = which === "plain" ? plain : traced;
      const start = performance.now();
      await r.reconcile(req, ctx);
      times[which].push(performance.now() - start);
    }
    await sink.close();
    // The first rounds warm the JIT; drop them from both sides alike.
    const warm = 20;
    const p = median(times.plain.slice(warm));
    const t = median(times.traced.slice(warm));
    console.log(`${ROUNDS} rounds each (first ${warm} dropped), one reconcile = 2 GETs + 1 replace over HTTPS`);
    console.log(`  untraced reconcile   median ${p.toFixed(3)} ms`);
    console.log(`  traced reconcile     median ${t.toFixed(3)} ms`);
    console.log(`  ratio traced/untraced  ${(t / p).toFixed(2)}x   (target <= 1.3x)`);
  } finally {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  }
}
