import { loadavg } from "node:os";
import type { Engine } from "../bindings/core.ts";
import { syntheticScenario } from "./syntheticScenario.ts";

/** The synthetic size explored: N counters × K steps, the smallest that passes a million distinct states. */
const N = 7;
const K = 4;

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * A capacity check, and the largest end-to-end comparison of the engines: explores the synthetic
 * scenario at a size of over a million distinct states to completion, with default options and
 * Node's default heap limit, once with the Wasm engine and then once with the reference engine,
 * and prints for each states, transitions, wall and CPU time, transitions per second, and the
 * memory in use; then the ratios. The Wasm run goes first, so the peak RSS printed after it is
 * its own (the reference run's is the peak of both); the reference run inherits a heap the Wasm
 * run left behind, which if anything favours neither. `KAMERA_BENCH_MILLION_ENGINES=wasm` runs
 * only the Wasm engine (as this benchmark did before it compared the engines).
 */
export async function run(): Promise<void> {
  const engines = (process.env.KAMERA_BENCH_MILLION_ENGINES ?? "wasm,reference").split(",") as Engine[];
  console.log(`million: synthetic N=${N} counters x K=${K} steps + 1 watcher, explored to completion (default heap limit), engines ${engines.join(", ")}`);
  const results = new Map<Engine, { tps: number; cpuTps: number; transitions: number }>();
  for (const engine of engines) {
    const load = loadAverage();
    const { builder, initial } = syntheticScenario(N, K);
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const r = await builder.build().explore(initial, { pathCap: 1, reduction: "none", engine });
    const ms = performance.now() - t0;
    const used = process.cpuUsage(c0);
    const cpuS = (used.user + used.system) / 1e6;
    const mem = process.memoryUsage();
    const peakRss = process.resourceUsage().maxRSS * 1024;
    const s = r.stats;
    const tps = (s.transitions / ms) * 1000;
    const cpuTps = s.transitions / cpuS;
    results.set(engine, { tps, cpuTps, transitions: s.transitions });
    console.log(
      `${engine}: ${s.uniqueStates.toLocaleString("en")} states, ${s.transitions.toLocaleString("en")} transitions, ${s.reconcilesExecuted.toLocaleString("en")} reconciles run ` +
        `(+${s.reconcilesReplayed.toLocaleString("en")} replayed) in ${(ms / 1000).toFixed(1)} s (${cpuS.toFixed(1)} CPU s) = ` +
        `${Math.round(tps).toLocaleString("en")} transitions/s (${Math.round(cpuTps).toLocaleString("en")} per CPU s); complete: ${r.complete}, converged: ${r.convergedStates.length}; load average ${load} before`,
    );
    console.log(
      `  memory: peak RSS so far ${mib(peakRss)}, heap used ${mib(mem.heapUsed)}, outside the heap (Wasm memory, buffers) ${mib(mem.external)}; ` +
        `${Math.round(peakRss / s.uniqueStates)} bytes of peak RSS per state`,
    );
  }
  const wasm = results.get("wasm");
  const reference = results.get("reference");
  if (wasm && reference) {
    if (wasm.transitions !== reference.transitions) console.log(`the engines DISAGREE: ${wasm.transitions} vs ${reference.transitions} transitions`);
    console.log(`Wasm / reference: ${(wasm.tps / reference.tps).toFixed(2)}x wall clock, ${(wasm.cpuTps / reference.cpuTps).toFixed(2)}x per CPU second`);
  }
}

function loadAverage(): string {
  return loadavg()[0]!.toFixed(1);
}
