import type { Engine } from "../bindings/core.ts";
import { scenario } from "../examples/knative-serving/scenario.ts";

/** The target the Knative run must beat on this machine (the original needs minutes). */
const TARGET_MS = 10_000;

interface Measurement {
  engine: Engine;
  memoize: boolean;
  states: number;
  transitions: number;
  reconciles: number;
  replayed: number;
  converged: number;
  maxDepth: number;
  /** The search alone, as the explorer's stats report it. */
  searchMs: number;
  /** explore() end to end, as a user waits for it: search plus path counts and unique effectful paths. */
  totalMs: number;
  complete: boolean;
}

async function measure(engine: Engine, memoize: boolean): Promise<Measurement> {
  const { builder, initial, options } = scenario.build();
  const explorer = builder.build();
  const t0 = performance.now();
  const r = await explorer.explore(initial, { ...options, engine, memoizeReconciles: memoize, timeoutMs: 120_000 });
  const totalMs = performance.now() - t0;
  return {
    engine,
    memoize,
    states: r.stats.uniqueStates,
    transitions: r.stats.transitions,
    reconciles: r.stats.reconcilesExecuted,
    replayed: r.stats.reconcilesReplayed,
    converged: r.convergedStates.length,
    maxDepth: r.stats.maxDepth,
    searchMs: r.stats.durationMs,
    totalMs,
    complete: r.complete,
  };
}

function line(m: Measurement): string {
  const perSecond = (m.transitions / m.totalMs) * 1000;
  return (
    `${`${m.engine}${m.memoize ? "" : ", no memo"}`.padEnd(19)} | ${String(m.states).padStart(7)} states  ${String(m.transitions).padStart(8)} transitions  ` +
    `${String(m.reconciles).padStart(6)} reconciles run  ${String(m.replayed).padStart(6)} replayed  ${perSecond.toFixed(0).padStart(6)} transitions/s | ` +
    `search ${(m.searchMs / 1000).toFixed(2)} s, complete ${(m.totalMs / 1000).toFixed(2)} s | ` +
    `${m.converged} converged, depth ${m.maxDepth}${m.complete ? "" : " | INCOMPLETE"}`
  );
}

/**
 * Explores the Knative Serving scenario (scenario 6) to completion with the Wasm engine and with
 * the reference engine, and with the Wasm engine running every reconcile (memoization off), in
 * one run, and prints distinct states, transitions, reconciles run and replayed, transitions per
 * second and time to complete for each, the ratios, and whether the run beat the 10 s target.
 * The Wasm engine runs first, so module loading and JIT warm-up count against it, not in its favour.
 */
export async function run(): Promise<void> {
  console.log("knative: scenario 6 (Service default/demo to Ready), explored to completion: Wasm engine vs reference engine, memoized vs every reconcile run");
  const results: Measurement[] = [];
  for (const [engine, memoize] of [
    ["wasm", true],
    ["reference", true],
    ["wasm", false],
  ] as const) {
    const m = await measure(engine, memoize);
    results.push(m);
    console.log(line(m));
  }
  const [wasm, reference, unmemoized] = results as [Measurement, Measurement, Measurement];
  for (const other of [reference, unmemoized]) {
    if (wasm.states !== other.states || wasm.transitions !== other.transitions || wasm.converged !== other.converged) {
      console.log(`RUNS DISAGREE: wasm ${wasm.states}/${wasm.transitions}/${wasm.converged}, ${other.engine}${other.memoize ? "" : " no memo"} ${other.states}/${other.transitions}/${other.converged}`);
    }
  }
  console.log(`ratio every-reconcile-run/memoized (wasm): ${(unmemoized.totalMs / wasm.totalMs).toFixed(2)}x end to end`);
  console.log(
    `ratio reference/wasm: ${(reference.totalMs / wasm.totalMs).toFixed(2)}x end to end, ${(reference.searchMs / wasm.searchMs).toFixed(2)}x search; ` +
      `target < ${TARGET_MS / 1000} s: ${wasm.complete && wasm.totalMs < TARGET_MS ? "met" : "MISSED"} (${(wasm.totalMs / 1000).toFixed(2)} s)`,
  );
}

