import { availableParallelism, loadavg } from "node:os";
import type { Core, Engine } from "../bindings/core.ts";
import { createCore } from "../bindings/createCore.ts";
import { createFingerprintSet } from "../bindings/fingerprintSet.ts";
import { SplitMix64 } from "../bindings/splitMix64.ts";
import type { WasmCore } from "../bindings/wasmCore.ts";

/**
 * The exploration core, Wasm engine against the reference engine in the same run: visited-set
 * inserts, add-successor throughput, whole-graph analyses, and memory per state. Every rate is
 * the median of several repetitions.
 */

const REPS = 5;
const ENGINES: Engine[] = ["wasm", "reference"];

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M/s` : `${(n / 1e3).toFixed(0)}k/s`;
}

function row(what: string, wasm: number, ref: number, target = ""): void {
  console.log(`${what.padEnd(44)} ${rate(wasm).padStart(10)} ${rate(ref).padStart(10)} ${`${(wasm / ref).toFixed(1)}x`.padStart(7)}  ${target}`);
}

function randomFingerprints(n: number, seed: bigint): BigUint64Array {
  const rng = new SplitMix64(seed);
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next();
  return out;
}

/** Inserts/s of n new keys, then of the same n keys again, in batches. */
async function visitedInserts(engine: Engine, fps: BigUint64Array, batch: number): Promise<[number, number]> {
  const set = await createFingerprintSet({ engine, expected: fps.length });
  const pass = (): number => {
    const t = performance.now();
    for (let i = 0; i < fps.length; i += batch) set.insertBatch(fps.subarray(i, i + batch));
    return fps.length / ((performance.now() - t) / 1000);
  };
  const fresh = pass();
  const again = pass();
  if (set.size() !== fps.length) throw new Error(`${engine} set holds ${set.size()} of ${fps.length} fingerprints`);
  set.dispose();
  return [fresh, again];
}

interface Workload {
  slots: number;
  changed: number;
  /** Successors per expanded state. */
  branching: number;
}

const VERSIONS = 4096;
const REQUESTS = 4;

/** A core with the workload's ids registered and its initial state added. */
async function workloadCore(engine: Engine, w: Workload, expectedStates: number): Promise<Core> {
  const core = await createCore({ engine, frontier: "dfs", expectedStates });
  const rng = new SplitMix64(1n);
  for (let k = 0; k < w.slots; k++) core.registerKey(k, rng.next());
  for (let v = 1; v <= VERSIONS; v++) core.registerVersion(v, rng.next());
  for (let r = 0; r < REQUESTS; r++) core.registerRequest(r, rng.next());
  const slots = new Uint32Array(2 * w.slots);
  for (let k = 0; k < w.slots; k++) {
    slots[2 * k] = k;
    slots[2 * k + 1] = 1 + (k % VERSIONS);
  }
  core.addInitial(slots, new Uint32Array([0, 1]), new Uint32Array(0));
  return core;
}

/** 1024 pre-built batches of `branching` records: random keys to random versions, random pending. */
function workloadBatches(w: Workload, seed: bigint): Uint32Array[] {
  const rng = new SplitMix64(seed);
  const pool: Uint32Array[] = [];
  for (let b = 0; b < 1024; b++) {
    const words: number[] = [];
    for (let r = 0; r < w.branching; r++) {
      const keys = new Set<number>();
      while (keys.size < w.changed) keys.add(rng.below(w.slots));
      words.push(b * w.branching + r, w.changed);
      for (const k of keys) words.push(k, 1 + rng.below(VERSIONS));
      const pending = [0, 1, 2, 3].filter(() => rng.below(2) === 1);
      words.push(pending.length, ...pending, 0, 0);
    }
    pool.push(Uint32Array.from(words));
  }
  return pool;
}

/** Splits a batch into its records' arguments, for the one-call-per-successor form. */
function unpack(batch: Uint32Array): { step: number; changed: Uint32Array; pending: Uint32Array }[] {
  const out = [];
  for (let i = 0; i < batch.length; ) {
    const step = batch[i]!;
    const nc = batch[i + 1]!;
    const changed = batch.slice(i + 2, i + 2 + 2 * nc);
    i += 2 + 2 * nc;
    const np = batch[i]!;
    const pending = batch.slice(i + 1, i + 1 + np);
    i += 1 + np + 2;
    out.push({ step, changed, pending });
  }
  return out;
}

/** New states/s expanding depth-first until `target` states, batched or one call per successor. */
async function addSuccessorRate(engine: Engine, w: Workload, target: number, batched: boolean, pool: Uint32Array[]): Promise<number> {
  const core = await workloadCore(engine, w, target);
  const unpacked = batched ? [] : pool.map(unpack);
  const none = new Uint32Array(0);
  let i = 0;
  const t = performance.now();
  while (core.stateCount() < target) {
    const p = core.next();
    if (p < 0) break;
    if (batched) {
      core.addSuccessors(p, pool[i++ & 1023]!);
    } else {
      for (const r of unpacked[i++ & 1023]!) core.addSuccessor(p, r.step, r.changed, r.pending, none);
    }
  }
  const states = core.stateCount();
  const perSec = (states - 1) / ((performance.now() - t) / 1000);
  core.dispose();
  return perSec;
}

/** A graph of about `edges` edges: a tree edge to a new state plus three to random known states. */
async function graphCore(engine: Engine, edges: number): Promise<Core> {
  const states = edges >> 2;
  const core = await createCore({ engine, frontier: "bfs", expectedStates: states });
  const rng = new SplitMix64(3n);
  core.registerKey(0, rng.next());
  for (let v = 1; v <= states; v++) core.registerVersion(v, rng.next());
  core.addInitial(new Uint32Array([0, 1]), new Uint32Array(0), new Uint32Array(0));
  const batch = new Uint32Array(4 * 7);
  for (let s = 0; s < states && core.edgeCount() < edges; s++) {
    const count = core.stateCount();
    for (let r = 0; r < 4; r++) {
      // Record r: step, 1 change (key 0 → version), no pending, no cursors, priority 0.
      // The first record makes a new state (while there is room); the others go to known states:
      // mostly forward (not yet expanded), one in ten back to a recent state, closing a small cycle.
      let target: number;
      if (r === 0 && count < states) target = count;
      else if (rng.below(10) > 0 && count > s + 1) target = s + 1 + rng.below(count - s - 1);
      else target = s - rng.below(Math.min(s + 1, 16));
      batch.set([s * 4 + r, 1, 0, target + 1, 0, 0, 0], r * 7);
    }
    core.addSuccessors(s, batch);
  }
  return core;
}

function timeMs(f: () => unknown): number {
  const t = performance.now();
  f();
  return performance.now() - t;
}

/** Prints the core benchmark tables. */
export async function run(): Promise<void> {
  console.log(`core: Wasm vs reference engine, same run; medians of ${REPS} repetitions unless noted`);
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at start (rates fall when other work shares the cores)`);
  console.log(`${"measure".padEnd(44)} ${"wasm".padStart(10)} ${"reference".padStart(10)} ${"ratio".padStart(7)}  target`);

  // Visited-set inserts, batched.
  {
    const n = 1 << 20;
    const batch = 1 << 14;
    const fps = randomFingerprints(n, 42n);
    const results = new Map<Engine, [number[], number[]]>();
    for (const engine of ENGINES) {
      const fresh: number[] = [];
      const again: number[] = [];
      for (let r = 0; r < REPS; r++) {
        const [a, b] = await visitedInserts(engine, fps, batch);
        fresh.push(a);
        again.push(b);
      }
      results.set(engine, [fresh, again]);
    }
    const [wf, wd] = results.get("wasm")!;
    const [rf, rd] = results.get("reference")!;
    row(`visited inserts, new keys (1M, batch ${batch})`, median(wf), median(rf), "≥ 10M/s, ≥ 3x");
    row(`visited inserts, duplicate keys`, median(wd), median(rd), "≥ 10M/s, ≥ 3x");
  }

  // Add-successor throughput.
  for (const slots of [8, 64, 512]) {
    for (const changed of [1, 2, 3]) {
      const w: Workload = { slots, changed, branching: 4 };
      const pool = workloadBatches(w, BigInt(slots * 10 + changed));
      const wasm: number[] = [];
      const ref: number[] = [];
      const reps = slots === 64 && changed === 2 ? REPS : 3;
      for (let r = 0; r < reps; r++) {
        wasm.push(await addSuccessorRate("wasm", w, 200_000, true, pool));
        ref.push(await addSuccessorRate("reference", w, slots >= 512 ? 10_000 : 40_000, true, pool));
      }
      const target = slots === 64 && changed === 2 ? "≥ 2M/s, ≥ 3x" : "";
      row(`add-successor, ${slots} slots, ${changed} changed, batched`, median(wasm), median(ref), target);
    }
  }
  {
    const w: Workload = { slots: 64, changed: 2, branching: 4 };
    const pool = workloadBatches(w, 642n);
    const wasm: number[] = [];
    const ref: number[] = [];
    for (let r = 0; r < 3; r++) {
      wasm.push(await addSuccessorRate("wasm", w, 200_000, false, pool));
      ref.push(await addSuccessorRate("reference", w, 40_000, false, pool));
    }
    row(`add-successor, 64 slots, 2 changed, one call each`, median(wasm), median(ref));
  }

  // Whole-graph analyses over about a million edges.
  {
    const edges = 1 << 20;
    const cores = new Map<Engine, Core>();
    for (const engine of ENGINES) cores.set(engine, await graphCore(engine, edges));
    const w = cores.get("wasm")!;
    const r = cores.get("reference")!;
    if (w.edgeCount() !== r.edgeCount() || w.stateCount() !== r.stateCount()) throw new Error("the two graphs differ");
    const scc = (c: Core): number[] => Array.from({ length: 3 }, () => timeMs(() => c.components()));
    const paths = (c: Core): number[] => Array.from({ length: 3 }, () => timeMs(() => c.pathCounts()));
    const e = w.edgeCount();
    const [ws, rs, wp, rp] = [scc(w), scc(r), paths(w), paths(r)].map(median);
    const comps = w.components().count;
    row(`components (Tarjan), ${w.stateCount()} states ${e} edges`, e / (ws! / 1000), e / (rs! / 1000), `edges/s; ${ws!.toFixed(0)} vs ${rs!.toFixed(0)} ms, ${comps} components`);
    row(`path counts, same graph`, e / (wp! / 1000), e / (rp! / 1000), `edges/s; ${wp!.toFixed(0)} vs ${rp!.toFixed(0)} ms`);
    for (const c of cores.values()) c.dispose();
  }

  // Memory per state and edge (Wasm), 64 slots with 2 changed per successor.
  for (const target of [1_000_000, 10_000_000]) {
    const w: Workload = { slots: 64, changed: 2, branching: 4 };
    const core = (await workloadCore("wasm", w, target)) as WasmCore;
    const pool = workloadBatches(w, 7n);
    let i = 0;
    const t = performance.now();
    while (core.stateCount() < target) core.addSuccessors(core.next(), pool[i++ & 1023]!);
    const secs = (performance.now() - t) / 1000;
    const n = core.stateCount();
    const e = core.edgeCount();
    const d = core.storageDetail();
    const fixed = 26;
    const perState = fixed + d.visitedTableBytes / n + d.recordBytes / n;
    console.log(
      `memory at ${(n / 1e6).toFixed(1)}M states, ${(e / 1e6).toFixed(1)}M edges (64 slots, 2 changed, ${rate(n / secs)}): ` +
        `${perState.toFixed(1)} B/state (visited table ${(d.visitedTableBytes / n).toFixed(1)}, records ${(d.recordBytes / n).toFixed(1)}, columns ${fixed}) ` +
        `+ 12 B/edge; held ${(core.memoryBytes() / 2 ** 20).toFixed(0)} MiB in 64 KiB pages ` +
        `(${(core.memoryBytes() / n).toFixed(1)} B/state all in)   target ≤ 48 B/state + ≤ 12 B/edge, 10M states in 2 GiB`,
    );
    core.dispose();
  }
}
