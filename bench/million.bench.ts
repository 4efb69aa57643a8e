import { syntheticScenario } from "./syntheticScenario.ts";

/** The synthetic size explored: N counters × K steps, the smallest that passes a million distinct states. */
const N = 7;
const K = 4;

function mib(bytes: number): string {
  return `${(bytes / 2 ** 20).toFixed(0)} MiB`;
}

/**
 * A capacity check rather than a race: explores the synthetic scenario at a size of over a million
 * distinct states to completion, with default options and Node's default heap limit, and prints
 * states, transitions, time, transitions per second, peak resident memory and the heap in use
 * after the search, with bytes per state. Its baselines are in the explore benchmark (memoized
 * against every reconcile run, state graph against all paths) and the core benchmark (Wasm
 * against the reference core).
 */
export async function run(): Promise<void> {
  console.log(`million: synthetic N=${N} counters x K=${K} steps + 1 watcher, explored to completion (default heap limit)`);
  const { builder, initial } = syntheticScenario(N, K);
  const t0 = performance.now();
  const r = await builder.build().explore(initial, { pathCap: 1 });
  const ms = performance.now() - t0;
  const mem = process.memoryUsage();
  const peakRss = process.resourceUsage().maxRSS * 1024;
  const s = r.stats;
  console.log(
    `${s.uniqueStates.toLocaleString("en")} states, ${s.transitions.toLocaleString("en")} transitions, ${s.reconcilesExecuted.toLocaleString("en")} reconciles run ` +
      `(+${s.reconcilesReplayed.toLocaleString("en")} replayed) in ${(ms / 1000).toFixed(1)} s = ${Math.round((s.transitions / ms) * 1000).toLocaleString("en")} transitions/s; ` +
      `complete: ${r.complete}, converged: ${r.convergedStates.length}`,
  );
  console.log(
    `memory: peak RSS ${mib(peakRss)}, heap used ${mib(mem.heapUsed)}, outside the heap (Wasm memory, buffers) ${mib(mem.external)}; ` +
      `${Math.round(peakRss / s.uniqueStates)} bytes of peak RSS per state`,
  );
}
