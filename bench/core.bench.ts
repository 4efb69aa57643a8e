import { availableParallelism, loadavg } from "node:os";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import type { Core, Engine } from "../bindings/core.ts";
import { dropKeptCoreMemories } from "../bindings/coreMemoryPool.ts";
import { createCore } from "../bindings/createCore.ts";
import { createFingerprintSet } from "../bindings/fingerprintSet.ts";
import { SplitMix64 } from "../bindings/splitMix64.ts";
import { StateContents } from "../bindings/stateContents.ts";
import { SuccessorBatch } from "../bindings/successorBatch.ts";
import type { WasmCore } from "../bindings/wasmCore.ts";

/**
 * The exploration core, Wasm engine against the reference engine in the same run: visited-set
 * inserts, add-successor throughput, whole-graph analyses, and memory per state. Every rate is
 * the median of several repetitions.
 */

const REPS = 5;
const ENGINES: Engine[] = ["wasm", "reference"];

// Garbage from earlier measurements (whole Wasm memories, large reference heaps) would otherwise
// be collected during later ones and slow whichever engine happens to be running; collecting
// before each measurement keeps them apart.
setFlagsFromString("--expose-gc");
const collectGarbage = runInNewContext("gc") as () => void;

/** A rate measured two ways: per wall-clock second, and per CPU second this process used. */
interface Rate {
  wall: number;
  cpu: number;
}

/**
 * Waits until the process is idle. The collector returns from a full collection before its helper
 * threads have finished sweeping the freed heap and handing its pages back to the system; that work
 * (tens of milliseconds after a reference engine's heap) would otherwise run during the next
 * measurement and count against it, since process.cpuUsage() sums every thread of the process.
 */
async function settle(): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const c = process.cpuUsage();
    await new Promise((resolve) => setTimeout(resolve, 10));
    const used = process.cpuUsage(c);
    if (used.user + used.system < 1000) return;
  }
}

/** Times `work`, which returns how many operations it did. */
async function measure(work: () => Promise<number> | number): Promise<Rate> {
  collectGarbage();
  await settle();
  const t = performance.now();
  const c = process.cpuUsage();
  const ops = await work();
  const used = process.cpuUsage(c);
  return { wall: ops / ((performance.now() - t) / 1000), cpu: ops / ((used.user + used.system) / 1e6) };
}

