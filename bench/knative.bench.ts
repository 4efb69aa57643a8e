import type { Engine } from "../bindings/core.ts";
import { scenario } from "../examples/knative-serving/scenario.ts";

/** The target the Knative run must beat on this machine (the original needs minutes). */
const TARGET_MS = 10_000;

interface Measurement {
  engine: Engine;
  states: number;
  transitions: number;
  reconciles: number;
  converged: number;
  maxDepth: number;
  /** The search alone, as the explorer's stats report it. */
  searchMs: number;
  /** explore() end to end, as a user waits for it: search plus path counts and unique effectful paths. */
  totalMs: number;
  complete: boolean;
}

async function measure(engine: Engine): Promise<Measurement> {
  const { builder, initial, options } = scenario.build();
  const explorer = builder.build();
  const t0 = performance.now();
  const r = await explorer.explore(initial, { ...options, engine, timeoutMs: 120_000 });
  const totalMs = performance.now() - t0;
  return {
    engine,
    states: r.stats.uniqueStates,
    transitions: r.stats.transitions,
    reconciles: r.stats.reconcilesExecuted,
    converged: r.convergedStates.length,
    maxDepth: r.stats.maxDepth,
    searchMs: r.stats.durationMs,
    totalMs,
    complete: r.complete,
  };
}

function line(m: Measurement): string {
  const perSecond = (m.reconciles / m.totalMs) * 1000;
  return (
    `${m.engine.padEnd(9)} | ${String(m.states).padStart(7)} states  ${String(m.transitions).padStart(8)} transitions  ` +
    `${String(m.reconciles).padStart(8)} reconciles  ${perSecond.toFixed(0).padStart(6)} reconciles/s | ` +
    `search ${(m.searchMs / 1000).toFixed(2)} s, complete ${(m.totalMs / 1000).toFixed(2)} s | ` +
    `${m.converged} converged, depth ${m.maxDepth}${m.complete ? "" : " | INCOMPLETE"}`
  );
}

/**
 * Explores the Knative Serving scenario (scenario 6) to completion with the Wasm engine and with
 * the reference engine, in one run, and prints distinct states, transitions, reconciles per
 * second and time to complete for each, their ratio, and whether the run beat the 10 s target.
 * The Wasm engine runs first, so module loading and JIT warm-up count against it, not in its favour.
 */
export async function run(): Promise<void> {
  console.log("knative: scenario 6 (Service default/demo to Ready), explored to completion, Wasm engine vs reference engine");
  const results: Measurement[] = [];
  for (const engine of ["wasm", "reference"] as const) {
    const m = await measure(engine);
    results.push(m);
    console.log(line(m));
  }
  const [wasm, reference] = results as [Measurement, Measurement];
  if (wasm.states !== reference.states || wasm.transitions !== reference.transitions || wasm.converged !== reference.converged) {
    console.log(`ENGINES DISAGREE: wasm ${wasm.states}/${wasm.transitions}/${wasm.converged}, reference ${reference.states}/${reference.transitions}/${reference.converged}`);
  }
  console.log(
    `ratio reference/wasm: ${(reference.totalMs / wasm.totalMs).toFixed(2)}x end to end, ${(reference.searchMs / wasm.searchMs).toFixed(2)}x search; ` +
      `target < ${TARGET_MS / 1000} s: ${wasm.complete && wasm.totalMs < TARGET_MS ? "met" : "MISSED"} (${(wasm.totalMs / 1000).toFixed(2)} s)`,
  );
}

