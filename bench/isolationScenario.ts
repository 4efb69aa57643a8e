import type { Scenario } from "../src/index.ts";
import { syntheticScenario } from "./syntheticScenario.ts";

/**
 * The synthetic scenario as a module the isolation benchmark's worker thread can load: its size
 * comes from `KAMERA_BENCH_N` and `KAMERA_BENCH_K` (a worker starts with the process's environment).
 */
export const scenario: Scenario = {
  name: "synthetic",
  description: "N counters x K steps + 1 watcher (benchmark)",
  build() {
    return syntheticScenario(Number(process.env.KAMERA_BENCH_N ?? 4), Number(process.env.KAMERA_BENCH_K ?? 3));
  },
};
export default scenario;