function medianRate(rs: Rate[]): Rate {
  return { wall: median(rs.map((r) => r.wall)), cpu: median(rs.map((r) => r.cpu)) };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

function rate(n: number): string {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)}M/s` : `${(n / 1e3).toFixed(0)}k/s`;
}

function row(what: string, wasm: Rate, ref: Rate, note = ""): void {
  const cells = [rate(wasm.wall), rate(ref.wall), `${(wasm.wall / ref.wall).toFixed(1)}x`, rate(wasm.cpu), rate(ref.cpu), `${(wasm.cpu / ref.cpu).toFixed(1)}x`];
  console.log(`${what.padEnd(48)} ${cells.map((c) => c.padStart(9)).join(" ")}  ${note}`);
}

function randomFingerprints(n: number, seed: bigint): BigUint64Array {
  const rng = new SplitMix64(seed);
  const out = new BigUint64Array(n);
  for (let i = 0; i < n; i++) out[i] = rng.next();
  return out;
}

/** Inserts/s of n new keys, then of the same n keys again, in batches. */
async function visitedInserts(engine: Engine, fps: BigUint64Array, batch: number): Promise<[Rate, Rate]> {
  const set = await createFingerprintSet({ engine, expected: fps.length });
  const pass = (): Promise<Rate> =>
    measure(() => {
      for (let i = 0; i < fps.length; i += batch) set.insertBatch(fps.subarray(i, i + batch));
      return fps.length;
    });
  const fresh = await pass();
  const again = await pass();
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
async function addSuccessorRate(engine: Engine, w: Workload, target: number, batched: boolean, pool: Uint32Array[]): Promise<Rate> {
  const core = await workloadCore(engine, w, target);
  const unpacked = batched ? [] : pool.map(unpack);
  const none = new Uint32Array(0);
  let i = 0;
  const r = await measure(() => {
    while (core.stateCount() < target) {
      const p = core.next();
      if (p < 0) break;
      if (batched) {
        core.addSuccessors(p, pool[i++ & 1023]!);
      } else {
        for (const rec of unpacked[i++ & 1023]!) core.addSuccessor(p, rec.step, rec.changed, rec.pending, none);
      }
    }
    return core.stateCount() - 1;
  });
  core.dispose();
  return r;
}

/**
 * The explorer's calls per expanded state, one call per transition as it makes them today: pop a
 * state, read its depth, pending set and slots (to rebuild its world), then for each of its
 * `branching` successors hand over freshly built arrays — the changed pairs and the pending set
 * after the step — and read the child's depth. Transitions per second, until `target` states.
 */
async function explorerPatternRate(engine: Engine, w: Workload, target: number, pool: Uint32Array[]): Promise<Rate> {
  const core = await workloadCore(engine, w, target);
  const unpacked = pool.map(unpack);
  const none = new Uint32Array(0);
  let i = 0;
  let sink = 0;
  const r = await measure(() => {
    let transitions = 0;
    while (core.stateCount() < target) {
      const p = core.next();
      if (p < 0) break;
      sink += core.depth(p) + core.pending(p).length + core.slots(p).length;
      for (const rec of unpacked[i++ & 1023]!) {
        const { stateId, isNew } = core.addSuccessor(p, rec.step, new Uint32Array(Array.from(rec.changed)), Uint32Array.from(rec.pending), none);
        sink += core.depth(stateId) + (isNew ? 1 : 0);
        transitions++;
      }
    }
    return transitions;
  });
  if (sink < 0) throw new Error("unreachable");
  core.dispose();
  return r;
}

/**
 * The same work through the calls made for that path: the state read at once into a reused
 * holder (`readState`), and its successors either added one at a time without a result object
 * (`addSuccessorPacked`) or gathered in a reused `SuccessorBatch` and added in one call per state.
 */
async function explorerBatchedRate(engine: Engine, w: Workload, target: number, pool: Uint32Array[], batched: boolean): Promise<Rate> {
  const core = await workloadCore(engine, w, target);
  const unpacked = pool.map(unpack);
  const none = new Uint32Array(0);
  const holder = new StateContents();
  const batch = new SuccessorBatch();
  const changed: number[] = [];
  let i = 0;
  let sink = 0;
  const r = await measure(() => {
    let transitions = 0;
    while (core.stateCount() < target) {
      const p = core.next();
      if (p < 0) break;
      core.readState(p, holder);
      sink += holder.depth + holder.pending.length + holder.slots.length;
      const childDepth = holder.depth + 1;
      for (const rec of unpacked[i++ & 1023]!) {
        // As the explorer builds them: plain arrays of what changed and of the pending set after.
        changed.length = 0;
        for (let j = 0; j < rec.changed.length; j++) changed.push(rec.changed[j]!);
        if (batched) {
          batch.add(rec.step, changed, rec.pending, none);
        } else {
          const added = core.addSuccessorPacked(p, rec.step, Uint32Array.from(changed), Uint32Array.from(rec.pending), none);
          sink += (added & 1) === 1 ? childDepth : core.depth(added >>> 1);
        }
        transitions++;
      }
      if (batched) {
        const results = core.addSuccessors(p, batch.words());
        // A new child's depth is its parent's plus one; a known child's may be lower.
        for (let j = 0; j < results.length; j++) sink += (results[j]! & 1) === 1 ? childDepth : core.depth(results[j]! >>> 1);
        batch.clear();
      }
    }
    return transitions;
  });
  if (sink < 0) throw new Error("unreachable");
  core.dispose();
  return r;
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

/** Sections of the table; `CORE_BENCH=add,explorer npm run bench -- core` runs only those named. */
const SECTIONS = ["visited", "add", "explorer", "graph", "memory"] as const;

function wanted(section: (typeof SECTIONS)[number]): boolean {
  const only = process.env.CORE_BENCH;
  if (only === undefined || only === "") return true;
  const names = only.split(",").map((n) => n.trim());
  const unknown = names.filter((n) => !(SECTIONS as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`CORE_BENCH names unknown section ${unknown.join(", ")}; sections: ${SECTIONS.join(", ")}`);
  return names.includes(section);
}

/** Prints the core benchmark tables. */
export async function run(): Promise<void> {
  console.log(`core: Wasm vs reference engine, same run; medians of ${REPS} repetitions unless noted`);
  console.log(`machine: ${availableParallelism()} cores, load average ${loadavg()[0]!.toFixed(1)} at start (rates fall when other work shares the cores)`);
  const heads = ["wasm", "reference", "ratio", "wasm", "reference", "ratio"];
  console.log(`${"".padEnd(48)} ${"per wall-clock second".padEnd(29)} ${"per CPU second used"}`);
  console.log(`${"measure".padEnd(48)} ${heads.map((h) => h.padStart(9)).join(" ")}  target / note`);

  // Visited-set inserts, batched.
  if (wanted("visited")) {
    const n = 1 << 20;
    const batch = 1 << 14;
    const fps = randomFingerprints(n, 42n);
    const results = new Map<Engine, [Rate[], Rate[]]>();
    for (const engine of ENGINES) {
      const fresh: Rate[] = [];
      const again: Rate[] = [];
      for (let r = 0; r < REPS; r++) {
        const [a, b] = await visitedInserts(engine, fps, batch);
        fresh.push(a);
        again.push(b);
      }
      results.set(engine, [fresh, again]);
    }
    const [wf, wd] = results.get("wasm")!;
    const [rf, rd] = results.get("reference")!;
    row(`visited inserts, new keys (1M, batch ${batch})`, medianRate(wf), medianRate(rf), "≥ 10M/s, ≥ 3x");
    row(`visited inserts, duplicate keys`, medianRate(wd), medianRate(rd), "≥ 10M/s, ≥ 3x");
  }

  // Add-successor throughput.
  for (const slots of wanted("add") ? [8, 64, 512] : []) {
    for (const changed of [1, 2, 3]) {
      const w: Workload = { slots, changed, branching: 4 };
      const pool = workloadBatches(w, BigInt(slots * 10 + changed));
      const wasm: Rate[] = [];
      const ref: Rate[] = [];
      const reps = slots === 64 && changed === 2 ? REPS : 3;
      for (let r = 0; r < reps; r++) {
        wasm.push(await addSuccessorRate("wasm", w, 200_000, true, pool));
        ref.push(await addSuccessorRate("reference", w, slots >= 512 ? 10_000 : 40_000, true, pool));
      }
      const target = slots === 64 && changed === 2 ? "≥ 2M/s, ≥ 3x" : "";
      row(`add-successor, ${slots} slots, ${changed} changed, batched`, medianRate(wasm), medianRate(ref), target);
    }
  }
  if (wanted("add")) {
    // Every core above after the first backs itself with the memory the previous one disposed
    // (bindings/coreMemoryPool.ts); this row gives each Wasm core fresh memory, as the first core
    // of a process or one exploration larger than the kept memories gets, page faults included.
    const w: Workload = { slots: 64, changed: 2, branching: 4 };
    const pool = workloadBatches(w, 642n);
    const wasm: Rate[] = [];
    const ref: Rate[] = [];
    for (let r = 0; r < REPS; r++) {
      dropKeptCoreMemories();
      wasm.push(await addSuccessorRate("wasm", w, 200_000, true, pool));
      ref.push(await addSuccessorRate("reference", w, 40_000, true, pool));
    }
    row(`add-successor, 64 slots, 2 changed, fresh memory`, medianRate(wasm), medianRate(ref), "first core of a process");
  }
  if (wanted("add")) {
    const w: Workload = { slots: 64, changed: 2, branching: 4 };
    const pool = workloadBatches(w, 642n);
    const wasm: Rate[] = [];
    const ref: Rate[] = [];
    for (let r = 0; r < 3; r++) {
      wasm.push(await addSuccessorRate("wasm", w, 200_000, false, pool));
      ref.push(await addSuccessorRate("reference", w, 40_000, false, pool));
    }
    row(`add-successor, 64 slots, 2 changed, one call each`, medianRate(wasm), medianRate(ref));
  }

  // The explorer's per-state and per-transition calls: what crossing the boundary costs.
  if (wanted("explorer")) {
    const w: Workload = { slots: 64, changed: 2, branching: 4 };
    const pool = workloadBatches(w, 643n);
    const wasm: Rate[] = [];
    const ref: Rate[] = [];
    for (let r = 0; r < REPS; r++) {
      wasm.push(await explorerPatternRate("wasm", w, 100_000, pool));
      ref.push(await explorerPatternRate("reference", w, 100_000, pool));
    }
    row(`explorer calls, one at a time (transitions)`, medianRate(wasm), medianRate(ref), "≥ 1x");
    for (const batched of [false, true]) {
      const wasmB: Rate[] = [];
      const refB: Rate[] = [];
      for (let r = 0; r < REPS; r++) {
        wasmB.push(await explorerBatchedRate("wasm", w, 100_000, pool, batched));
        refB.push(await explorerBatchedRate("reference", w, 100_000, pool, batched));
      }
      row(`explorer calls, readState + ${batched ? "SuccessorBatch" : "addSuccessorPacked"}`, medianRate(wasmB), medianRate(refB), "≥ 1x");
    }
  }

  // Whole-graph analyses over about a million edges.
  if (wanted("graph")) {
    const edges = 1 << 20;
    const cores = new Map<Engine, Core>();
    for (const engine of ENGINES) cores.set(engine, await graphCore(engine, edges));
    const w = cores.get("wasm")!;
    const r = cores.get("reference")!;
    if (w.edgeCount() !== r.edgeCount() || w.stateCount() !== r.stateCount()) throw new Error("the two graphs differ");
    const e = w.edgeCount();
    // The first call also builds the adjacency index; later calls reuse it while the graph is unchanged.
    const reps = async (f: () => unknown): Promise<Rate[]> => {
      const out: Rate[] = [];
      for (let i = 0; i < REPS; i++) {
        out.push(
          await measure(() => {
            f();
            return e;
          }),
        );
      }
      return out;
    };
    const [ws, rs, wp, rp] = [await reps(() => w.components()), await reps(() => r.components()), await reps(() => w.pathCounts()), await reps(() => r.pathCounts())].map(medianRate);
    const comps = w.components().count;
    row(`components, ${w.stateCount()} states ${e} edges`, ws!, rs!, `edges/s; ${((e / ws!.wall) * 1000).toFixed(0)} vs ${((e / rs!.wall) * 1000).toFixed(0)} ms, ${comps} components`);
    row(`path counts (components included), same graph`, wp!, rp!, `edges/s; ${((e / wp!.wall) * 1000).toFixed(0)} vs ${((e / rp!.wall) * 1000).toFixed(0)} ms`);
    for (const c of cores.values()) c.dispose();
  }

  // Memory per state and edge (Wasm), 64 slots with 2 changed per successor.
  for (const target of wanted("memory") ? [1_000_000, 10_000_000] : []) {
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
  console.log(`load average ${loadavg()[0]!.toFixed(1)} at end`);
}
