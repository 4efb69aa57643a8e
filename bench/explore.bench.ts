import { loadavg } from "node:os";
import type { Engine } from "../bindings/core.ts";
import { loadHasher } from "../src/objects/hasher.ts";
import { VersionTable } from "../src/objects/versionTable.ts";
import { naiveSearch, worldKey } from "./naiveSearch.ts";
import { syntheticScenario } from "./syntheticScenario.ts";

function fmt(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M` : n >= 1e3 ? `${(n / 1e3).toFixed(1)}k` : n.toFixed(0);
}

/**
 * End-to-end throughput on the largest synthetic size that finishes within a minute, memoized
 * against every reconcile run, then the state-graph search against the naive all-paths search,
 * all in the same run. Throughput is measured first: the naive search leaves a large heap behind
 * that slows whatever runs next.
 */
export async function run(): Promise<void> {
  console.log("explore: synthetic N counters x K steps + 1 watcher");
  await throughputAndMemo();
  await wasmAgainstReference();
  await againstNaive();
}

/**
 * The same memoized search at N=6 with each engine: a bounded warm-up of each, then three runs of
 * each alternating (reference, Wasm, Wasm, reference, …); medians of transitions per second.
 */
async function wasmAgainstReference(): Promise<void> {
  const n = 6;
  const k = 3;
  for (const engine of ["wasm", "reference"] as const) {
    const { builder, initial } = syntheticScenario(n, k);
    await builder.build().explore(initial, { pathCap: 1, reduction: "none", engine, maxStates: 20_000 });
  }
  const rates: Record<Engine, number[]> = { wasm: [], reference: [] };
  const cpuRates: Record<Engine, number[]> = { wasm: [], reference: [] };
  const loadBefore = loadavg()[0]!;
  for (let i = 0; i < 3; i++) {
    for (const engine of i % 2 === 0 ? (["reference", "wasm"] as const) : (["wasm", "reference"] as const)) {
      const m = await throughput(n, k, true, 120_000, engine);
      if (!m) return;
      rates[engine].push(m.tps);
      cpuRates[engine].push(m.cpuTps);
    }
  }
  const wasm = median(rates.wasm);
  const reference = median(rates.reference);
  const wasmCpu = median(cpuRates.wasm);
  const referenceCpu = median(cpuRates.reference);
  console.log(
    `Wasm vs reference engine, memoized, N=${n} K=${k} (medians of 3, alternating): ${fmt(wasm)} vs ${fmt(reference)} transitions/s = ${(wasm / reference).toFixed(2)}x; ` +
      `per CPU second ${fmt(wasmCpu)} vs ${fmt(referenceCpu)} = ${(wasmCpu / referenceCpu).toFixed(2)}x; load average ${loadBefore.toFixed(1)} before, ${loadavg()[0]!.toFixed(1)} after`,
  );
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1]!;
}

/** State-graph search vs the naive all-paths search, N×K from 2×2 to 4×3. */
async function againstNaive(): Promise<void> {
  console.log("state-graph search (ours) vs naive all-paths search (baseline):");
  const versions = new VersionTable(await loadHasher(), () => []);
  console.log("N K | ours: states transitions reconciles-run (+replayed) ms | naive: reconciles ms | reconcile ratio, time ratio | same converged");
  for (const [n, k] of [
    [2, 2],
    [3, 2],
    [3, 3],
    [4, 3],
  ] as const) {
    const { builder, initial } = syntheticScenario(n, k);
    const t0 = performance.now();
    const ours = await builder.build().explore(initial, { pathCap: 1, reduction: "none" });
    const oursMs = performance.now() - t0;
    const t1 = performance.now();
    const naive = await naiveSearch(builder, initial, { maxReconciles: 1_000_000 });
    const naiveMs = performance.now() - t1;
    const oursConverged = new Set(ours.convergedStates.map((s) => worldKey(versions, s.objects)));
    const same = naive.complete ? [...naive.converged].every((c) => oursConverged.has(c)) && naive.converged.size === oursConverged.size : [...naive.converged].every((c) => oursConverged.has(c));
    const bound = naive.complete ? "" : "≥";
    console.log(
      `${n} ${k} | ${fmt(ours.stats.uniqueStates)} ${fmt(ours.stats.transitions)} ${fmt(ours.stats.reconcilesExecuted)} (+${fmt(ours.stats.reconcilesReplayed)}) ${oursMs.toFixed(0)} | ` +
        `${bound}${fmt(naive.reconciles)} ${naiveMs.toFixed(0)}${naive.complete ? "" : " (stopped at budget)"} | ` +
        `${bound}${(naive.reconciles / ours.stats.reconcilesExecuted).toFixed(1)}x, ${bound}${(naiveMs / oursMs).toFixed(1)}x | ${same ? "yes" : "NO"}${naive.complete ? "" : " (naive subset)"}`,
    );
  }
}

/** Transitions per second, growing N; then the memo against running every reconcile. */
async function throughputAndMemo(): Promise<void> {
  // Throughput: grow the scenario until one exploration takes longer than about 20 s, cap at a minute.
  let best: { n: number; k: number; tps: number; states: number; ms: number } | undefined;
  for (const [n, k] of [
    [5, 3],
    [6, 3],
    [7, 3],
    [8, 3],
  ] as const) {
    const m = await throughput(n, k, true, 60_000);
    if (!m) break;
    best = { n, k, ...m };
    console.log(
      `throughput N=${n} K=${k}: ${fmt(m.states)} states, ${fmt(m.transitions)} transitions in ${(m.ms / 1000).toFixed(1)} s = ${fmt(m.tps)} transitions/s ` +
        `(${fmt(m.cpuTps)} per CPU second; search ${(m.searchMs / 1000).toFixed(1)} s, results ${((m.ms - m.searchMs) / 1000).toFixed(1)} s; load average ${loadavg()[0]!.toFixed(1)})`,
    );
    if (m.ms > 20_000) break;
  }
  if (best) console.log(`largest completed: N=${best.n} K=${best.k}, ${fmt(best.tps)} transitions/s end to end`);
  // Baseline for the memo: the same search running every reconcile, on sizes it finishes within a minute.
  for (const [n, k] of [
    [5, 3],
    [6, 3],
  ] as const) {
    const memo = await throughput(n, k, true, 60_000);
    const every = await throughput(n, k, false, 60_000);
    if (!memo || !every) break;
    console.log(
      `memoized vs every reconcile run, N=${n} K=${k}: ${fmt(memo.tps)} vs ${fmt(every.tps)} transitions/s = ${(memo.tps / every.tps).toFixed(1)}x`,
    );
  }
}

/** One exploration of the synthetic scenario; undefined when it did not finish within `timeoutMs`. */
async function throughput(n: number, k: number, memoizeReconciles: boolean, timeoutMs: number, engine: Engine = "wasm") {
  const { builder, initial } = syntheticScenario(n, k);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const r = await builder.build().explore(initial, { pathCap: 1, reduction: "none", timeoutMs, memoizeReconciles, engine });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  if (!r.complete) return undefined;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  return { tps: (r.stats.transitions / ms) * 1000, cpuTps: r.stats.transitions / cpuS, states: r.stats.uniqueStates, transitions: r.stats.transitions, ms, searchMs: r.stats.durationMs };
}
