import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { runIsolated } from "../src/cli/isolation/isolatedExploration.ts";
import type { ExploreOptions } from "../src/explore/exploreOptions.ts";
import { scenario } from "./isolationScenario.ts";

/**
 * `kamera explore`'s isolated run (a worker thread under a watchdog, the graph streamed to the
 * main thread before every reconcile and invariant) against exploring in-process, on the same
 * synthetic scenario, in the same run. Two costs: starting the worker (loading kamera and the
 * scenario in it) shows on the smallest size; streaming shows as the ratio grows with the work.
 * With the memo off every reconcile runs, so every one is announced: the worst case.
 */
const REPS = 3;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

export async function run(): Promise<void> {
  const spec = join(fileURLToPath(new URL(".", import.meta.url)), "isolationScenario.ts");
  console.log(`isolated run vs in-process, median of ${REPS}; load average ${(await import("node:os")).loadavg().map((l) => l.toFixed(1)).join(" ")}`);
  console.log("N K memo | states transitions reconciles-run | in-process ms | isolated ms | ratio");
  for (const [n, k] of [
    [2, 2],
    [4, 3],
    [5, 3],
  ] as const) {
    for (const memoizeReconciles of [true, false]) {
      process.env.KAMERA_BENCH_N = String(n);
      process.env.KAMERA_BENCH_K = String(k);
      const opts: ExploreOptions = { memoizeReconciles, pathCap: 1, reduction: "none" };
      const inProcess: number[] = [];
      const isolated: number[] = [];
      let stats = "";
      for (let r = 0; r < REPS; r++) {
        const { builder, initial } = scenario.build();
        const explorer = builder.build();
        const t0 = performance.now();
        const a = await explorer.explore(initial, opts);
        inProcess.push(performance.now() - t0);
        const t1 = performance.now();
        const b = await runIsolated({ source: { spec, cwd: process.cwd(), start: {}, scenarioModules: [] }, flags: {}, explorer, initial, options: opts });
        isolated.push(performance.now() - t1);
        if (a.stats.uniqueStates !== b.stats.uniqueStates || a.stats.transitions !== b.stats.transitions) {
          throw new Error(`isolated and in-process runs differ: ${a.stats.uniqueStates}/${a.stats.transitions} vs ${b.stats.uniqueStates}/${b.stats.transitions}`);
        }
        stats = `${a.stats.uniqueStates} ${a.stats.transitions} ${a.stats.reconcilesExecuted}`;
      }
      const ours = median(isolated);
      const base = median(inProcess);
      console.log(`${n} ${k} ${memoizeReconciles ? "on " : "off"} | ${stats} | ${base.toFixed(0)} | ${ours.toFixed(0)} | ${(ours / base).toFixed(2)}x`);
    }
  }
}
